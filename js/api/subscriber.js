// SIP.js's Subscriber over the C++ state machine (src/api/subscriber.cpp): SUBSCRIBE, NOTIFY,
// refresh, Timer N, re-subscription and unsubscription run there. This file turns its events into
// state changes, Notification objects for the delegate and promises, and its results into the
// errors of calls in the wrong state.
import { UNKNOWN, incomingNotifyRequest, resultToPromise, subscriptionArea } from "./subscription-area.js";
import { Notification } from "./notification.js";
import { Subscription } from "./subscription.js";
import { SubscriptionState } from "./subscription-state.js";
import { extraHeaderLines } from "./extra-headers.js";

// SubscriberResult (src/api/subscriber.h) and the area's codes.

const DEFAULT_EXPIRES = 3600;

/**
 * A subscriber establishes a {@link Subscription} (outgoing SUBSCRIBE).
 *
 * @remarks
 * This is (more or less) an implementation of a "subscriber" as defined in RFC 6665
 * "SIP-Specific Event Notifications".
 *
 * @public
 */
export class Subscriber extends Subscription {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - The request URI identifying the subscribed event.
   * @param eventType - The event type identifying the subscribed event.
   * @param options - Options bucket. See {@link SubscriberOptions} for details.
   */
  constructor(userAgent, targetURI, eventType, options = {}) {
    super(userAgent, options);
    this.logger = userAgent.getLogger("sip.Subscriber");
    if (targetURI === undefined || targetURI === null) {
      throw new TypeError("Invalid target URI: " + targetURI);
    }
    if (typeof eventType !== "string" || eventType === "") {
      throw new TypeError("Invalid event type: " + eventType);
    }
    this.body = undefined;
    if (options.body) {
      this.body = {
        body: options.body,
        contentType: options.contentType ? options.contentType : "application/sdp"
      };
    }
    this.targetURI = targetURI;
    this.event = eventType;
    if (options.expires === undefined) {
      this.expires = DEFAULT_EXPIRES;
    } else if (typeof options.expires !== "number" || !Number.isInteger(options.expires) || options.expires < 0) {
      this.logger.warn(`Option "expires" must be a whole number of seconds. Using default of ${DEFAULT_EXPIRES}.`);
      this.expires = DEFAULT_EXPIRES;
    } else {
      this.expires = options.expires;
    }
    this.extraHeaders = extraHeaderLines(options.extraHeaders);

    this._released = false;
    this._finishResolvers = [];
    this._area = subscriptionArea(userAgent);
    const coreOptions = { expires: this.expires, extraHeaders: this.extraHeaders.map(String) };
    if (this.body) {
      coreOptions.body = String(this.body.body);
      coreOptions.contentType = String(this.body.contentType);
    }
    this._sid = this._area.handle.createSubscriber(String(targetURI), eventType, JSON.stringify(coreOptions));
    if (this._sid === 0) {
      throw new TypeError(this._area.lastError());
    }
    this._area.listen(this._sid, (kind, value, text) => this._onEvent(kind, value, text));
    this._info = JSON.parse(this._area.handle.subscriberInfo(this._sid));
    this.id = this._info.id;
    if (!this._userAgent._subscriptions) this._userAgent._subscriptions = {};
    this._userAgent._subscriptions[this.id] = this;
  }

  /**
   * The subscription dialog, once a NOTIFY created one: a snapshot of its state (the dialog itself
   * lives in the Wasm core).
   */
  get dialog() {
    const info = this._refreshInfo();
    return info && info.dialog ? Object.freeze(Object.assign({}, info.dialog)) : undefined;
  }

  /**
   * Destructor. Resolves once the subscription has ended: at once when it was not subscribed,
   * otherwise after the un-SUBSCRIBE, when the terminating NOTIFY arrives, the un-SUBSCRIBE fails,
   * or Timer N runs out (SIP.js may never resolve in the last two cases).
   * @internal
   */
  dispose() {
    if (this.disposed) {
      return this._finished();
    }
    this._unregister();
    super.dispose();
    const finished = this._finished();
    if (!this._released && this._area.alive) {
      this._area.handle.subscriberDispose(this._sid);
    } else {
      this._finish();
    }
    return finished;
  }

  /**
   * Subscribe to event notifications.
   *
   * @remarks
   * Sends an initial SUBSCRIBE request if no subscription has been established, a re-SUBSCRIBE
   * if the subscription is "active". Rejects when the subscriber is terminated or disposed.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  subscribe(options = {}) {
    const result = this._released || !this._area.alive ? UNKNOWN : this._area.handle.subscribe(this._sid);
    return resultToPromise(result, "Subscriber", "subscribe", this.state === SubscriptionState.Terminated, this._area);
  }

  /**
   * {@inheritDoc Subscription.unsubscribe}
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  unsubscribe(options = {}) {
    if (this.disposed || this._released || !this._area.alive) {
      return Promise.resolve();
    }
    this._area.handle.unsubscribe(this._sid);
    return Promise.resolve();
  }

  /**
   * Sends a re-SUBSCRIBE request if the subscription is "active".
   * @deprecated Use `subscribe` instead.
   * @internal
   */
  _refresh() {
    const info = this._refreshInfo();
    if (info && info.requestState === "Active") {
      return this.subscribe();
    }
    return Promise.resolve();
  }

  _refreshInfo() {
    if (!this._released && this._area.alive) {
      const info = JSON.parse(this._area.handle.subscriberInfo(this._sid));
      if (info) this._info = info;
    }
    return this._info;
  }

  _unregister() {
    const registry = this._userAgent._subscriptions;
    if (registry && registry[this.id] === this) delete registry[this.id];
  }

  _finished() {
    if (this._released) return Promise.resolve();
    return new Promise((resolve) => this._finishResolvers.push(resolve));
  }

  // Nothing more will happen: release the C++ subscriber and settle dispose().
  _finish() {
    if (!this._released) {
      this._refreshInfo();
      this._released = true;
      this._area.release(this._sid);
    }
    const resolvers = this._finishResolvers;
    this._finishResolvers = [];
    resolvers.forEach((resolve) => resolve());
  }

  _onEvent(kind, value, text) {
    switch (kind) {
      case "state":
        if (value === SubscriptionState.Terminated) this._unregister();
        if (!this.disposed) {
          this.stateTransition(value);
        } else {
          this._state = value;
        }
        break;
      case "notify": {
        const request = incomingNotifyRequest(this._area, Number(value), text, this.logger);
        if (!request) break;
        if (this.delegate && this.delegate.onNotify) {
          this.delegate.onNotify(new Notification(request));
        } else {
          request.accept();
        }
        break;
      }
      case "finished":
        this._finish();
        break;
      case "closing":
        // The user agent stopped: the C++ subscriber is gone.
        this._released = true;
        this._disposed = true;
        this._unregister();
        this._finish();
        break;
      default:
        break;
    }
  }
}
