import { Grammar } from "../../grammar/grammar.js";
import { hasOwn, setOwn } from "../../grammar/helpers.js";
import { reviveHeaderJson } from "../../grammar/revive.js";
import { wasm } from "../../wasm/loader.js";
import { headerize } from "./utils.js";

// Values stored by addHeader / setHeader. Parser.parseMessage stores the others, and leaves
// `parsed` out of the values SIP.js does not parse while parsing a message: those are parsed on
// first read with the value the core's message JSON gives them (any URI scheme), then, failing
// that, as SIP.js parses them (Grammar.parse). Values stored here only take the second way, as
// before the message parser became lazy.
const addedValues = new WeakSet();

// The list of `{ raw, parsed? }` stored under a header name, or undefined.
function valuesOf(message, name) {
  const key = headerize(name);
  return hasOwn(message.headers, key) ? message.headers[key] : undefined;
}

/**
 * Incoming message: the headers of a received message by headerized name, each as a list of
 * `{ raw, parsed? }`, plus what the parser fills in (from, to, callId, cseq, via, body, data, ...).
 * @public
 */
export class IncomingMessage {
  constructor() {
    this.headers = {};
  }

  /**
   * Appends a header value under the given name.
   */
  addHeader(name, value) {
    const key = headerize(name);
    const header = { raw: value };
    addedValues.add(header);
    if (hasOwn(this.headers, key)) {
      this.headers[key].push(header);
    } else {
      setOwn(this.headers, key, [header]);
    }
  }

  /**
   * The (first) raw value of a header, undefined if the header is absent.
   */
  getHeader(name) {
    const values = valuesOf(this, name);
    return values && values[0] ? values[0].raw : undefined;
  }

  /**
   * All the raw values of a header ([] if absent).
   */
  getHeaders(name) {
    const values = valuesOf(this, name);
    return values ? values.map((header) => header.raw) : [];
  }

  hasHeader(name) {
    return valuesOf(this, name) !== undefined;
  }

  /**
   * The parsed value of the header at index `idx`, parsed on first use with the grammar rule of the
   * header's name; undefined if absent or unparsable (an unparsable value is then removed).
   */
  parseHeader(name, idx = 0) {
    const key = headerize(name);
    const values = valuesOf(this, key);
    if (!values || idx >= values.length) {
      return undefined;
    }
    const header = values[idx];
    if (header.parsed) {
      return header.parsed;
    }
    let parsed = -1;
    if (!addedValues.has(header) && typeof header.raw === "string") {
      try {
        parsed = reviveHeaderJson(wasm.parseHeaderValue(key, header.raw));
      } catch (e) {
        parsed = -1;
      }
    }
    if (parsed === -1) {
      parsed = Grammar.parse(header.raw, key.replace(/-/g, "_"));
    }
    if (parsed === -1) {
      values.splice(idx, 1);
      return undefined;
    }
    header.parsed = parsed;
    return parsed;
  }

  /**
   * Alias of parseHeader.
   */
  s(name, idx = 0) {
    return this.parseHeader(name, idx);
  }

  /**
   * Replaces all the values of a header by one.
   */
  setHeader(name, value) {
    const header = { raw: value };
    addedValues.add(header);
    setOwn(this.headers, headerize(name), [header]);
  }

  toString() {
    return this.data;
  }
}
