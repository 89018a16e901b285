// Grammar: SIP.js's Grammar namespace over the C++ grammar. The Wasm core parses and answers JSON
// text (bindings/README.md), which revive.js turns into the objects SIP.js's grammar returns.
import { wasm } from "../wasm/loader.js";
import { NameAddrHeader } from "./name-addr-header.js";
import { reviveJson } from "./revive.js";
import { URI } from "./uri.js";

/**
 * Grammar.
 * @public
 */
export const Grammar = {
  /**
   * Parses `input` with one of SIP.js's grammar start rules ("SIP_URI", "Contact", "Via", ...).
   * @returns what SIP.js's grammar returns for that rule, or -1 when the input does not match
   *   (or is not a string, or the rule is unknown).
   */
  parse(input, startRule) {
    if (typeof input !== "string" || typeof startRule !== "string") {
      return -1;
    }
    let text;
    try {
      text = wasm.grammarParse(input, startRule);
    } catch (e) {
      return -1;
    }
    return reviveJson(text);
  },

  /**
   * Parses a name-addr header value; undefined if it is not one.
   */
  nameAddrHeaderParse(nameAddrHeader) {
    const parsed = Grammar.parse(nameAddrHeader, "Name_Addr_Header");
    return parsed instanceof NameAddrHeader ? parsed : undefined;
  },

  /**
   * Parses a SIP/SIPS URI; undefined if it is not one.
   */
  URIParse(uri) {
    const parsed = Grammar.parse(uri, "SIP_URI");
    return parsed instanceof URI ? parsed : undefined;
  }
};
