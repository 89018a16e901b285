/**
 * Session (dialog usage) state.
 * @public
 */
export declare enum SessionState {
  Initial = "Initial",
  Early = "Early",
  AckWait = "AckWait",
  Confirmed = "Confirmed",
  Terminated = "Terminated"
}

/**
 * Offer/answer state.
 * @public
 */
export declare enum SignalingState {
  Initial = "Initial",
  HaveLocalOffer = "HaveLocalOffer",
  HaveRemoteOffer = "HaveRemoteOffer",
  Stable = "Stable",
  Closed = "Closed"
}
