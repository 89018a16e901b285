/**
 * Returns the default RTCConfiguration: a public STUN server, balanced bundling, RTCP muxed.
 * @public
 */
export function defaultPeerConnectionConfiguration() {
  return {
    bundlePolicy: "balanced",
    certificates: undefined,
    iceCandidatePoolSize: 0,
    iceServers: [{ urls: "stun:stun.l.google.com:19302" }],
    iceTransportPolicy: "all",
    rtcpMuxPolicy: "require"
  };
}
