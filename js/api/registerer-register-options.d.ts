import { IncomingResponseMessage } from "../core/messages/incoming-response-message.js";
/** A response handed to a request delegate. */
export interface RegistererIncomingResponse {
  readonly message: IncomingResponseMessage;
}
/** Callbacks for the REGISTER's responses. */
export interface RegistererRequestDelegate {
  onAccept?(response: RegistererIncomingResponse): void;
  onProgress?(response: RegistererIncomingResponse): void;
  onRedirect?(response: RegistererIncomingResponse): void;
  onReject?(response: RegistererIncomingResponse): void;
  onTrying?(response: RegistererIncomingResponse): void;
}
/** Options for {@link Registerer.register}. @public */
export interface RegistererRegisterOptions {
  requestDelegate?: RegistererRequestDelegate;
  requestOptions?: { extraHeaders?: Array<string> };
}
