// Helpers shared by the grammar classes and the core messages. Internal to this package: not
// exported from any index.

/** @internal */
export const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

const HEADER_NAME_EXCEPTIONS = {
  "Call-Id": "Call-ID",
  Cseq: "CSeq",
  "Min-Se": "Min-SE",
  Rack: "RAck",
  Rseq: "RSeq",
  "Www-Authenticate": "WWW-Authenticate"
};

/**
 * Spells a header name the way SIP.js does ("call-id" → "Call-ID", "x_foo" → "X-Foo").
 * @internal
 */
export function headerizeName(name) {
  const spelled = String(name)
    .toLowerCase()
    .replace(/_/g, "-")
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.substring(1))
    .join("-");
  return HEADER_NAME_EXCEPTIONS[spelled] || spelled;
}

/**
 * Stores `value` under `key` as an own data property, even for keys such as "__proto__", so a
 * parameter name taken from the network can never alter an object's prototype.
 * @internal
 */
export function setOwn(object, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

