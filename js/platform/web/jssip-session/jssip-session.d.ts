import { Invitation, Inviter, InviterOptions, Session, SessionDescriptionHandlerOptions, UserAgent } from "../../../api/index.js";
import { IncomingRequestMessage, IncomingResponseMessage } from "../../../core/index.js";
import { NameAddrHeader, URI } from "../../../grammar/index.js";
import { JsSIPDTMF } from "./dtmf.js";
import { EventEmitter } from "./event-emitter.js";
import { InvalidStateError } from "./invalid-state-error.js";

/** The request message an INFO we sent went out as (what `Session.info()` resolves to carries it). */
type SentRequestMessage = Awaited<ReturnType<Session["info"]>>["message"];

/** Who caused an event: us or the peer. */
export type JsSIPOriginator = "local" | "remote";

/** Options of {@link JsSIPSession.call}. */
export interface JsSIPSessionCallOptions {
  /** What to send; default `{ audio: true, video: true }`. Passed as the session description handler's `constraints`. */
  mediaConstraints?: { audio?: boolean | object; video?: boolean | object };
  /** A stream to send instead of asking for one (web session description handler only). */
  mediaStream?: MediaStream;
  /** Extra header lines of the INVITE. */
  extraHeaders?: Array<string>;
  /** Listeners to add before anything is sent, by event name. */
  eventHandlers?: Partial<{ [E in keyof JsSIPSessionEventMap]: (data: JsSIPSessionEventMap[E]) => void }>;
  /** Initial value of {@link JsSIPSession.data}; default `{}`. */
  data?: unknown;
  /** More options for the Inviter (SIP.js's own, e.g. `earlyMedia`, `params`). */
  inviterOptions?: InviterOptions;
}

/** Options of {@link JsSIPSession.fromInvitation}. */
export interface JsSIPSessionFromInvitationOptions {
  eventHandlers?: JsSIPSessionCallOptions["eventHandlers"];
  data?: unknown;
}

/** Options of {@link JsSIPSession.answer}. */
export interface JsSIPSessionAnswerOptions {
  mediaConstraints?: { audio?: boolean | object; video?: boolean | object };
  mediaStream?: MediaStream;
  /** Extra header lines of the 200 OK. */
  extraHeaders?: Array<string>;
  /** More options for the session description handler (SIP.js's own). */
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
}

/** Options of {@link JsSIPSession.terminate}. */
export interface JsSIPSessionTerminateOptions {
  /**
   * Unanswered incoming call: the final response, 300-699 (default 480). Outgoing call not yet
   * answered (CANCEL) or answered call (BYE): 200-699, sent as a Reason header (RFC 3326).
   */
  statusCode?: number;
  reasonPhrase?: string;
  /** JsSIP 3 spelling of statusCode. */
  status_code?: number;
  /** JsSIP 3 spelling of reasonPhrase. */
  reason_phrase?: string;
  /** Extra header lines of the final response or BYE (not of a CANCEL). */
  extraHeaders?: Array<string>;
  /** The `cause` of the "ended" event of an answered call; default "Terminated". */
  cause?: string;
}

/** Options of {@link JsSIPSession.sendDTMF}. */
export interface JsSIPSessionDTMFOptions {
  /** Tone duration in ms, 70-6000; default 100. */
  duration?: number;
  /** Gap between tones in ms, at least 50; default 500. */
  interToneGap?: number;
  /** Extra header lines of each INFO. */
  extraHeaders?: Array<string>;
}

/** The events of a {@link JsSIPSession} and their data. */
export interface JsSIPSessionEventMap {
  /** A 1xx (>100) to the INVITE: received (remote, `response` set) or sent (local, our 180). */
  progress: { originator: JsSIPOriginator; response: IncomingResponseMessage | null };
  /** The call is answered: the 2xx received (remote, `response` set) or sent (local). */
  started: { originator: JsSIPOriginator; response: IncomingResponseMessage | null };
  /** An answered call is over. `message` (also as `response`) is the peer's BYE when it ended it. */
  ended: { originator: JsSIPOriginator; message: IncomingRequestMessage | null; response: IncomingRequestMessage | null; cause: string };
  /** The call could not be established. `message` (also as `response`) is the failure response or the peer's CANCEL. */
  failed: {
    originator: JsSIPOriginator;
    message: IncomingResponseMessage | IncomingRequestMessage | null;
    response: IncomingResponseMessage | IncomingRequestMessage | null;
    cause: string;
  };
  /** A DTMF tone sent (local: the INFO sent) or received (remote: the INFO received). */
  newDTMF: { originator: JsSIPOriginator; dtmf: JsSIPDTMF; request: IncomingRequestMessage | SentRequestMessage };
}

/**
 * A call with JsSIP's Session surface, driven by a SIP.js-style Session (an Inviter for an
 * outgoing call, an Invitation for an incoming one).
 *
 * @example
 * ```ts
 * const call = Web.JsSIPSession.call(userAgent, "sip:bob@example.com", { mediaConstraints: { audio: true, video: false } });
 * call.on("started", () => call.sendDTMF("1234#"));
 * // incoming: new UserAgent({ delegate: { onInvite: (invitation) => Web.JsSIPSession.fromInvitation(invitation).answer() } })
 * ```
 */
export declare class JsSIPSession extends EventEmitter<JsSIPSessionEventMap> {
  /** Session statuses (JsSIP's RTCSession.C). */
  static readonly C: {
    readonly STATUS_NULL: 0;
    readonly STATUS_INVITE_SENT: 1;
    readonly STATUS_1XX_RECEIVED: 2;
    readonly STATUS_INVITE_RECEIVED: 3;
    readonly STATUS_WAITING_FOR_ANSWER: 4;
    readonly STATUS_ANSWERED: 5;
    readonly STATUS_WAITING_FOR_ACK: 6;
    readonly STATUS_CANCELED: 7;
    readonly STATUS_TERMINATED: 8;
    readonly STATUS_CONFIRMED: 9;
  };
  /** End and failure causes (JsSIP's C.causes: the `cause` of "ended" and "failed"). */
  static readonly causes: { readonly [name: string]: string };
  /** Thrown by a method called in a status that does not allow it; `name` is "INVALID_STATE_ERROR". */
  static readonly InvalidStateError: typeof InvalidStateError;
  /** One DTMF tone. */
  static readonly DTMF: typeof JsSIPDTMF;

  /** Calls `target` ("sip:bob@example.com", "bob" for our domain, or a URI): sends the INVITE at once. */
  static call(userAgent: UserAgent, target: string | URI, options?: JsSIPSessionCallOptions): JsSIPSession;
  /** Takes over an incoming call and rings (sends 180 Ringing, then emits "progress"). */
  static fromInvitation(invitation: Invitation, options?: JsSIPSessionFromInvitationOptions): JsSIPSession;

  /** @internal Use the factories. */
  constructor(session: Inviter | Invitation, options?: JsSIPSessionCallOptions);

  /** "outgoing" or "incoming". */
  readonly direction: "outgoing" | "incoming";
  /** Our identity: the INVITE's From (outgoing) or To (incoming). */
  readonly local_identity: NameAddrHeader;
  /** The peer's identity: the INVITE's To (outgoing) or From (incoming). */
  readonly remote_identity: NameAddrHeader;
  /** When "started" was emitted. */
  readonly start_time: Date | undefined;
  /** When "ended" was emitted. */
  readonly end_time: Date | undefined;
  /** The application's own data (default `{}`). */
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The JsSIP status ({@link JsSIPSession.C}). */
  readonly status: number;
  /** The SIP.js-style Session underneath. */
  readonly session: Inviter | Invitation;
  /** The RTCPeerConnection of the session description handler, if any. */
  readonly connection: RTCPeerConnection | undefined;

  isInProgress(): boolean;
  isEstablished(): boolean;
  isEnded(): boolean;

  /** Answers an incoming call. Throws INVALID_STATE_ERROR unless incoming and waiting for an answer. */
  answer(options?: JsSIPSessionAnswerOptions): void;
  /** Ends the call: CANCEL, a non-2xx final response or BYE as the state asks. Throws INVALID_STATE_ERROR once ended. */
  terminate(options?: JsSIPSessionTerminateOptions): void;
  /** Sends DTMF over INFO, one request per tone. Throws INVALID_STATE_ERROR unless answered, TypeError for bad arguments. */
  sendDTMF(tones: string | number, options?: JsSIPSessionDTMFOptions): void;
  /** The MediaStreams we send. */
  getLocalStreams(): Array<MediaStream>;
  /** The MediaStreams we receive. */
  getRemoteStreams(): Array<MediaStream>;
}
