import { SubscriptionDelegate } from "./subscription-delegate.js";

/**
 * Options for the {@link Subscription} constructor.
 * @public
 */
export interface SubscriptionOptions {
  delegate?: SubscriptionDelegate;
}
