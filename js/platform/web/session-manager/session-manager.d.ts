import {
  InvitationAcceptOptions,
  Inviter,
  InviterInviteOptions,
  InviterOptions,
  RegistererRegisterOptions,
  RegistererUnregisterOptions,
  Session,
  SessionReferOptions,
  UserAgent
} from "../../../api/index.js";
import { ManagedSession } from "./managed-session.js";
import { SessionManagerDelegate } from "./session-manager-delegate.js";
import { SessionManagerOptions } from "./session-manager-options.js";
/**
 * Runs a UserAgent for a web application: connection and reconnection, registration, calls,
 * hold, mute, DTMF, transfer, messages, and the calls' media on HTML elements.
 * @public
 */
export declare class SessionManager {
  /** What the application is told. */
  delegate: SessionManagerDelegate | undefined;
  /** The sessions being managed. */
  managedSessions: Array<ManagedSession>;
  /** The user agent this manager runs. */
  userAgent: UserAgent;
  private attemptingReconnection;
  private logger;
  private options;
  private optionsPingFailure;
  private optionsPingRequest?;
  private optionsPingRunning;
  private optionsPingTimeout?;
  private registrationAttemptTimeout?;
  private registrationAttemptCancel?;
  private reconnectionAttemptTimeout?;
  private registerer?;
  private registererOptions?;
  private registererRegisterOptions;
  private shouldBeConnected;
  private shouldBeRegistered;
  /**
   * @param server - The SIP WebSocket server URL (used unless userAgentOptions.transportOptions is given).
   * @param options - See {@link SessionManagerOptions}.
   */
  constructor(server: string, options?: SessionManagerOptions);
  /** The session's local media stream; undefined before the session has a description handler. */
  getLocalMediaStream(session: Session): MediaStream | undefined;
  /** The session's remote media stream; undefined before the session has a description handler. */
  getRemoteMediaStream(session: Session): MediaStream | undefined;
  /** @deprecated Use getLocalMediaStream() and take the track from the stream. */
  getLocalAudioTrack(session: Session): MediaStreamTrack | undefined;
  /** @deprecated Use getLocalMediaStream() and take the track from the stream. */
  getLocalVideoTrack(session: Session): MediaStreamTrack | undefined;
  /** @deprecated Use getRemoteMediaStream() and take the track from the stream. */
  getRemoteAudioTrack(session: Session): MediaStreamTrack | undefined;
  /** @deprecated Use getRemoteMediaStream() and take the track from the stream. */
  getRemoteVideoTrack(session: Session): MediaStreamTrack | undefined;
  /** Starts the user agent, or reconnects its transport; lost connections are re-established from now on. */
  connect(): Promise<void>;
  /** Stops the user agent. */
  disconnect(): Promise<void>;
  /** True while the transport is connected. */
  isConnected(): boolean;
  /** Registers the AOR and keeps it registered; resolves once the REGISTER is sent. */
  register(registererRegisterOptions?: RegistererRegisterOptions): Promise<void>;
  /** Unregisters; resolves once the un-REGISTER is sent. */
  unregister(registererUnregisterOptions?: RegistererUnregisterOptions): Promise<void>;
  /** Calls `destination`; resolves with the Inviter once the INVITE is sent. */
  call(destination: string, inviterOptions?: InviterOptions, inviterInviteOptions?: InviterInviteOptions): Promise<Inviter>;
  /** Ends a managed session with CANCEL, a reject or BYE, as its state calls for. */
  hangup(session: Session): Promise<void>;
  /** Accepts a managed incoming call. */
  answer(session: Session, invitationAcceptOptions?: InvitationAcceptOptions): Promise<void>;
  /** Rejects a managed incoming call. */
  decline(session: Session): Promise<void>;
  /** Puts the session on hold with a re-INVITE; onCallHold tells the outcome. */
  hold(session: Session): Promise<void>;
  /** Takes the session off hold with a re-INVITE; onCallHold tells the outcome. */
  unhold(session: Session): Promise<void>;
  /** True if the session is on hold. */
  isHeld(session: Session): boolean;
  /** Disables the session's local tracks. */
  mute(session: Session): void;
  /** Enables the session's local tracks again. */
  unmute(session: Session): void;
  /** True if the session is muted. */
  isMuted(session: Session): boolean;
  /** Sends one DTMF tone (INFO application/dtmf-relay, or RFC 4733 through the SDH). */
  sendDTMF(session: Session, tone: string): Promise<void>;
  /** REFERs the peer to another session (attended) or to a SIP URI (blind). */
  transfer(session: Session, target: Session | string, options?: SessionReferOptions): Promise<void>;
  /** Sends a MESSAGE. */
  message(destination: string, message: string): Promise<void>;
  private get constraints();
  private atSessionLimit;
  private onUserAgentConnect;
  private onUserAgentDisconnect;
  private onUserAgentInvite;
  private onRegistererStateChange;
  private attemptReconnection;
  private attemptRegistration;
  private cancelPendingAttempts;
  private cleanupMedia;
  private enableReceiverTracks;
  private enableSenderTracks;
  private initSession;
  private onSessionInfo;
  private optionsPingRun;
  private optionsPingStart;
  private optionsPingStop;
  private sendInvite;
  private sessionAdd;
  private sessionExists;
  private sessionManaged;
  private sessionRemove;
  private setHold;
  private setMute;
  private setupLocalMedia;
  private setupRemoteMedia;
  private terminate;
  private webSessionDescriptionHandler;
}
