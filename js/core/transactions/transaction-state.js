/**
 * Transaction state.
 * @public
 */
export const TransactionState = {
  Accepted: "Accepted",
  Calling: "Calling",
  Completed: "Completed",
  Confirmed: "Confirmed",
  Proceeding: "Proceeding",
  Terminated: "Terminated",
  Trying: "Trying"
};
