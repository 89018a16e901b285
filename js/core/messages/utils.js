// Message utilities (internal to the package, at the path SIP.js has them: core/messages/utils.js).
import { headerizeName } from "../../grammar/helpers.js";

// Reason phrases of the IANA SIP response code registry.
const REASON_PHRASES = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  199: "Early Dialog Terminated",
  200: "OK",
  202: "Accepted",
  204: "No Notification",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  305: "Use Proxy",
  380: "Alternative Service",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  410: "Gone",
  412: "Conditional Request Failed",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  417: "Unknown Resource-Priority",
  420: "Bad Extension",
  421: "Extension Required",
  422: "Session Interval Too Small",
  423: "Interval Too Brief",
  428: "Use Identity Header",
  429: "Provide Referrer Identity",
  430: "Flow Failed",
  433: "Anonymity Disallowed",
  436: "Bad Identity-Info",
  437: "Unsupported Certificate",
  438: "Invalid Identity Header",
  439: "First Hop Lacks Outbound Support",
  440: "Max-Breadth Exceeded",
  469: "Bad Info Package",
  470: "Consent Needed",
  478: "Unresolvable Destination",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  484: "Address Incomplete",
  485: "Ambiguous",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  489: "Bad Event",
  491: "Request Pending",
  493: "Undecipherable",
  494: "Security Agreement Required",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  580: "Precondition Failure",
  600: "Busy Everywhere",
  603: "Decline",
  604: "Does Not Exist Anywhere",
  606: "Not Acceptable"
};

/**
 * A random token of `size` characters in base `base` (default 32).
 * @internal
 */
export function createRandomToken(size, base = 32) {
  let token = "";
  for (let i = 0; i < size; i++) {
    token += Math.floor(Math.random() * base).toString(base);
  }
  return token;
}

/**
 * The reason phrase of a status code, "" when unknown.
 * @internal
 */
export function getReasonPhrase(code) {
  return REASON_PHRASES[code] || "";
}

/**
 * A new tag (From/To) of 10 random characters.
 * @internal
 */
export function newTag() {
  return createRandomToken(10);
}

/**
 * Spells a header name as SIP.js does: "call-id" → "Call-ID", "www-authenticate" →
 * "WWW-Authenticate", "x_custom_header" → "X-Custom-Header".
 * @internal
 */
export function headerize(str) {
  return headerizeName(str);
}

/**
 * Length of `str` in UTF-8 bytes (a lone surrogate counts as the 3 bytes of U+FFFD).
 * @internal
 */
export function utf8Length(str) {
  const text = String(str);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      length += 1;
    } else if (unit < 0x800) {
      length += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    } else {
      length += 3;
    }
  }
  return length;
}

/**
 * Older SIP.js name of utf8Length (Utils.str_utf8_length).
 * @internal
 */
export const str_utf8_length = utf8Length;
