// URI: the JavaScript face of a SIP/SIPS (or other absolute) URI. Parsing happens in the C++ core
// (Grammar.parse → wasm.grammarParse); this class holds the result as a plain object with SIP.js's
// surface: a raw form (as written) and a normal form (scheme and host lowercased), parameters and
// headers.
import { hasOwn, headerizeName, setOwn } from "./helpers.js";
import { Parameters } from "./parameters.js";

function checkScheme(scheme) {
  if (typeof scheme !== "string" || scheme === "") {
    throw new TypeError('missing or invalid "scheme" parameter');
  }
}

function checkUser(user) {
  if (user !== undefined && user !== null && typeof user !== "string" && typeof user !== "number") {
    throw new TypeError('invalid "user" parameter (expected a string or undefined)');
  }
}

function checkHost(host) {
  if (!host || typeof host !== "string") {
    throw new TypeError('missing or invalid "host" parameter');
  }
}

function checkPort(port) {
  if (port === undefined || port === null) {
    return;
  }
  const valid =
    (typeof port === "number" && Number.isInteger(port) && port >= 0) ||
    (typeof port === "string" && /^\d+$/.test(port));
  if (!valid) {
    throw new TypeError('invalid "port" parameter (expected a non-negative integer or undefined)');
  }
}

// Percent-escapes a URI user as SIP.js does: decode, then encode all but ':' '+' '?' '/'.
// Where the user holds a malformed escape (SIP.js would throw from toString), the well-formed
// escapes are kept and the rest is encoded, so that toString() never throws.
function escapeUser(user) {
  const text = String(user);
  const encode = (s) =>
    encodeURIComponent(s)
      .replace(/%3A/gi, ":")
      .replace(/%2B/gi, "+")
      .replace(/%3F/gi, "?")
      .replace(/%2F/gi, "/");
  try {
    return encode(decodeURIComponent(text));
  } catch (e) {
    return text.replace(/%[0-9A-Fa-f]{2}|%|[^%]+/g, (chunk) => {
      if (chunk.length === 3 && chunk[0] === "%") {
        return chunk.toUpperCase();
      }
      if (chunk === "%") {
        return "%25";
      }
      return encode(chunk.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
    });
  }
}

/**
 * URI.
 * @public
 */
export class URI extends Parameters {
  /**
   * @param scheme - "sip" when undefined
   * @param user - user part (percent-decoded), or undefined
   * @param host - host (required)
   * @param port - port, or undefined
   * @param parameters - URI parameters
   * @param headers - URI headers, by name, each a value or a list of values
   */
  constructor(scheme = "sip", user, host, port, parameters, headers) {
    checkScheme(scheme);
    checkUser(user);
    checkHost(host);
    checkPort(port);
    if (headers !== undefined && headers !== null && typeof headers !== "object") {
      throw new TypeError('invalid "headers" parameter (expected an object of name → values)');
    }
    super(parameters || {});
    this.headers = {};
    if (headers) {
      for (const name in headers) {
        if (hasOwn(headers, name)) {
          this.setHeader(name, headers[name]);
        }
      }
    }
    this.raw = { scheme, user, host, port };
    this.normal = { scheme: scheme.toLowerCase(), user, host: host.toLowerCase(), port };
  }

  get scheme() {
    return this.normal.scheme;
  }

  set scheme(value) {
    checkScheme(value);
    this.raw.scheme = value;
    this.normal.scheme = value.toLowerCase();
  }

  get user() {
    return this.normal.user;
  }

  set user(value) {
    checkUser(value);
    this.normal.user = this.raw.user = value;
  }

  get host() {
    return this.normal.host;
  }

  set host(value) {
    checkHost(value);
    this.raw.host = value;
    this.normal.host = value.toLowerCase();
  }

  get aor() {
    return this.normal.user + "@" + this.normal.host;
  }

  get port() {
    return this.normal.port;
  }

  set port(value) {
    checkPort(value);
    this.normal.port = this.raw.port = value;
  }

  setHeader(name, value) {
    if (typeof name !== "string" || name === "") {
      throw new TypeError("setHeader: invalid header name " + String(name));
    }
    setOwn(this.headers, this.headerize(name), Array.isArray(value) ? value : [value]);
  }

  getHeader(name) {
    if (!name) {
      return undefined;
    }
    const key = this.headerize(name);
    return hasOwn(this.headers, key) ? this.headers[key] : undefined;
  }

  hasHeader(name) {
    return !!name && hasOwn(this.headers, this.headerize(name));
  }

  deleteHeader(header) {
    if (!header) {
      return undefined;
    }
    const key = this.headerize(header);
    if (!hasOwn(this.headers, key)) {
      return undefined;
    }
    const value = this.headers[key];
    delete this.headers[key];
    return value;
  }

  clearHeaders() {
    this.headers = {};
  }

  clone() {
    const headers = {};
    for (const name of Object.keys(this.headers)) {
      setOwn(headers, name, this.headers[name].slice());
    }
    return new URI(
      this._raw.scheme,
      this._raw.user,
      this._raw.host,
      this._raw.port,
      { ...this.parameters },
      headers
    );
  }

  toRaw() {
    return this._toString(this._raw);
  }

  toString() {
    return this._toString(this._normal);
  }

  get _normal() {
    return this.normal;
  }

  get _raw() {
    return this.raw;
  }

  _toString(uri) {
    let text = uri.scheme + ":";
    // Only sip: and sips: URIs are written without "//".
    if (!/^sips?$/i.test(uri.scheme)) {
      text += "//";
    }
    if (uri.user) {
      text += this.escapeUser(uri.user) + "@";
    }
    text += uri.host;
    if (uri.port || uri.port === 0) {
      text += ":" + uri.port;
    }
    for (const name of Object.keys(this.parameters)) {
      const value = this.parameters[name];
      text += ";" + name + (value !== null && value !== undefined ? "=" + value : "");
    }
    const headers = [];
    for (const name of Object.keys(this.headers)) {
      const values = this.headers[name];
      if (Array.isArray(values)) {
        for (const value of values) {
          headers.push(name + "=" + value);
        }
      }
    }
    if (headers.length > 0) {
      text += "?" + headers.join("&");
    }
    return text;
  }

  escapeUser(user) {
    return escapeUser(user);
  }

  headerize(str) {
    return headerizeName(str);
  }
}

/**
 * Returns true if the URIs are equivalent per RFC 3261 Section 19.1.4 (as far as SIP.js compares
 * them: scheme, user, host, port, the parameters that must match, and the headers).
 * @param a - URI to compare
 * @param b - URI to compare
 * @public
 */
export function equivalentURI(a, b) {
  if (!(a instanceof URI) || !(b instanceof URI)) {
    throw new TypeError("equivalentURI: both arguments must be URI instances");
  }
  // A SIP and a SIPS URI are never equivalent; user is compared case-sensitively, scheme and host
  // are compared in their normal (lowercased) form; a port present in one only never matches.
  if (a.scheme !== b.scheme || a.user !== b.user || a.host !== b.host || a.port !== b.port) {
    return false;
  }
  // Parameters appearing in both must match.
  const keysA = Object.keys(a.parameters);
  const keysB = Object.keys(b.parameters);
  for (const key of keysA) {
    if (keysB.includes(key) && a.parameters[key] !== b.parameters[key]) {
      return false;
    }
  }
  // user, ttl, method, transport and maddr parameters appearing in only one never match;
  // other parameters appearing in only one are ignored.
  for (const key of ["user", "ttl", "method", "transport", "maddr"]) {
    if (a.hasParam(key) !== b.hasParam(key)) {
      return false;
    }
  }
  // Header components are never ignored: the same names, with the same (first) value.
  const headersA = Object.keys(a.headers);
  const headersB = Object.keys(b.headers);
  if (headersA.length !== headersB.length) {
    return false;
  }
  for (const key of headersA) {
    if (!hasOwn(b.headers, key)) {
      return false;
    }
    const valuesA = a.headers[key];
    const valuesB = b.headers[key];
    if (!valuesA.length || !valuesB.length || valuesA[0] !== valuesB[0]) {
      return false;
    }
  }
  return true;
}
