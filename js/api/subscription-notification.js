// A stand-in for SIP.js's Notification (lib/api/notification.js) until js/api/notification.js (the
// lead's wrapper classes) lands: the same interface over an IncomingNotifyRequest-like object
// (subscription-area.js). Subscribers hand these to `delegate.onNotify`. Internal; replace the
// import in subscriber.js with "./notification.js" when that file exists.

/**
 * A notification of an event (incoming NOTIFY).
 * @public
 */
export class Notification {
  /** @internal */
  constructor(incomingNotifyRequest) {
    this.incomingNotifyRequest = incomingNotifyRequest;
  }

  /** Incoming NOTIFY request message. */
  get request() {
    return this.incomingNotifyRequest.message;
  }

  /** Accept the request. Throws TransactionStateError when it was already answered. */
  accept(options) {
    this.incomingNotifyRequest.accept(options);
    return Promise.resolve();
  }

  /** Reject the request. Throws TransactionStateError when it was already answered. */
  reject(options) {
    this.incomingNotifyRequest.reject(options);
    return Promise.resolve();
  }
}
