/**
 * Subscription state.
 * @public
 */
export declare enum SubscriptionState {
  Initial = "Initial",
  NotifyWait = "NotifyWait",
  Pending = "Pending",
  Active = "Active",
  Terminated = "Terminated"
}
