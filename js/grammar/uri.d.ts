import { Parameters } from "./parameters.js";

/**
 * URI.
 * @remarks
 * The raw form keeps scheme and host as written; the normal form (what the getters return and
 * what toString() writes) has them lowercased.
 * @public
 */
export declare class URI extends Parameters {
  /** URI headers, by headerized name ("X-Foo"), each a list of values. */
  headers: { [name: string]: Array<string> };
  private normal;
  private raw;
  /**
   * @param scheme - "sip" when undefined
   * @param user - user part (percent-decoded), or undefined
   * @param host - host (required: a TypeError is thrown without it)
   * @param port - port, or undefined
   * @param parameters - URI parameters
   * @param headers - URI headers
   */
  constructor(
    scheme: string | undefined,
    user: string | undefined,
    host: string,
    port?: number,
    parameters?: { [name: string]: string | number | null | undefined },
    headers?: { [name: string]: Array<string> | string }
  );
  get scheme(): string;
  set scheme(value: string);
  get user(): string | undefined;
  set user(value: string | undefined);
  get host(): string;
  set host(value: string);
  /** "user@host" of the normal form. */
  get aor(): string;
  get port(): number | undefined;
  set port(value: number | undefined);
  setHeader(name: string, value: Array<string> | string): void;
  getHeader(name: string): Array<string> | undefined;
  hasHeader(name: string): boolean;
  deleteHeader(header: string): Array<string> | undefined;
  clearHeaders(): void;
  clone(): URI;
  /** The URI with scheme and host as written. */
  toRaw(): string;
  /** The URI with scheme and host lowercased. */
  toString(): string;
  private get _normal();
  private get _raw();
  private _toString;
  private escapeUser;
  private headerize;
}

/**
 * Returns true if URIs are equivalent per RFC 3261 Section 19.1.4.
 * @public
 */
export declare function equivalentURI(a: URI, b: URI): boolean;
