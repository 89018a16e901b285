import { Emitter } from "./emitter.js";
import { SubscriptionDelegate } from "./subscription-delegate.js";
import { SubscriptionOptions } from "./subscription-options.js";
import { SubscriptionState } from "./subscription-state.js";
import { SubscriptionSubscribeOptions } from "./subscription-subscribe-options.js";
import { SubscriptionUnsubscribeOptions } from "./subscription-unsubscribe-options.js";
import { UserAgent } from "./user-agent.js";

/**
 * What `Subscription.dialog` gives here: a snapshot of the subscription dialog's state (the dialog
 * itself lives in the Wasm core).
 * @public
 */
export interface SubscriptionDialogSnapshot {
  readonly id: string;
  readonly subscriptionEvent: string;
  readonly subscriptionState: string;
  readonly subscriptionExpires: number;
  readonly subscriptionExpiresInitial: number;
  readonly autoRefresh: boolean;
}

/**
 * A subscription provides {@link Notification} of events.
 * @public
 */
export declare abstract class Subscription {
  /** Property reserved for use by instance owner. */
  data: unknown;
  /** Subscription delegate. See {@link SubscriptionDelegate} for details. */
  delegate: SubscriptionDelegate | undefined;
  /** @internal */
  protected _userAgent: UserAgent;
  /** @internal */
  protected constructor(userAgent: UserAgent, options?: SubscriptionOptions);
  /** Destructor. */
  dispose(): Promise<void>;
  /** The subscribed subscription dialog (a snapshot), once subscribed. */
  get dialog(): SubscriptionDialogSnapshot | undefined;
  /** @internal */
  get disposed(): boolean;
  /** Subscription state. See {@link SubscriptionState} for details. */
  get state(): SubscriptionState;
  /** Emits when the subscription `state` property changes. */
  get stateChange(): Emitter<SubscriptionState>;
  /** @internal */
  protected stateTransition(newState: SubscriptionState): void;
  /** Sends a re-SUBSCRIBE request if the subscription is "active". */
  abstract subscribe(options?: SubscriptionSubscribeOptions): Promise<void>;
  /**
   * Unsubscribe from event notifications: an un-SUBSCRIBE when subscribed, then Terminated.
   */
  abstract unsubscribe(options?: SubscriptionUnsubscribeOptions): Promise<void>;
}
