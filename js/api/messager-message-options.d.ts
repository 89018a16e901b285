import { IncomingResponseMessage } from "../core/messages/incoming-response-message.js";

/**
 * A response to the MESSAGE, as the request delegate receives it.
 * @public
 */
export interface MessagerIncomingResponse {
  readonly message: IncomingResponseMessage;
}

/**
 * Receives the responses to the MESSAGE (SIP.js's OutgoingRequestDelegate).
 * @public
 */
export interface MessagerRequestDelegate {
  onAccept?(response: MessagerIncomingResponse): void;
  onProgress?(response: MessagerIncomingResponse): void;
  onRedirect?(response: MessagerIncomingResponse): void;
  onReject?(response: MessagerIncomingResponse): void;
  onTrying?(response: MessagerIncomingResponse): void;
}

/**
 * Options for {@link Messager.message}.
 * @public
 */
export interface MessagerMessageOptions {
  /** Receives the responses. */
  requestDelegate?: MessagerRequestDelegate;
  /** Accepted for SIP.js compatibility; SIP.js ignores it too. */
  requestOptions?: { extraHeaders?: Array<string> };
}
