import { RegistererOptions, UserAgentOptions } from "../../../api/index.js";
import { SimpleUserDelegate } from "./simple-user-delegate.js";
/**
 * Media for {@link SimpleUserOptions}.
 * @public
 */
export interface SimpleUserMedia {
  /** Whether calls send and receive audio and/or video; audio only when not given. */
  constraints?: SimpleUserMediaConstraints;
  /** Where to show the local stream. */
  local?: SimpleUserMediaLocal;
  /** Where to play the remote stream. */
  remote?: SimpleUserMediaRemote;
}
/**
 * Constraints for {@link SimpleUserMedia}.
 * @public
 */
export interface SimpleUserMediaConstraints {
  /** Offer and answer audio. */
  audio: boolean;
  /** Offer and answer video. */
  video: boolean;
}
/**
 * Local media elements for {@link SimpleUserMedia}.
 * @public
 */
export interface SimpleUserMediaLocal {
  /** Shows the local stream (muted). */
  video?: HTMLVideoElement;
}
/**
 * Remote media elements for {@link SimpleUserMedia}.
 * @public
 */
export interface SimpleUserMediaRemote {
  /** Plays the remote stream when there is no video element. */
  audio?: HTMLAudioElement;
  /** Plays the remote stream. */
  video?: HTMLVideoElement;
}
/**
 * Options for {@link SimpleUser}.
 * @public
 */
export interface SimpleUserOptions {
  /** The user's address of record, registered to receive calls; an anonymous one when not given. */
  aor?: string;
  /** What to tell the application. */
  delegate?: SimpleUserDelegate;
  /** Media options. */
  media?: SimpleUserMedia;
  /**
   * How many times to try reconnecting after the connection was lost.
   * @defaultValue 3
   */
  reconnectionAttempts?: number;
  /**
   * Seconds between reconnection attempts.
   * @defaultValue 4
   */
  reconnectionDelay?: number;
  /** Options for the Registerer. */
  registererOptions?: RegistererOptions;
  /**
   * Send DTMF in the media (RFC 4733) instead of INFO.
   * @defaultValue `false`
   */
  sendDTMFUsingSessionDescriptionHandler?: boolean;
  /** Options for the UserAgent. */
  userAgentOptions?: UserAgentOptions;
}
