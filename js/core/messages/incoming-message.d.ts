import { NameAddrHeader } from "../../grammar/name-addr-header.js";

/**
 * Incoming message.
 * @public
 */
export declare class IncomingMessage {
  viaBranch: string;
  method: string;
  body: string;
  toTag: string;
  to: NameAddrHeader;
  fromTag: string;
  from: NameAddrHeader;
  callId: string;
  cseq: number;
  via: {
    host: string;
    port: number;
  };
  headers: {
    [name: string]: Array<{
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      parsed?: any;
      raw: string;
    }>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  referTo: any | undefined;
  data: string;
  /** Appends a header value under the given name. */
  addHeader(name: string, value: string): void;
  /** The (first) raw value of a header, undefined if absent. */
  getHeader(name: string): string | undefined;
  /** All the raw values of a header. */
  getHeaders(name: string): Array<string>;
  hasHeader(name: string): boolean;
  /** The parsed value of a header, undefined if absent or unparsable. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  parseHeader(name: string, idx?: number): any | undefined;
  /** Alias of parseHeader. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  s(name: string, idx?: number): any | undefined;
  /** Replaces all the values of a header by one. */
  setHeader(name: string, value: string): void;
  toString(): string;
}
