import { Grammar } from "../../grammar/grammar.js";
import { hasOwn, setOwn } from "../../grammar/helpers.js";
import { headerize } from "./utils.js";

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
    const parsed = Grammar.parse(header.raw, key.replace(/-/g, "_"));
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
    setOwn(this.headers, headerize(name), [{ raw: value }]);
  }

  toString() {
    return this.data;
  }
}
