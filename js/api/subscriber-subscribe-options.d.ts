/**
 * Options for {@link Subscriber.subscribe} (none yet, as in SIP.js).
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface SubscriberSubscribeOptions {}
