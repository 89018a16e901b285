import { URI } from "../grammar/uri.js";
import { SubscriberOptions } from "./subscriber-options.js";
import { SubscriberSubscribeOptions } from "./subscriber-subscribe-options.js";
import { Subscription } from "./subscription.js";
import { SubscriptionUnsubscribeOptions } from "./subscription-unsubscribe-options.js";
import { UserAgent } from "./user-agent.js";

/**
 * A subscriber establishes a {@link Subscription} (outgoing SUBSCRIBE), as RFC 6665 describes.
 * @public
 */
export declare class Subscriber extends Subscription {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - The request URI identifying the subscribed event.
   * @param eventType - The event type identifying the subscribed event.
   * @param options - Options bucket. See {@link SubscriberOptions} for details.
   */
  constructor(userAgent: UserAgent, targetURI: URI, eventType: string, options?: SubscriberOptions);
  /** @internal */
  dispose(): Promise<void>;
  /**
   * Subscribe to event notifications: the initial SUBSCRIBE, or a re-SUBSCRIBE when the
   * subscription is "active". Rejects when the subscriber is terminated or disposed.
   */
  subscribe(options?: SubscriberSubscribeOptions): Promise<void>;
  /** {@inheritDoc Subscription.unsubscribe} */
  unsubscribe(options?: SubscriptionUnsubscribeOptions): Promise<void>;
  /**
   * @deprecated Use `subscribe` instead.
   * @internal
   */
  _refresh(): Promise<void>;
}
