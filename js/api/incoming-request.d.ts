// Internal: the request wrappers' shared base, plus local stand-ins for sip.js core types that
// this package's core declarations do not (yet) provide.
import { Logger } from "../core/log/logger.js";
import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { IncomingResponseMessage } from "../core/messages/incoming-response-message.js";
import { URI } from "../grammar/uri.js";

/** A message body (sip.js core `Body`). */
export interface Body {
  contentDisposition: string;
  contentType: string;
  content: string;
}
/** Options for sending a request (sip.js core `RequestOptions`). */
export interface RequestOptions {
  body?: Body;
  extraHeaders?: Array<string>;
}
/** Options for answering a request (sip.js core `ResponseOptions`). */
export interface ResponseOptions {
  statusCode: number;
  reasonPhrase?: string;
  toTag?: string;
  userTag?: string;
  extraHeaders?: Array<string>;
  supported?: Array<string>;
  body?: Body;
}
/** A response passed to an outgoing request delegate. */
export interface IncomingResponse {
  readonly message: IncomingResponseMessage;
}
/** Callbacks for an outgoing request's responses (sip.js core `OutgoingRequestDelegate`). */
export interface OutgoingRequestDelegate {
  onAccept?(response: IncomingResponse): void;
  onProgress?(response: IncomingResponse): void;
  onRedirect?(response: IncomingResponse): void;
  onReject?(response: IncomingResponse): void;
  onTrying?(response: IncomingResponse): void;
}
/** An outgoing request handle (sip.js core `OutgoingRequest` and its per-method aliases). */
export interface OutgoingRequest {
  delegate: OutgoingRequestDelegate | undefined;
  /** The request as sent (parsed back from its wire text). */
  readonly message: IncomingRequestMessage;
  dispose?(): void;
  cancel?(reason?: string, options?: RequestOptions): void;
}
export type OutgoingByeRequest = OutgoingRequest;
export type OutgoingInfoRequest = OutgoingRequest;
export type OutgoingInviteRequest = OutgoingRequest;
export type OutgoingMessageRequest = OutgoingRequest;
export type OutgoingReferRequest = OutgoingRequest;
/** The read-only view of a session's dialog (sip.js core `Session`). */
export interface SessionDialog {
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localURI: URI;
  readonly remoteURI: URI;
  readonly remoteTarget: URI;
  readonly early: boolean;
  readonly sessionState: string;
  readonly signalingState: string;
  readonly offer: Body | undefined;
  readonly answer: Body | undefined;
}
/** The contact of a user agent (sip.js core `Contact`). */
export interface Contact {
  pubGruu: URI | undefined;
  tempGruu: URI | undefined;
  uri: URI;
  toString(options?: { anonymous?: boolean; outbound?: boolean }): string;
}
/** @internal */
export interface IncomingRequestHandle {
  readonly message: IncomingRequestMessage;
  accept(options?: Partial<ResponseOptions>): void;
  reject(options?: Partial<ResponseOptions>): void;
  progress(options?: Partial<ResponseOptions>): void;
  trying(options?: Partial<ResponseOptions>): void;
}
/** @internal */
export declare function makeIncomingRequest(
  text: string,
  logger: Logger,
  answer?: (statusCode: number, reasonPhrase: string, extraHeaders: Array<string>, body: string) => boolean
): IncomingRequestHandle;
/** @internal The base of the request wrappers. */
export declare class WrappedRequest {
  protected incomingRequest: IncomingRequestHandle;
  constructor(incomingRequest: IncomingRequestHandle);
  get request(): IncomingRequestMessage;
  accept(options?: ResponseOptions): Promise<void>;
  reject(options?: ResponseOptions): Promise<void>;
}
