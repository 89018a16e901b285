import { SessionDescriptionHandlerOptions as SessionDescriptionHandlerOptionsDefinition } from "../../../api/session-description-handler.js";

/**
 * Options of {@link SessionDescriptionHandler} methods.
 * @public
 */
export interface SessionDescriptionHandlerOptions extends SessionDescriptionHandlerOptionsDefinition {
  /** Options of createAnswer(). */
  answerOptions?: RTCAnswerOptions;
  /**
   * Constraints of the local media stream. Default: audio only. With audio and video both
   * false, the stream has no tracks.
   */
  constraints?: MediaStreamConstraints;
  /** If true, the first offer creates a data channel. */
  dataChannel?: boolean;
  /** Label of the data channel. */
  dataChannelLabel?: string;
  /** Options of the data channel. */
  dataChannelOptions?: RTCDataChannelInit;
  /** If true, offer and answer directions put the peer on hold. */
  hold?: boolean;
  /** Longest wait, in milliseconds, for ICE gathering; 0 or undefined waits without limit. */
  iceGatheringTimeout?: number;
  /** Options of createOffer(). */
  offerOptions?: RTCOfferOptions;
  /** Called when the data channel is created (by us or the remote peer). */
  onDataChannel?: (dataChannel: RTCDataChannel) => void;
}
