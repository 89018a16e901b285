// Parser.parseMessage: the C++ core parses a whole message once (bindings/README.md, "Message
// JSON"); this file builds SIP.js's IncomingRequestMessage / IncomingResponseMessage from it.
// It runs for every received message: the message crosses into Wasm as UTF-8 bytes written in
// place (TextEncoder.encodeInto) and its JSON comes back the same way (TextDecoder), without
// embind's per-character string marshalling; values are built straight from the JSON.
import { nameAddrFrom, revive, uriFrom } from "../../grammar/revive.js";
import { wasm } from "../../wasm/loader.js";
import { IncomingRequestMessage } from "./incoming-request-message.js";
import { IncomingResponseMessage } from "./incoming-response-message.js";
import { hasOwn, setOwn } from "../../grammar/helpers.js";
import { MULTI_PARSED, SINGLE_PARSED, headerName } from "./header-rules.js";

const noLogger = { warn() {}, error() {} };

function warn(logger, text) {
  try {
    const target = logger && typeof logger.warn === "function" ? logger : noLogger;
    target.warn(text);
  } catch (e) {
    // A throwing logger must not turn a dropped message into an exception.
  }
}

// The packed forms (bindings/README.md, "Packed message JSON"): a URI is [scheme, user, password,
// host, port, {parameters}, {headers}?], a name-addr [displayName, uri, {parameters}].
function uriFromPacked(packed) {
  if (!Array.isArray(packed)) {
    throw new TypeError("invalid URI from the parser");
  }
  return uriFrom(packed[0], packed[1], packed[2], packed[3], packed[4], packed[5], packed[6]);
}

function nameAddrFromPacked(packed) {
  if (!Array.isArray(packed)) {
    throw new TypeError("invalid name-addr from the parser");
  }
  return nameAddrFrom(uriFromPacked(packed[1]), packed[0], packed[2]);
}

// The parsed value of a header as the packed message JSON gives it (null: none), as SIP.js's
// objects.
function reviveHeaderValue(name, value) {
  if (value === null || value === undefined) {
    return undefined;
  }
  switch (name) {
    case "From":
    case "To":
    case "Refer-To":
    case "Contact":
    case "Record-Route":
      return nameAddrFromPacked(value);
    case "Call-ID":
    case "Content-Length":
    case "Content-Type":
    case "Max-Forwards":
      if (typeof value !== "object") {
        return value;  // a string or a number: nothing to revive
      }
      break;
    default:
      break;
  }
  return revive(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The UTF-8 bytes of `data` in the core's input buffer; their length, or -1 when out of memory.
// UTF-8 takes at most 3 bytes per UTF-16 code unit. Past the buffer the core keeps anyway (4 KiB),
// room for one byte per unit is tried first: SIP is mostly ASCII, and the Wasm heap never shrinks.
function writeInput(data) {
  const worst = data.length * 3 + 1;
  let capacity = worst <= 4096 ? worst : data.length + 64;
  for (;;) {
    const input = wasm._sipwasm_input(capacity);
    if (!input) {
      return -1;
    }
    const { read, written } = encoder.encodeInto(data, wasm.HEAPU8.subarray(input, input + capacity));
    if (read === data.length) {
      return written;
    }
    if (capacity === worst) {
      return -1;  // cannot happen: `worst` always fits
    }
    capacity = worst;
  }
}

// The packed message JSON of `data` (bindings/README.md, "Packed message JSON"), without embind:
// the UTF-8 bytes go into the core's input buffer, the JSON comes back from its output buffer
// (bindings/README.md, "Raw exports").
function parseToJson(data) {
  const length = writeInput(data);
  if (length < 0) {
    return '"out of memory"';
  }
  const result = wasm._sipwasm_parse_message(length) >>> 2;
  const heap32 = wasm.HEAPU32;  // read after the call: memory may have grown
  const start = heap32[result];
  return decoder.decode(wasm.HEAPU8.subarray(start, start + heap32[result + 1]));
}

function fail(reason) {
  return { error: reason };
}

// packed: [method, ruri, (name, raw, parsed)*, body] for a request, [statusCode, reasonPhrase,
// (name, raw, parsed)*, body] for a response, or a string: why the message is invalid.
function build(packed, data) {
  if (typeof packed === "string") {
    return fail(packed);
  }
  if (!Array.isArray(packed) || packed.length < 3 || (packed.length - 3) % 3 !== 0) {
    return fail("invalid answer from the parser");
  }
  let message;
  if (typeof packed[0] === "string") {
    message = new IncomingRequestMessage();
    message.method = packed[0];
    message.ruri = uriFromPacked(packed[1]);
  } else if (typeof packed[0] === "number") {
    message = new IncomingResponseMessage();
    message.statusCode = packed[0];
    message.reasonPhrase = packed[1];
  } else {
    return fail("invalid answer from the parser");
  }
  message.data = data;

  const headers = message.headers;
  const end = packed.length - 1;
  let viaSeen = false;
  for (let i = 2; i < end; i += 3) {
    const spelled = packed[i];
    const raw = packed[i + 1];
    if (typeof spelled !== "string" || typeof raw !== "string") {
      return fail("invalid answer from the parser");
    }
    const name = headerName(spelled);
    const parsed = reviveHeaderValue(name, packed[i + 2]);
    const single = SINGLE_PARSED.has(name);

    // SIP.js drops a message whose value of one of these headers does not parse. "Contact: *"
    // (RFC 3261 10.2.2) is valid SIP, which SIP.js's grammar does not know: kept, unparsed.
    if (parsed === undefined && (single || (MULTI_PARSED.has(name) && raw.trim() !== "*") || (name === "Via" && !viaSeen))) {
      return fail("error parsing header '" + spelled + "'");
    }

    // As message.setHeader (single) / message.addHeader (the others) would store it. A value
    // without `parsed` is parsed when read (IncomingMessage.parseHeader).
    const header = parsed === undefined ? { raw } : { raw, parsed };
    if (single || !hasOwn(headers, name)) {
      setOwn(headers, name, [header]);
    } else {
      headers[name].push(header);
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
  message.body = typeof packed[end] === "string" ? packed[end] : "";
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
      result = build(JSON.parse(parseToJson(data)), data);
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
