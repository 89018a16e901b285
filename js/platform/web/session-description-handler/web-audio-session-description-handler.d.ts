import { Logger } from "../../../core/log/logger.js";
import { MediaStreamFactory } from "./media-stream-factory.js";
import { SessionDescriptionHandler } from "./session-description-handler.js";
import { SessionDescriptionHandlerConfiguration } from "./session-description-handler-configuration.js";

/**
 * Joins the audio of sessions into a local conference: each party hears every other.
 * @param conferenceSessions - The sessions (at least two), each with a WebAudioSessionDescriptionHandler.
 * @beta
 */
// The elements are the API's Sessions (sip.js types them `Session`); typed loosely here until
// api/session.d.ts exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function startLocalConference(conferenceSessions: Array<any>): void;

/**
 * A SessionDescriptionHandler that sends its local audio through the Web Audio API, so that other
 * audio can be mixed into what it sends (local conferencing).
 * @beta
 */
export declare class WebAudioSessionDescriptionHandler extends SessionDescriptionHandler {
  static audioContext: AudioContext | undefined;
  private localMediaStreamDestinationNode?;
  private localMediaStreamSourceNode?;
  private localMediaStreamReal?;
  private proxyAudioSent;
  constructor(
    logger: Logger,
    mediaStreamFactory: MediaStreamFactory,
    sessionDescriptionHandlerConfiguration?: SessionDescriptionHandlerConfiguration
  );
  close(): void;
  /**
   * Enables or disables the microphone's track.
   * @param enable - If true enable tracks.
   */
  enableSenderTracks(enable: boolean): void;
  /**
   * Routes `stream` into a Web Audio destination and returns the destination's stream.
   * @param stream - The MediaStream to proxy.
   */
  initLocalMediaStream(stream: MediaStream): MediaStream;
  /**
   * Mixes each party's received audio into the other's sent audio.
   * @param peer - The handler of the session to join with.
   */
  joinWith(peer: WebAudioSessionDescriptionHandler): void;
  /**
   * Sets the microphone stream behind the sent mix.
   * @param stream - Media stream whose audio is sent.
   */
  setRealLocalMediaStream(stream: MediaStream): void;
  protected setLocalMediaStream(stream: MediaStream): Promise<void>;
}
