import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { IncomingRequestHandle } from "./incoming-request.js";
/** An ACK received by a session (no answer needed). @public */
export declare class Ack {
  private incomingRequest;
  constructor(incomingRequest: IncomingRequestHandle);
  get request(): IncomingRequestMessage;
}
