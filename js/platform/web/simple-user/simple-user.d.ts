import {
  InvitationAcceptOptions,
  InviterInviteOptions,
  InviterOptions,
  RegistererRegisterOptions,
  RegistererUnregisterOptions
} from "../../../api/index.js";
import { SimpleUserDelegate } from "./simple-user-delegate.js";
import { SimpleUserOptions } from "./simple-user-options.js";
/**
 * A simple SIP user for web pages: connect, register, one call at a time (over SessionManager).
 * @public
 */
export declare class SimpleUser {
  /** What the application is told. */
  delegate: SimpleUserDelegate | undefined;
  private logger;
  private options;
  private session;
  private sessionManager;
  /**
   * @param server - The SIP WebSocket server URL.
   * @param options - See {@link SimpleUserOptions}.
   */
  constructor(server: string, options?: SimpleUserOptions);
  /** Names this user in log lines. */
  get id(): string;
  /** The local media stream; undefined without a call. */
  get localMediaStream(): MediaStream | undefined;
  /** The remote media stream; undefined without a call. */
  get remoteMediaStream(): MediaStream | undefined;
  /** @deprecated Use localMediaStream and take the track from the stream. */
  get localAudioTrack(): MediaStreamTrack | undefined;
  /** @deprecated Use localMediaStream and take the track from the stream. */
  get localVideoTrack(): MediaStreamTrack | undefined;
  /** @deprecated Use remoteMediaStream and take the track from the stream. */
  get remoteAudioTrack(): MediaStreamTrack | undefined;
  /** @deprecated Use remoteMediaStream and take the track from the stream. */
  get remoteVideoTrack(): MediaStreamTrack | undefined;
  /** Connects to the server. */
  connect(): Promise<void>;
  /** Disconnects from the server. */
  disconnect(): Promise<void>;
  /** True while connected. */
  isConnected(): boolean;
  /** Registers; resolves once the REGISTER is sent. */
  register(registererRegisterOptions?: RegistererRegisterOptions): Promise<void>;
  /** Unregisters; resolves once the un-REGISTER is sent. */
  unregister(registererUnregisterOptions?: RegistererUnregisterOptions): Promise<void>;
  /** Calls `destination`; rejects if there is a call already. */
  call(destination: string, inviterOptions?: InviterOptions, inviterInviteOptions?: InviterInviteOptions): Promise<void>;
  /** Ends the call. */
  hangup(): Promise<void>;
  /** Accepts the incoming call. */
  answer(invitationAcceptOptions?: InvitationAcceptOptions): Promise<void>;
  /** Rejects the incoming call. */
  decline(): Promise<void>;
  /** Puts the call on hold. */
  hold(): Promise<void>;
  /** Takes the call off hold. */
  unhold(): Promise<void>;
  /** True if the call is on hold. */
  isHeld(): boolean;
  /** Disables the local tracks. */
  mute(): void;
  /** Enables the local tracks again. */
  unmute(): void;
  /** True if muted. */
  isMuted(): boolean;
  /** Sends one DTMF tone. */
  sendDTMF(tone: string): Promise<void>;
  /** Sends a MESSAGE. */
  message(destination: string, message: string): Promise<void>;
}
