import { NameAddrHeader } from "./name-addr-header.js";
import { URI } from "./uri.js";

/**
 * Grammar: parsing with SIP.js's grammar start rules (the parser itself is the C++ core).
 * @public
 */
export declare namespace Grammar {
  /**
   * Parses `input` with a start rule of SIP.js's grammar ("SIP_URI", "Name_Addr_Header", "Contact",
   * "Via", "CSeq", "challenge", "Replaces", ...).
   * @returns the value SIP.js's grammar produces for that rule, or -1 when the input does not match.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function parse(input: string, startRule: string): any;
  /** Parses a name-addr header value; undefined if it is not one. */
  function nameAddrHeaderParse(nameAddrHeader: string): NameAddrHeader | undefined;
  /** Parses a SIP or SIPS URI; undefined if it is not one. */
  function URIParse(uri: string): URI | undefined;
}
