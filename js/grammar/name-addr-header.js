// NameAddrHeader: a name-addr header value (From, To, Contact, Route, Refer-To, ...): an optional
// display name, a URI and header parameters.
import { Parameters } from "./parameters.js";
import { URI } from "./uri.js";

function checkUri(uri) {
  // A URI of this package, or any object with a URI's surface (e.g. one made by another copy).
  const uriLike =
    uri instanceof URI ||
    (typeof uri === "object" && uri !== null && typeof uri.toString === "function" && typeof uri.clone === "function");
  if (!uriLike) {
    throw new TypeError('missing or invalid "uri" parameter (expected a URI)');
  }
}

function checkDisplayName(displayName) {
  if (displayName !== undefined && displayName !== null && typeof displayName !== "string") {
    throw new TypeError('invalid "displayName" parameter (expected a string or undefined)');
  }
}

/**
 * Name Address SIP header.
 * @public
 */
export class NameAddrHeader extends Parameters {
  /**
   * @param uri - the URI
   * @param displayName - display name, or undefined
   * @param parameters - header parameters
   */
  constructor(uri, displayName, parameters) {
    checkUri(uri);
    checkDisplayName(displayName);
    super(parameters);
    this.uri = uri;
    this._displayName = displayName;
  }

  get friendlyName() {
    return this.displayName || this.uri.aor;
  }

  get displayName() {
    return this._displayName;
  }

  set displayName(value) {
    checkDisplayName(value);
    this._displayName = value;
  }

  clone() {
    return new NameAddrHeader(this.uri.clone(), this._displayName, { ...this.parameters });
  }

  toString() {
    const displayName = this.displayName;
    let text = displayName || displayName === "0" ? '"' + displayName + '" ' : "";
    text += "<" + this.uri.toString() + ">";
    for (const name of Object.keys(this.parameters)) {
      const value = this.parameters[name];
      text += ";" + name + (value !== null && value !== undefined ? "=" + value : "");
    }
    return text;
  }
}
