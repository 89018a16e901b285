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

// headerizeName's answers, by the name asked for.
const headerizedNames = new Map();

/**
 * Spells a header name the way SIP.js does ("call-id" → "Call-ID", "x_foo" → "X-Foo").
 * @internal
 */
export function headerizeName(name) {
  const key = String(name);
  let spelled = headerizedNames.get(key);
  if (spelled !== undefined) return spelled;
  spelled = key
    .toLowerCase()
    .replace(/_/g, "-")
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.substring(1))
    .join("-");
  spelled = HEADER_NAME_EXCEPTIONS[spelled] || spelled;
  // getHeader() and friends spell the same few names over and over (several times per message);
  // bounded, as names also come from the network.
  if (headerizedNames.size < 1000) headerizedNames.set(key, spelled);
  return spelled;
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

