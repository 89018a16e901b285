// How Parser.parseMessage stores header values (shared with deferred-request-message.js, which
// must store them the same way). Internal: not exported from the package.
import { headerize } from "./utils.js";

// Headers SIP.js keeps one value of (the last one seen, set with setHeader), parses while parsing
// the message, and without which value it drops the message.
export const SINGLE_PARSED = new Set(["From", "To", "Call-ID", "Content-Length", "Content-Type", "CSeq", "Max-Forwards", "Refer-To"]);
// Headers with one entry per value, each parsed while parsing the message (and the message dropped
// if one does not parse). SIP.js keeps only the last challenge; all are kept here, in order, so that
// a server offering several (RFC 8760: SHA-256 first, then MD5) is fully seen: the first one is what
// getHeader/parseHeader return.
export const MULTI_PARSED = new Set(["Contact", "Record-Route", "WWW-Authenticate", "Proxy-Authenticate"]);

// Header names as the core spells them → as SIP.js's headerize spells them (the same, but the
// contract is headerize's). Bounded: names come from the network.
const headerNames = new Map();

export function headerName(name) {
  let spelled = headerNames.get(name);
  if (spelled === undefined) {
    spelled = headerize(name);
    if (headerNames.size < 1000) {
      headerNames.set(name, spelled);
    }
  }
  return spelled;
}
