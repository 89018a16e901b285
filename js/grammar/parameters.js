// Parameters: a case-insensitive name → value map kept as a plain object in `parameters`, as SIP.js
// keeps it (its specs and applications compare and enumerate `parameters` directly). Names are stored
// lowercased; values are strings, or null for a parameter without a value.

import { hasOwn, setOwn } from "./helpers.js";

function parameterName(key, method) {
  if (typeof key !== "string") {
    throw new TypeError(`${method}: invalid parameter name ${String(key)} (expected a string)`);
  }
  return key.toLowerCase();
}

/**
 * Parameters (of a URI or of a name-addr header).
 * @public
 */
export class Parameters {
  constructor(parameters) {
    this.parameters = {};
    if (parameters === undefined || parameters === null) {
      return;
    }
    if (typeof parameters !== "object") {
      throw new TypeError('invalid "parameters" parameter (expected an object of name → value)');
    }
    for (const name in parameters) {
      if (hasOwn(parameters, name)) {
        this.setParam(name, parameters[name]);
      }
    }
  }

  setParam(key, value) {
    if (!key) {
      return;
    }
    const name = parameterName(key, "setParam");
    setOwn(this.parameters, name, value === undefined || value === null ? null : String(value));
  }

  getParam(key) {
    if (!key) {
      return undefined;
    }
    const name = parameterName(key, "getParam");
    return hasOwn(this.parameters, name) ? this.parameters[name] : undefined;
  }

  hasParam(key) {
    if (!key) {
      return false;
    }
    const name = parameterName(key, "hasParam");
    return hasOwn(this.parameters, name) && this.parameters[name] !== undefined;
  }

  deleteParam(key) {
    if (!key) {
      return undefined;
    }
    const name = parameterName(key, "deleteParam");
    if (!this.hasParam(name)) {
      return undefined;
    }
    const value = this.parameters[name];
    delete this.parameters[name];
    return value;
  }

  clearParams() {
    this.parameters = {};
  }
}
