import { SessionDescriptionHandler } from "./session-description-handler.js";

/**
 * Joins the audio of sessions into a local conference: each party hears every other.
 * @param conferenceSessions - The sessions to conference (at least two), each with a
 *   {@link WebAudioSessionDescriptionHandler}.
 * @beta
 */
export function startLocalConference(conferenceSessions) {
  if (conferenceSessions.length < 2) {
    throw new Error("Start local conference requires at leaast 2 sessions.");
  }
  const handlers = conferenceSessions.map((session) => session.sessionDescriptionHandler);
  for (let i = 0; i < handlers.length; i++) {
    for (let j = i + 1; j < handlers.length; j++) {
      const a = handlers[i];
      const b = handlers[j];
      if (!(a instanceof WebAudioSessionDescriptionHandler && b instanceof WebAudioSessionDescriptionHandler)) {
        throw new Error("Session description handler not instance of SessionManagerSessionDescriptionHandler");
      }
      a.joinWith(b);
    }
  }
}

/**
 * A SessionDescriptionHandler that sends its local audio through the Web Audio API, so that other
 * audio can be mixed into what it sends (local conferencing, see {@link startLocalConference}).
 *
 * @remarks
 * One audio track per peer connection. The microphone's track feeds a MediaStreamAudioSourceNode
 * connected to a MediaStreamAudioDestinationNode whose track is the one sent; video tracks, if any,
 * are sent as they are.
 * @beta
 */
export class WebAudioSessionDescriptionHandler extends SessionDescriptionHandler {
  constructor(logger, mediaStreamFactory, sessionDescriptionHandlerConfiguration) {
    super(logger, mediaStreamFactory, sessionDescriptionHandlerConfiguration);
    this.localMediaStreamDestinationNode = undefined;
    this.localMediaStreamSourceNode = undefined;
    this.localMediaStreamReal = undefined;
    this.proxyAudioSent = false;
    if (!WebAudioSessionDescriptionHandler.audioContext) {
      const AudioContextClass = globalThis.AudioContext;
      if (typeof AudioContextClass !== "function") {
        throw new Error("AudioContext is not available in this environment.");
      }
      WebAudioSessionDescriptionHandler.audioContext = new AudioContextClass();
    }
  }

  /**
   * Stops the tracks (the microphone's too) and closes the peer connection.
   */
  close() {
    super.close();
    if (this.localMediaStreamSourceNode && this.localMediaStreamDestinationNode) {
      try {
        this.localMediaStreamSourceNode.disconnect(this.localMediaStreamDestinationNode);
      } catch (e) {
        // already disconnected
      }
    }
    if (this.localMediaStreamReal) {
      this.localMediaStreamReal.getTracks().forEach((track) => track.stop());
    }
  }

  /**
   * Enables or disables the microphone's track (not the mix that is sent, which may carry other
   * parties of a conference).
   * @param enable - If true enable tracks.
   */
  enableSenderTracks(enable) {
    const stream = this.localMediaStreamReal;
    if (stream === undefined) {
      throw new Error("Stream undefined.");
    }
    stream.getAudioTracks().forEach((track) => {
      track.enabled = enable;
    });
  }

  /**
   * Routes `stream` into a Web Audio destination and returns the destination's stream, into which
   * other sources can be mixed.
   * @param stream - The MediaStream to proxy.
   */
  initLocalMediaStream(stream) {
    const context = WebAudioSessionDescriptionHandler.audioContext;
    if (!context) {
      throw new Error("SessionManagerSessionDescriptionHandler.audioContext undefined.");
    }
    this.localMediaStreamReal = stream;
    this.localMediaStreamSourceNode = context.createMediaStreamSource(stream);
    this.localMediaStreamDestinationNode = context.createMediaStreamDestination();
    this.localMediaStreamSourceNode.connect(this.localMediaStreamDestinationNode);
    return this.localMediaStreamDestinationNode.stream;
  }

  /**
   * Mixes our received audio into the peer's sent audio, and the peer's received audio into ours.
   * @param peer - The handler of the session to join with.
   */
  joinWith(peer) {
    const context = WebAudioSessionDescriptionHandler.audioContext;
    if (!context) {
      throw new Error("SessionManagerSessionDescriptionHandler.audioContext undefined.");
    }
    const peerDestination = peer.localMediaStreamDestinationNode;
    if (peerDestination === undefined) {
      throw new Error("Peer outbound (local) stream local media stream destination is undefined.");
    }
    const ourDestination = this.localMediaStreamDestinationNode;
    if (ourDestination === undefined) {
      throw new Error("Our outbound (local) stream local media stream destination is undefined.");
    }
    context.createMediaStreamSource(this.remoteMediaStream).connect(peerDestination);
    context.createMediaStreamSource(peer.remoteMediaStream).connect(ourDestination);
  }

  /**
   * Sets the microphone stream behind the sent mix (the first time, makes the mix).
   * @param stream - Media stream whose audio is sent.
   */
  setRealLocalMediaStream(stream) {
    const context = WebAudioSessionDescriptionHandler.audioContext;
    if (!context) {
      throw new Error("SessionManagerSessionDescriptionHandler.audioContext undefined.");
    }
    if (!this.localMediaStreamReal) {
      this.initLocalMediaStream(stream);
      return;
    }
    if (!this.localMediaStreamDestinationNode || !this.localMediaStreamSourceNode) {
      throw new Error("Local media stream undefined.");
    }
    this.localMediaStreamReal = stream;
    this.localMediaStreamSourceNode.disconnect(this.localMediaStreamDestinationNode);
    this.localMediaStreamSourceNode = context.createMediaStreamSource(stream);
    this.localMediaStreamSourceNode.connect(this.localMediaStreamDestinationNode);
  }

  /**
   * Sends the mix in place of the stream's audio track: the stream's audio feeds the mix, whose
   * track is added to the peer connection once; video tracks are sent as they are.
   * @param stream - Media stream from the media stream factory.
   */
  setLocalMediaStream(stream) {
    const tracks = stream.getVideoTracks().slice(0, 1);
    if (stream.getAudioTracks().length) {
      const previous = this.localMediaStreamReal;
      this.setRealLocalMediaStream(stream);
      if (previous && previous !== stream) {
        const kept = stream.getAudioTracks();
        previous.getAudioTracks().forEach((track) => {
          if (!kept.includes(track)) {
            track.stop();
          }
        });
      }
      if (!this.proxyAudioSent) {
        const destination = this.localMediaStreamDestinationNode;
        tracks.unshift(...destination.stream.getAudioTracks().slice(0, 1));
        this.proxyAudioSent = true;
      }
    }
    if (tracks.length === 0) {
      return Promise.resolve();
    }
    return super.setLocalMediaStream(new globalThis.MediaStream(tracks));
  }
}
