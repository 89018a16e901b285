// Turns the JSON text the core answers (bindings/README.md) into the objects SIP.js's grammar
// returns: {"$uri": {...}} becomes a URI, {"$nameAddr": {...}} a NameAddrHeader, and, since JSON
// has no `undefined`, a null member of a plain object becomes undefined (SIP.js's grammar never
// yields null there: a parameter without a value reads undefined, e.g. in Via's `params`).
// Internal to this package.
import { setOwn } from "./helpers.js";
import { NameAddrHeader } from "./name-addr-header.js";
import { URI } from "./uri.js";

const orUndefined = (value) => (value === null ? undefined : value);

function isEmpty(object) {
  for (const key in object) {
    return false;
  }
  return true;
}

// The core's objects are trusted: names lowercased, values strings or null, as `Parameters` keeps
// them. A URI made here is the one the constructor would make (same fields, in the same order),
// without the checks and copies: this runs for every URI of every received message. Anything
// unusual (no host, URI headers) goes through the constructor, which throws or copies as it does.
/**
 * A URI from the core's URI fields (password apart from user, null for absent).
 * @internal
 */
export function uriFrom(scheme, user, password, host, port, parameters, headers) {
  // SIP.js keeps the password in the user part ("alice:secret"), percent-decoded.
  user = orUndefined(user);
  if (password !== undefined && password !== null) {
    user = (user === undefined ? "" : user) + ":" + password;
  }
  port = orUndefined(port);
  if (
    typeof scheme === "string" && scheme !== "" && typeof host === "string" && host !== "" &&
    (port === undefined || typeof port === "number") &&
    parameters !== null && typeof parameters === "object" && !Array.isArray(parameters) &&
    (headers === undefined || headers === null || isEmpty(headers))
  ) {
    const uri = Object.create(URI.prototype);
    uri.parameters = parameters;
    uri.headers = {};
    uri.raw = { scheme, user, host, port };
    uri.normal = { scheme: scheme.toLowerCase(), user, host: host.toLowerCase(), port };
    return uri;
  }
  return new URI(scheme, user, host, port, parameters || undefined, headers || undefined);
}

function reviveUri(data) {
  return uriFrom(data.scheme, data.user, data.password, data.host, data.port, data.parameters, data.headers);
}

/**
 * A NameAddrHeader from a revived URI and the core's display name and parameters.
 * @internal
 */
export function nameAddrFrom(uri, displayName, parameters) {
  if (
    uri instanceof URI && (displayName === null || typeof displayName === "string") &&
    parameters !== null && typeof parameters === "object" && !Array.isArray(parameters)
  ) {
    const nameAddr = Object.create(NameAddrHeader.prototype);
    nameAddr.parameters = parameters;
    nameAddr.uri = uri;
    nameAddr._displayName = orUndefined(displayName);
    return nameAddr;
  }
  return new NameAddrHeader(uri, orUndefined(displayName), parameters || undefined);
}

function reviveNameAddrData(data) {
  return nameAddrFrom(revive(data.uri), data.displayName, data.parameters);
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
    return reviveNameAddrData(value.$nameAddr);
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

/**
 * One value of a name-addr list header (Contact, Record-Route, Route, ...): the core gives the
 * rule's shape, a list of one {position, offset, parsed}; a message keeps the name-addr itself,
 * as SIP.js does for Contact and Record-Route.
 * @internal
 */
export function unwrapListEntry(parsed) {
  if (Array.isArray(parsed) && parsed.length === 1 && parsed[0] && typeof parsed[0] === "object" && "parsed" in parsed[0]) {
    return parsed[0].parsed;
  }
  return parsed;
}

/**
 * The value the message JSON would have given a header (bindings/README.md: parseHeaderValue),
 * as a message keeps it; -1 when there is none (no rule, no match, or not a value SIP.js's
 * classes can hold, such as a URI without a host).
 * @internal
 */
export function reviveHeaderJson(text) {
  if (text === "-1") {
    return -1;
  }
  try {
    const value = unwrapListEntry(revive(JSON.parse(text)));
    return value === undefined ? -1 : value;
  } catch (e) {
    return -1;
  }
}
