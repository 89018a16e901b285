// Parser.parseMessage: the C++ core parses a whole message once (bindings/README.md, "Message
// JSON"); this file builds SIP.js's IncomingRequestMessage / IncomingResponseMessage from it.
import { hasOwn, setOwn } from "../../grammar/helpers.js";
import { revive, unwrapListEntry } from "../../grammar/revive.js";
import { wasm } from "../../wasm/loader.js";
import { IncomingRequestMessage } from "./incoming-request-message.js";
import { IncomingResponseMessage } from "./incoming-response-message.js";
import { headerize } from "./utils.js";

// Headers SIP.js keeps one value of (the last one seen, set with setHeader), parses while parsing
// the message, and without which value it drops the message.
const SINGLE_PARSED = new Set(["From", "To", "Call-ID", "Content-Length", "Content-Type", "CSeq", "Max-Forwards", "Refer-To"]);
// Headers with one entry per value, each parsed while parsing the message (and the message dropped
// if one does not parse). SIP.js keeps only the last challenge; all are kept here, in order, so that
// a server offering several (RFC 8760: SHA-256 first, then MD5) is fully seen: the first one is what
// getHeader/parseHeader return.
const MULTI_PARSED = new Set(["Contact", "Record-Route", "WWW-Authenticate", "Proxy-Authenticate"]);

const noLogger = { warn() {}, error() {} };

function warn(logger, text) {
  try {
    const target = logger && typeof logger.warn === "function" ? logger : noLogger;
    target.warn(text);
  } catch (e) {
    // A throwing logger must not turn a dropped message into an exception.
  }
}

function fail(reason) {
  return { error: reason };
}

function build(json, data) {
  if (!json || typeof json !== "object") {
    return fail("invalid answer from the parser");
  }
  if (typeof json.error === "string") {
    return fail(json.error);
  }
  let message;
  if (json.type === "request") {
    message = new IncomingRequestMessage();
    message.method = json.method;
    message.ruri = revive(json.ruri);
  } else if (json.type === "response") {
    message = new IncomingResponseMessage();
    message.statusCode = json.statusCode;
    message.reasonPhrase = json.reasonPhrase;
  } else {
    return fail("invalid answer from the parser");
  }
  message.data = data;

  let viaSeen = false;
  for (const entry of Array.isArray(json.headers) ? json.headers : []) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "string") {
      return fail("invalid answer from the parser");
    }
    const name = headerize(entry[0]);
    const raw = entry[1];
    const parsed = entry[2] === null || entry[2] === undefined ? undefined : unwrapListEntry(revive(entry[2]));

    // SIP.js drops a message whose value of one of these headers does not parse. "Contact: *"
    // (RFC 3261 10.2.2) is valid SIP, which SIP.js's grammar does not know: kept, unparsed.
    const required = SINGLE_PARSED.has(name) || (MULTI_PARSED.has(name) && raw.trim() !== "*") || (name === "Via" && !viaSeen);
    if (required && parsed === undefined) {
      return fail("error parsing header '" + entry[0] + "'");
    }

    // As message.setHeader (single) / message.addHeader (the others) would store it. A value
    // without `parsed` is parsed when read (IncomingMessage.parseHeader).
    const header = parsed === undefined ? { raw } : { raw, parsed };
    if (SINGLE_PARSED.has(name) || !hasOwn(message.headers, name)) {
      setOwn(message.headers, name, [header]);
    } else {
      message.headers[name].push(header);
    }

    switch (name) {
      case "Via":
        if (!viaSeen) {
          viaSeen = true;
          message.via = parsed;
          message.viaBranch = parsed.branch;
        }
        break;
      case "From":
        message.from = parsed;
        message.fromTag = parsed.getParam("tag");
        break;
      case "To":
        message.to = parsed;
        message.toTag = parsed.getParam("tag");
        break;
      case "Call-ID":
        message.callId = raw;
        break;
      case "CSeq":
        message.cseq = parsed.value;
        if (message instanceof IncomingResponseMessage) {
          message.method = parsed.method;
        }
        break;
      case "Refer-To":
        message.referTo = parsed;
        break;
      default:
        break;
    }
  }
  message.body = typeof json.body === "string" ? json.body : "";
  return message;
}

/**
 * Extract and parse every header of a SIP message.
 * @public
 */
export const Parser = {
  /**
   * Parses a SIP message received from the transport.
   * @param data - the message
   * @param logger - where the reason is logged (warn) when the message is dropped
   * @returns the message, or undefined when `data` is not a valid SIP message. Never throws.
   */
  parseMessage(data, logger) {
    if (typeof data !== "string") {
      warn(logger, "invalid SIP message: expected a string, got " + (data === null ? "null" : typeof data) + ", discarded");
      return undefined;
    }
    let result;
    try {
      result = build(JSON.parse(wasm.parseMessage(data)), data);
    } catch (e) {
      result = fail("internal error while parsing the message: " + (e && e.message ? e.message : String(e)));
    }
    if (result instanceof IncomingRequestMessage || result instanceof IncomingResponseMessage) {
      return result;
    }
    warn(logger, "invalid SIP message, discarded: " + result.error);
    return undefined;
  }
};
