// Turns the JSON text the core answers (bindings/README.md) into the objects SIP.js's grammar
// returns: {"$uri": {...}} becomes a URI, {"$nameAddr": {...}} a NameAddrHeader, and, since JSON
// has no `undefined`, a null member of a plain object becomes undefined (SIP.js's grammar never
// yields null there: a parameter without a value reads undefined, e.g. in Via's `params`).
// Internal to this package.
import { setOwn } from "./helpers.js";
import { NameAddrHeader } from "./name-addr-header.js";
import { URI } from "./uri.js";

const orUndefined = (value) => (value === null ? undefined : value);

function reviveUri(data) {
  // SIP.js keeps the password in the user part ("alice:secret"), percent-decoded.
  let user = orUndefined(data.user);
  if (data.password !== undefined && data.password !== null) {
    user = (user === undefined ? "" : user) + ":" + data.password;
  }
  return new URI(
    data.scheme,
    user,
    data.host,
    orUndefined(data.port),
    data.parameters || undefined,
    data.headers || undefined
  );
}

function reviveNameAddr(data) {
  const uri = revive(data.uri);
  return new NameAddrHeader(uri, orUndefined(data.displayName), data.parameters || undefined);
}

/**
 * Turns the JSON value of a grammar result into SIP.js's objects.
 * @internal
 */
export function revive(value) {
  if (value === null || typeof value !== "object") {
    return orUndefined(value);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      value[i] = revive(value[i]);
    }
    return value;
  }
  if (value.$uri !== undefined) {
    return reviveUri(value.$uri);
  }
  if (value.$nameAddr !== undefined) {
    return reviveNameAddr(value.$nameAddr);
  }
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === null || typeof member === "object") {
      setOwn(value, key, revive(member));
    }
  }
  return value;
}

/**
 * Parses JSON text from the core; -1 for "-1" and for anything that is not valid JSON.
 * @internal
 */
export function reviveJson(text) {
  if (text === "-1") {
    return -1;
  }
  try {
    return revive(JSON.parse(text));
  } catch (e) {
    return -1;
  }
}

