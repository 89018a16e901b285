import { Parameters } from "./parameters.js";
import { URI } from "./uri.js";

/**
 * Name Address SIP header: display name, URI and header parameters.
 * @public
 */
export declare class NameAddrHeader extends Parameters {
  uri: URI;
  private _displayName;
  constructor(uri: URI, displayName?: string, parameters?: { [name: string]: string | number | null | undefined });
  /** The display name, or the URI's "user@host" when there is none. */
  get friendlyName(): string;
  get displayName(): string;
  set displayName(value: string);
  clone(): NameAddrHeader;
  toString(): string;
}
