// What SIP.js's request methods resolve with (an OutgoingRequest): the request, read only when the
// application asks for `message` (most callers only wait for the promise).

/** @internal `readMessage()` gives the message the first time and every time `message` is read. */
export function outgoingRequestOf(readMessage) {
  return {
    get message() {
      return readMessage();
    },
    delegate: undefined,
    cancel: () => undefined
  };
}
