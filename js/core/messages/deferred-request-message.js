// An incoming request built from the text the C++ core serialized (sip::serialize: the request line,
// then one "Name: value" line per header entry with the name canonical and the value as parsed,
// folding kept, a blank line, the body). Its headers, method, body and data are read from that text
// at once; what needs the grammar (ruri, from, to, via, cseq, referTo and the tags) is filled in by
// the full parser (Parser.parseMessage) the first time one of them, or any parsed header value, is
// read. Why: an application's onInvite often reads a header or two and nothing else, and the full
// parse (the C++ parser again, its JSON, the URI objects) was ~4% of a complete call
// (bench/calls.mjs). Once resolved the message is an IncomingRequestMessage like any other: the
// fields are own data properties, the header values carry `parsed`.
import { hasOwn, setOwn } from "../../grammar/helpers.js";
import { IncomingRequestMessage } from "./incoming-request-message.js";
import { SINGLE_PARSED, headerName } from "./header-rules.js";
import { Parser } from "./parser.js";

// What Parser.parseMessage sets on a request besides headers, method, data and body.
const PARSED_FIELDS = ["ruri", "via", "viaBranch", "from", "fromTag", "to", "toTag", "callId", "cseq", "referTo"];

// message -> its logger while its parsed fields are not filled in yet.
const unresolved = new WeakMap();

function defineField(message, field, value) {
  Object.defineProperty(message, field, { value, writable: true, enumerable: true, configurable: true });
}

// Fills in the parsed fields from the full parse of the message's text. A request the full parser
// refuses (the core accepted it, so only a header SIP.js parses and the core does not check, such as
// a bad Refer-To, can do that) keeps its headers and leaves the fields undefined.
function resolve(message) {
  if (!unresolved.has(message)) return;
  const logger = unresolved.get(message);
  unresolved.delete(message);
  const full = Parser.parseMessage(message.data, logger);
  for (const field of PARSED_FIELDS) {
    if (!hasOwn(message, field)) defineField(message, field, full ? full[field] : undefined);
  }
  if (!full) return;
  // The parsed values join the header entries they belong to (the same objects as from/to/...),
  // unless the application changed those entries meanwhile.
  for (const name of Object.keys(full.headers)) {
    const mine = hasOwn(message.headers, name) ? message.headers[name] : undefined;
    const theirs = full.headers[name];
    if (!mine) continue;
    for (let i = 0; i < mine.length && i < theirs.length; i++) {
      if (mine[i].parsed === undefined && theirs[i].parsed !== undefined && mine[i].raw === theirs[i].raw) {
        mine[i].parsed = theirs[i].parsed;
      }
    }
  }
}

class DeferredIncomingRequestMessage extends IncomingRequestMessage {
  parseHeader(name, idx = 0) {
    resolve(this);
    return super.parseHeader(name, idx);
  }
}

// Each parsed field reads (or, assigned first, replaces) the resolved value; resolving makes it an
// own data property, which hides these accessors from then on.
for (const field of PARSED_FIELDS) {
  Object.defineProperty(DeferredIncomingRequestMessage.prototype, field, {
    get() {
      resolve(this);
      return hasOwn(this, field) ? this[field] : undefined;
    },
    set(value) {
      resolve(this);
      defineField(this, field, value);
    },
    configurable: true,
    enumerable: false
  });
}

/**
 * The request of `text`, which must be what the core serialized of a request it accepted (an
 * incoming INVITE's text from the bridge); its parsed fields are filled in when first read. Text
 * of any other shape goes through Parser.parseMessage at once.
 * @internal
 */
export function requestFromCoreText(text, logger) {
  const requestLineEnd = text.indexOf("\r\n");
  const headersEnd = text.indexOf("\r\n\r\n");
  const space = text.indexOf(" ");
  if (requestLineEnd < 0 || headersEnd < requestLineEnd || space <= 0 || space > requestLineEnd) {
    return Parser.parseMessage(text, logger);
  }
  const message = new DeferredIncomingRequestMessage();
  const headers = message.headers;
  let at = requestLineEnd + 2;
  while (at < headersEnd + 2) {
    let lineEnd = text.indexOf("\r\n", at);
    // A folded value goes on past a CRLF followed by a space or a tab.
    for (let next = text.charCodeAt(lineEnd + 2); next === 32 || next === 9; next = text.charCodeAt(lineEnd + 2)) {
      lineEnd = text.indexOf("\r\n", lineEnd + 2);
    }
    const colon = text.indexOf(":", at);
    if (colon < 0 || colon > lineEnd) {
      return Parser.parseMessage(text, logger);
    }
    const name = headerName(text.slice(at, colon));
    // "Name: value": the value starts after the colon and one space (none when it is empty).
    const raw = text.slice(Math.min(colon + 2, lineEnd), lineEnd);
    // As Parser.parseMessage stores them: one value kept for the single-valued headers it parses.
    if (SINGLE_PARSED.has(name) || !hasOwn(headers, name)) {
      setOwn(headers, name, [{ raw }]);
    } else {
      headers[name].push({ raw });
    }
    at = lineEnd + 2;
  }
  message.method = text.slice(0, space);
  message.data = text;
  message.body = text.slice(headersEnd + 4);
  unresolved.set(message, logger);
  return message;
}
