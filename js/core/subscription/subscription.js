/**
 * Subscription state.
 * @public
 */
export const SubscriptionState = {
  Initial: "Initial",
  NotifyWait: "NotifyWait",
  Pending: "Pending",
  Active: "Active",
  Terminated: "Terminated"
};
