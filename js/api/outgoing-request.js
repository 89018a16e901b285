// What SIP.js's request methods resolve with (an OutgoingRequest): the request, read only when the
// application asks for `message` (most callers only wait for the promise). A class rather than an
// object literal with a getter: V8 builds a literal's accessor on every evaluation (one per call).
class LazyOutgoingRequest {
  constructor(readMessage) {
    this._readMessage = readMessage;
    this.delegate = undefined;
  }
  get message() {
    return this._readMessage();
  }
  cancel() {
    return undefined;
  }
}

/** @internal `readMessage()` gives the message the first time and every time `message` is read. */
export function outgoingRequestOf(readMessage) {
  return new LazyOutgoingRequest(readMessage);
}
