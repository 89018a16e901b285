// SIP.js's abstract Subscription: state, its emitter and the delegate. The state machine of the
// concrete Subscriber runs in C++ (src/api/subscriber.cpp); its state changes arrive here through
// stateTransition(), which keeps SIP.js's checks for subclasses written by applications.
import { EmitterImpl } from "./emitter.js";
import { SubscriptionState } from "./subscription-state.js";

const allowed = {
  [SubscriptionState.Initial]: [SubscriptionState.NotifyWait, SubscriptionState.Terminated],
  [SubscriptionState.NotifyWait]: [SubscriptionState.Subscribed, SubscriptionState.Terminated],
  [SubscriptionState.Subscribed]: [SubscriptionState.Terminated],
  [SubscriptionState.Terminated]: []
};

/**
 * A subscription provides {@link Notification} of events.
 *
 * @remarks
 * See {@link Subscriber} for details on establishing a subscription.
 *
 * @public
 */
export class Subscription {
  /**
   * Constructor.
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @internal
   */
  constructor(userAgent, options = {}) {
    this._disposed = false;
    this._state = SubscriptionState.Initial;
    this._logger = userAgent.getLogger("sip.Subscription");
    this._stateEventEmitter = new EmitterImpl();
    this._userAgent = userAgent;
    this.delegate = options.delegate;
  }

  /** Destructor. */
  dispose() {
    if (this._disposed) {
      return Promise.resolve();
    }
    this._disposed = true;
    this._stateEventEmitter.removeAllListeners();
    return Promise.resolve();
  }

  /** The subscribed subscription dialog. */
  get dialog() {
    return this._dialog;
  }

  /**
   * True if disposed.
   * @internal
   */
  get disposed() {
    return this._disposed;
  }

  /** Subscription state. See {@link SubscriptionState} for details. */
  get state() {
    return this._state;
  }

  /** Emits when the subscription `state` property changes. */
  get stateChange() {
    return this._stateEventEmitter;
  }

  /** @internal */
  stateTransition(newState) {
    const next = allowed[this._state];
    if (!next) throw new Error("Unrecognized state.");
    if (!next.includes(newState)) {
      throw new Error(`Invalid state transition from ${this._state} to ${newState}`);
    }
    this._state = newState;
    this._stateEventEmitter.emit(this._state);
    if (newState === SubscriptionState.Terminated) {
      this.dispose();
    }
  }
}
