import {
  RegistererOptions,
  RegistererRegisterOptions,
  Session,
  UserAgentOptions
} from "../../../api/index.js";
import { ManagedSessionFactory } from "./managed-session-factory.js";
import { SessionManagerDelegate } from "./session-manager-delegate.js";
/**
 * Media for {@link SessionManagerOptions}.
 * @public
 */
export interface SessionManagerMedia {
  /** Whether calls send and receive audio and/or video; audio only when not given. */
  constraints?: SessionManagerMediaConstraints;
  /** Where to show the local stream (or a function choosing the elements per session). */
  local?: SessionManagerMediaLocal | ((session: Session) => SessionManagerMediaLocal);
  /** Where to play the remote stream (or a function choosing the elements per session). */
  remote?: SessionManagerMediaRemote | ((session: Session) => SessionManagerMediaRemote);
}
/**
 * Constraints for {@link SessionManagerMedia}.
 * @public
 */
export interface SessionManagerMediaConstraints {
  /** Offer and answer audio. */
  audio: boolean;
  /** Offer and answer video. */
  video: boolean;
}
/**
 * Local media elements for {@link SessionManagerMedia}.
 * @public
 */
export interface SessionManagerMediaLocal {
  /** Shows the local stream (muted). */
  video?: HTMLVideoElement;
}
/**
 * Remote media elements for {@link SessionManagerMedia}.
 * @public
 */
export interface SessionManagerMediaRemote {
  /** Plays the remote stream when there is no video element. */
  audio?: HTMLAudioElement;
  /** Plays the remote stream. */
  video?: HTMLVideoElement;
}
/**
 * Options for {@link SessionManager}.
 * @public
 */
export interface SessionManagerOptions {
  /** The user's address of record, registered to receive calls; an anonymous one when not given. */
  aor?: string;
  /**
   * Stop the user agent on the window's `beforeunload` event (best effort: the page may be gone
   * before the stop completes).
   * @defaultValue `true`
   */
  autoStop?: boolean;
  /** What to tell the application. */
  delegate?: SessionManagerDelegate;
  /**
   * Stop waiting for ICE gathering on outgoing calls as soon as a server reflexive candidate is
   * found (shorter post-dial delay, fewer candidates).
   * @defaultValue `false`
   */
  iceStopWaitingOnServerReflexive?: boolean;
  /**
   * Makes the record kept per session.
   * @defaultValue `defaultManagedSessionFactory()`
   */
  managedSessionFactory?: ManagedSessionFactory;
  /**
   * How many sessions may be managed at once; 0 for no limit.
   * @defaultValue 2
   */
  maxSimultaneousSessions?: number;
  /** Media options. */
  media?: SessionManagerMedia;
  /**
   * Seconds between SIP OPTIONS pings to the server while connected; no pings when not given.
   * A ping answered 408 or 503 (or not at all) disconnects the transport, which then reconnects.
   * @defaultValue `undefined`
   */
  optionsPingInterval?: number;
  /**
   * Request-URI of the OPTIONS pings; when not given, the host part of `aor`.
   * @defaultValue `undefined`
   */
  optionsPingRequestURI?: string;
  /**
   * How many times to try reconnecting after the connection was lost (the first try is immediate).
   * @defaultValue 3
   */
  reconnectionAttempts?: number;
  /**
   * Seconds between reconnection attempts.
   * @defaultValue 4
   */
  reconnectionDelay?: number;
  /**
   * Retry when a REGISTER fails or is rejected.
   * @defaultValue `false`
   */
  registrationRetry?: boolean;
  /**
   * Seconds before a registration retry (randomised between this and twice this).
   * @defaultValue 3
   */
  registrationRetryInterval?: number;
  /** Asked before each REGISTER attempt; resolving `true` skips the attempt. */
  registerGuard?: (() => Promise<boolean>) | null;
  /** Options for the Registerer. */
  registererOptions?: RegistererOptions;
  /** Options for the REGISTER requests; `register(options)` replaces them. */
  registererRegisterOptions?: RegistererRegisterOptions;
  /**
   * Send DTMF in the media (RFC 4733, through the session description handler) instead of INFO.
   * @defaultValue `false`
   */
  sendDTMFUsingSessionDescriptionHandler?: boolean;
  /** Options for the UserAgent. */
  userAgentOptions?: UserAgentOptions;
}
