import {
  BodyAndContentType,
  SessionDescriptionHandler as SessionDescriptionHandlerDefinition,
  SessionDescriptionHandlerModifier
} from "../../../api/session-description-handler.js";
import { Logger } from "../../../core/log/logger.js";
import { MediaStreamFactory } from "./media-stream-factory.js";
import { PeerConnectionDelegate } from "./peer-connection-delegate.js";
import { SessionDescriptionHandlerConfiguration } from "./session-description-handler-configuration.js";
import { SessionDescriptionHandlerOptions } from "./session-description-handler-options.js";

/**
 * A session description handler for web browsers, over an RTCPeerConnection.
 *
 * @remarks
 * Meant to be extended: its steps are protected methods a subclass may override.
 * @public
 */
export declare class SessionDescriptionHandler implements SessionDescriptionHandlerDefinition {
  /** Logger. */
  protected logger: Logger;
  /** Media stream factory. */
  protected mediaStreamFactory: MediaStreamFactory;
  /** Configuration. */
  protected sessionDescriptionHandlerConfiguration?: SessionDescriptionHandlerConfiguration;
  /** The local media stream. */
  protected _localMediaStream: MediaStream;
  /** The remote media stream. */
  protected _remoteMediaStream: MediaStream;
  /** The data channel, once there is one. */
  protected _dataChannel: RTCDataChannel | undefined;
  /** The peer connection, until closed. */
  protected _peerConnection: RTCPeerConnection | undefined;
  /** The peer connection delegate. */
  protected _peerConnectionDelegate: PeerConnectionDelegate | undefined;
  private iceGatheringCompletePromise;
  private iceGatheringCompleteTimeoutId;
  private iceGatheringCompleteResolve;
  private iceGatheringCompleteReject;
  private localMediaStreamConstraints;
  private onDataChannel;
  /**
   * @param logger - A logger.
   * @param mediaStreamFactory - Makes the local MediaStream from constraints.
   * @param sessionDescriptionHandlerConfiguration - ICE gathering timeout and RTCConfiguration.
   */
  constructor(
    logger: Logger,
    mediaStreamFactory: MediaStreamFactory,
    sessionDescriptionHandlerConfiguration?: SessionDescriptionHandlerConfiguration
  );
  /** The local media stream being sent (tracks come and go: watch addtrack/removetrack). */
  get localMediaStream(): MediaStream;
  /** The remote media stream being received (tracks come and go: watch addtrack/removetrack). */
  get remoteMediaStream(): MediaStream;
  /** The data channel; undefined until one is created. */
  get dataChannel(): RTCDataChannel | undefined;
  /** The peer connection; undefined once closed. Observe its events through `peerConnectionDelegate`. */
  get peerConnection(): RTCPeerConnection | undefined;
  /** A delegate called with the peer connection's events. */
  get peerConnectionDelegate(): PeerConnectionDelegate | undefined;
  set peerConnectionDelegate(delegate: PeerConnectionDelegate | undefined);
  private static dispatchAddTrackEvent;
  private static dispatchRemoveTrackEvent;
  private static dispatchTrackEvent;
  /** Stops the tracks and closes the peer connection. */
  close(): void;
  /**
   * Enables or disables the received tracks.
   * @param enable - If true enable tracks, otherwise disable tracks.
   */
  enableReceiverTracks(enable: boolean): void;
  /**
   * Enables or disables the sent tracks.
   * @param enable - If true enable tracks, otherwise disable tracks.
   */
  enableSenderTracks(enable: boolean): void;
  /**
   * Creates a local offer or answer, sets it and waits for ICE gathering.
   * @param options - Options.
   * @param modifiers - Modifiers.
   */
  getDescription(
    options?: SessionDescriptionHandlerOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>
  ): Promise<BodyAndContentType>;
  /**
   * True for a body of type application/sdp.
   * @param contentType - The Content-Type of the SIP message body.
   */
  hasDescription(contentType: string): boolean;
  /** Stops waiting for ICE gathering (the description goes out with the candidates so far). */
  iceGatheringComplete(): void;
  /** Rolls back a pending local or remote offer; resolves at once if none is pending. */
  rollbackDescription(): Promise<void>;
  /**
   * Sends DTMF in the media path (RFC 4733).
   * @param tones - DTMF digits.
   * @param options - Tone duration and gap between tones, in milliseconds.
   * @returns true if the tones were queued, false otherwise.
   */
  sendDtmf(
    tones: string,
    options?: {
      duration: number;
      interToneGap: number;
    }
  ): boolean;
  /**
   * Applies a remote offer or answer.
   * @param sdp - The session description.
   * @param options - Options.
   * @param modifiers - Modifiers.
   */
  setDescription(
    sdp: string,
    options?: SessionDescriptionHandlerOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>
  ): Promise<void>;
  protected applyModifiers(
    sdp: RTCSessionDescriptionInit,
    modifiers?: Array<SessionDescriptionHandlerModifier>
  ): Promise<RTCSessionDescriptionInit>;
  protected createDataChannel(options?: SessionDescriptionHandlerOptions): Promise<void>;
  protected createLocalOfferOrAnswer(options?: SessionDescriptionHandlerOptions): Promise<RTCSessionDescriptionInit>;
  protected getLocalMediaStream(options?: SessionDescriptionHandlerOptions): Promise<void>;
  protected setLocalMediaStream(stream: MediaStream): Promise<void>;
  protected getLocalSessionDescription(): Promise<RTCSessionDescription>;
  protected setLocalSessionDescription(sessionDescription: RTCSessionDescriptionInit): Promise<void>;
  protected setRemoteSessionDescription(sessionDescription: RTCSessionDescriptionInit): Promise<void>;
  protected setRemoteTrack(track: MediaStreamTrack): void;
  protected updateDirection(options?: SessionDescriptionHandlerOptions): Promise<void>;
  protected waitForIceGatheringComplete(restart?: boolean, timeout?: number): Promise<void>;
  private initPeerConnectionEventHandlers;
}
