/**
 * Receives the events of a session description handler's RTCPeerConnection.
 * @public
 */
export interface PeerConnectionDelegate {
  /** The aggregate connection state changed (`connectionState`). */
  onconnectionstatechange?(event: Event): void;
  /** The remote peer opened a data channel. */
  ondatachannel?(event: RTCDataChannelEvent): void;
  /** A local ICE candidate was gathered (a null candidate ends gathering). */
  onicecandidate?(event: RTCPeerConnectionIceEvent): void;
  /** An error occurred while gathering ICE candidates. */
  onicecandidateerror?(event: RTCPeerConnectionIceErrorEvent): void;
  /** The ICE connection state changed (`iceConnectionState`). */
  oniceconnectionstatechange?(event: Event): void;
  /** The ICE gathering state changed (`iceGatheringState`). */
  onicegatheringstatechange?(event: Event): void;
  /** Renegotiation is needed. */
  onnegotiationneeded?(event: Event): void;
  /** The signaling state changed (`signalingState`). */
  onsignalingstatechange?(event: Event): void;
  /** A remote track arrived (from a remote description). */
  ontrack?(event: Event): void;
}
