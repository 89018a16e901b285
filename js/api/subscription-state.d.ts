/**
 * {@link Subscription} state: Initial -> NotifyWait -> Subscribed -> Terminated (Initial and
 * NotifyWait may also go straight to Terminated).
 * @public
 */
export declare enum SubscriptionState {
  Initial = "Initial",
  NotifyWait = "NotifyWait",
  Subscribed = "Subscribed",
  Terminated = "Terminated"
}
