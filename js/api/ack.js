/**
 * A request received by a session that needs no answer (handed to the delegate for information).
 * @public
 */
export class Ack {
  constructor(incomingRequest) {
    this.incomingRequest = incomingRequest;
  }
  /** Incoming request message. */
  get request() {
    return this.incomingRequest.message;
  }
}
