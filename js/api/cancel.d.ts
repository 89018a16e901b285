import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { IncomingRequestHandle } from "./incoming-request.js";
/** A CANCEL received by a session (no answer needed). @public */
export declare class Cancel {
  private incomingRequest;
  constructor(incomingRequest: IncomingRequestHandle);
  get request(): IncomingRequestMessage;
}
