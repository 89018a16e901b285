/**
 * Options for {@link Subscription.unsubscribe} (none yet, as in SIP.js).
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface SubscriptionUnsubscribeOptions {}
