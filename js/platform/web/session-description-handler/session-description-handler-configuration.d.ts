/**
 * Configuration of a SessionDescriptionHandler.
 * @public
 */
export interface SessionDescriptionHandlerConfiguration {
  /**
   * Longest wait, in milliseconds, for ICE gathering to complete; 0 waits without limit.
   * If undefined, implementation dependent (the default factory uses 5000).
   */
  iceGatheringTimeout?: number;
  /**
   * RTCPeerConnection configuration.
   */
  peerConnectionConfiguration?: RTCConfiguration;
}
