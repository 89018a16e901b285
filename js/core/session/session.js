/**
 * Session (dialog usage) state.
 * @public
 */
export const SessionState = {
  Initial: "Initial",
  Early: "Early",
  AckWait: "AckWait",
  Confirmed: "Confirmed",
  Terminated: "Terminated"
};

/**
 * Offer/answer state.
 * @public
 */
export const SignalingState = {
  Initial: "Initial",
  HaveLocalOffer: "HaveLocalOffer",
  HaveRemoteOffer: "HaveRemoteOffer",
  Stable: "Stable",
  Closed: "Closed"
};
