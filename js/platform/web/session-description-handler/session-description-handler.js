// A session description handler over the browser's RTCPeerConnection (WebRTC). Pure JavaScript:
// RTCPeerConnection, MediaStream and MediaStreamTrackEvent are looked up on globalThis when used.

function browserClass(name) {
  const cls = globalThis[name];
  if (typeof cls !== "function") {
    throw new Error(`${name} is not available in this environment (globalThis.${name} is undefined).`);
  }
  return cls;
}

function closedError() {
  return new Error("Peer connection closed.");
}

const DIRECTIONS = ["sendrecv", "sendonly", "recvonly", "inactive"];

// The direction of each media description of an SDP, keyed by mid (and by index, as "#0", "#1",
// ...): the media-level attribute, else the session-level one, else sendrecv (RFC 4566 §6).
function offeredDirections(sdp) {
  const result = new Map();
  let sessionDirection;
  let index = -1;
  let current;
  const finish = () => {
    if (current) {
      const direction = current.direction || sessionDirection || "sendrecv";
      result.set(`#${current.index}`, direction);
      if (current.mid !== undefined) {
        result.set(current.mid, direction);
      }
    }
  };
  for (const line of sdp.split(/\r\n|\n/)) {
    if (line.startsWith("m=")) {
      finish();
      current = { index: ++index, mid: undefined, direction: undefined };
      continue;
    }
    const attribute = /^a=([a-z]+)(?::(\S+))?\s*$/.exec(line);
    if (!attribute) {
      continue;
    }
    if (DIRECTIONS.includes(attribute[1]) && attribute[2] === undefined) {
      if (current) {
        current.direction = attribute[1];
      } else {
        sessionDirection = attribute[1];
      }
    } else if (attribute[1] === "mid" && current && attribute[2] !== undefined) {
      current.mid = attribute[2];
    }
  }
  finish();
  return result;
}

/**
 * A session description handler for web browsers, over an RTCPeerConnection.
 *
 * @remarks
 * Meant to be extended: its steps are protected methods a subclass may override.
 * @public
 */
export class SessionDescriptionHandler {
  /**
   * @param logger - A logger.
   * @param mediaStreamFactory - Makes the local MediaStream from constraints.
   * @param sessionDescriptionHandlerConfiguration - ICE gathering timeout and RTCConfiguration.
   */
  constructor(logger, mediaStreamFactory, sessionDescriptionHandlerConfiguration) {
    logger.debug("SessionDescriptionHandler.constructor");
    this.logger = logger;
    this.mediaStreamFactory = mediaStreamFactory;
    this.sessionDescriptionHandlerConfiguration = sessionDescriptionHandlerConfiguration;
    this._dataChannel = undefined;
    this._peerConnectionDelegate = undefined;
    this.iceGatheringCompletePromise = undefined;
    this.iceGatheringCompleteTimeoutId = undefined;
    this.iceGatheringCompleteResolve = undefined;
    this.iceGatheringCompleteReject = undefined;
    this.localMediaStreamConstraints = undefined;
    this.onDataChannel = undefined;
    const MediaStreamClass = browserClass("MediaStream");
    this._localMediaStream = new MediaStreamClass();
    this._remoteMediaStream = new MediaStreamClass();
    const RTCPeerConnectionClass = browserClass("RTCPeerConnection");
    this._peerConnection = new RTCPeerConnectionClass(
      sessionDescriptionHandlerConfiguration ? sessionDescriptionHandlerConfiguration.peerConnectionConfiguration : undefined
    );
    this.initPeerConnectionEventHandlers();
  }

  /**
   * The local media stream being sent. It starts with no tracks; tracks are added (and replaced)
   * as local media is acquired: listen for its "addtrack" and "removetrack" events.
   */
  get localMediaStream() {
    return this._localMediaStream;
  }

  /**
   * The remote media stream being received. It starts with no tracks; tracks are added (and
   * replaced) as the remote peer's tracks arrive: listen for its "addtrack" and "removetrack" events.
   */
  get remoteMediaStream() {
    return this._remoteMediaStream;
  }

  /**
   * The data channel; undefined until one is created.
   */
  get dataChannel() {
    return this._dataChannel;
  }

  /**
   * The peer connection; undefined once closed. Its event handler properties belong to this
   * handler: use `peerConnectionDelegate` (or addEventListener) to observe its events.
   */
  get peerConnection() {
    return this._peerConnection;
  }

  /**
   * A delegate called with the peer connection's events.
   */
  get peerConnectionDelegate() {
    return this._peerConnectionDelegate;
  }

  set peerConnectionDelegate(delegate) {
    this._peerConnectionDelegate = delegate;
  }

  // A MediaStream fires addtrack/removetrack only for changes the browser makes, not for
  // addTrack()/removeTrack() calls: these dispatch them for the changes this handler makes.
  static dispatchAddTrackEvent(stream, track) {
    SessionDescriptionHandler.dispatchTrackEvent(stream, "addtrack", track);
  }

  static dispatchRemoveTrackEvent(stream, track) {
    SessionDescriptionHandler.dispatchTrackEvent(stream, "removetrack", track);
  }

  static dispatchTrackEvent(stream, type, track) {
    const EventClass = globalThis.MediaStreamTrackEvent;
    if (typeof EventClass === "function" && typeof stream.dispatchEvent === "function") {
      stream.dispatchEvent(new EventClass(type, { track }));
    }
  }

  /**
   * Stops the tracks and closes the peer connection. A getDescription() waiting for ICE
   * gathering rejects.
   */
  close() {
    this.logger.debug("SessionDescriptionHandler.close");
    const peerConnection = this._peerConnection;
    if (peerConnection === undefined) {
      return;
    }
    peerConnection.getReceivers().forEach((receiver) => {
      receiver.track && receiver.track.stop();
    });
    peerConnection.getSenders().forEach((sender) => {
      sender.track && sender.track.stop();
    });
    if (this._dataChannel) {
      this._dataChannel.close();
    }
    peerConnection.close();
    this._peerConnection = undefined;
    if (this.iceGatheringCompleteTimeoutId !== undefined) {
      globalThis.clearTimeout(this.iceGatheringCompleteTimeoutId);
      this.iceGatheringCompleteTimeoutId = undefined;
    }
    if (this.iceGatheringCompletePromise !== undefined) {
      const reject = this.iceGatheringCompleteReject;
      this.iceGatheringCompletePromise = undefined;
      this.iceGatheringCompleteResolve = undefined;
      this.iceGatheringCompleteReject = undefined;
      reject && reject(closedError());
    }
  }

  /**
   * Enables or disables the received tracks (mutes what is heard and seen).
   * @param enable - If true enable tracks, otherwise disable tracks.
   */
  enableReceiverTracks(enable) {
    const peerConnection = this.peerConnection;
    if (!peerConnection) {
      throw closedError();
    }
    peerConnection.getReceivers().forEach((receiver) => {
      if (receiver.track) {
        receiver.track.enabled = enable;
      }
    });
  }

  /**
   * Enables or disables the sent tracks (mutes what is sent).
   * @param enable - If true enable tracks, otherwise disable tracks.
   */
  enableSenderTracks(enable) {
    const peerConnection = this.peerConnection;
    if (!peerConnection) {
      throw closedError();
    }
    peerConnection.getSenders().forEach((sender) => {
      if (sender.track) {
        sender.track.enabled = enable;
      }
    });
  }

  /**
   * Creates a local offer (signaling state "stable") or answer ("have-remote-offer"): acquires
   * local media, sets the transceiver directions (hold), creates the description, applies the
   * modifiers, sets it as the local description and waits for ICE gathering (or its timeout).
   * @param options - Options.
   * @param modifiers - Modifiers.
   */
  getDescription(options, modifiers) {
    this.logger.debug("SessionDescriptionHandler.getDescription");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    this.onDataChannel = options ? options.onDataChannel : undefined;
    // An offer made with iceRestart gathers again even if gathering had completed.
    const iceRestart = options && options.offerOptions ? options.offerOptions.iceRestart : undefined;
    // The ICE gathering timeout of this call, else the configured one.
    const iceTimeout =
      options && options.iceGatheringTimeout !== undefined
        ? options.iceGatheringTimeout
        : this.sessionDescriptionHandlerConfiguration
        ? this.sessionDescriptionHandlerConfiguration.iceGatheringTimeout
        : undefined;
    return this.getLocalMediaStream(options)
      .then(() => this.updateDirection(options))
      .then(() => this.createDataChannel(options))
      .then(() => this.createLocalOfferOrAnswer(options))
      .then((sessionDescription) => this.applyModifiers(sessionDescription, modifiers))
      .then((sessionDescription) => this.setLocalSessionDescription(sessionDescription))
      .then(() => this.waitForIceGatheringComplete(iceRestart, iceTimeout))
      .then(() => this.getLocalSessionDescription())
      .then((sessionDescription) => ({ body: sessionDescription.sdp, contentType: "application/sdp" }))
      .catch((error) => {
        this.logger.error("SessionDescriptionHandler.getDescription failed - " + error);
        throw error;
      });
  }

  /**
   * True for a body of type application/sdp.
   * @param contentType - The Content-Type of the SIP message body.
   */
  hasDescription(contentType) {
    this.logger.debug("SessionDescriptionHandler.hasDescription");
    if (typeof contentType !== "string") {
      return false;
    }
    return contentType.split(";")[0].trim().toLowerCase() === "application/sdp";
  }

  /**
   * Stops waiting for ICE gathering: the pending getDescription() goes on with the candidates
   * gathered so far. Called when gathering completes or times out; call it to end the wait early.
   */
  iceGatheringComplete() {
    this.logger.debug("SessionDescriptionHandler.iceGatheringComplete");
    if (this.iceGatheringCompleteTimeoutId !== undefined) {
      this.logger.debug("SessionDescriptionHandler.iceGatheringComplete - clearing timeout");
      globalThis.clearTimeout(this.iceGatheringCompleteTimeoutId);
      this.iceGatheringCompleteTimeoutId = undefined;
    }
    if (this.iceGatheringCompletePromise !== undefined) {
      this.logger.debug("SessionDescriptionHandler.iceGatheringComplete - resolving promise");
      const resolve = this.iceGatheringCompleteResolve;
      this.iceGatheringCompletePromise = undefined;
      this.iceGatheringCompleteResolve = undefined;
      this.iceGatheringCompleteReject = undefined;
      resolve && resolve();
    }
  }

  /**
   * Rolls back a pending local or remote offer (RTCSdpType "rollback"), back to "stable".
   * Resolves at once if nothing is pending.
   */
  rollbackDescription() {
    this.logger.debug("SessionDescriptionHandler.rollbackDescription");
    const peerConnection = this._peerConnection;
    if (peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    switch (peerConnection.signalingState) {
      case "stable":
        return Promise.resolve();
      case "have-local-offer":
        return peerConnection.setLocalDescription({ type: "rollback" }).then(() => {
          // The directions this offer asked for (hold, unhold) go back to the negotiated ones.
          peerConnection.getTransceivers().forEach((transceiver) => {
            const negotiated = transceiver.currentDirection;
            if (
              negotiated &&
              negotiated !== "stopped" &&
              transceiver.direction !== "stopped" &&
              transceiver.direction !== negotiated
            ) {
              transceiver.direction = negotiated;
            }
          });
        });
      case "have-remote-offer":
        return peerConnection.setRemoteDescription({ type: "rollback" });
      default:
        return Promise.reject(new Error("Invalid signaling state " + peerConnection.signalingState));
    }
  }

  /**
   * Sends DTMF in the media path (RFC 4733) with the audio sender's RTCDTMFSender.
   * @param tones - DTMF digits (0-9, A-D, *, #, and "," for a pause).
   * @param options - Tone duration and gap between tones, in milliseconds.
   * @returns true if the tones were queued, false otherwise.
   */
  sendDtmf(tones, options) {
    this.logger.debug("SessionDescriptionHandler.sendDtmf");
    if (this._peerConnection === undefined) {
      this.logger.error("SessionDescriptionHandler.sendDtmf failed - peer connection closed");
      return false;
    }
    const senders = this._peerConnection.getSenders();
    if (senders.length === 0) {
      this.logger.error("SessionDescriptionHandler.sendDtmf failed - no senders");
      return false;
    }
    // The audio sender's (a video sender has no DTMF sender); else the first sender's, as sip.js.
    const audioSender = senders.find((sender) => sender.track && sender.track.kind === "audio" && sender.dtmf);
    const dtmfSender = (audioSender || senders[0]).dtmf;
    if (!dtmfSender) {
      this.logger.error("SessionDescriptionHandler.sendDtmf failed - no DTMF sender");
      return false;
    }
    const duration = options ? options.duration : undefined;
    const interToneGap = options ? options.interToneGap : undefined;
    try {
      dtmfSender.insertDTMF(tones, duration, interToneGap);
    } catch (e) {
      this.logger.error(String(e));
      return false;
    }
    this.logger.log("SessionDescriptionHandler.sendDtmf sent via RTP: " + String(tones));
    return true;
  }

  /**
   * Applies a remote offer (signaling state "stable") or answer ("have-local-offer"): acquires
   * local media, applies the modifiers, sets the remote description.
   * @param sdp - The session description.
   * @param options - Options.
   * @param modifiers - Modifiers.
   */
  setDescription(sdp, options, modifiers) {
    this.logger.debug("SessionDescriptionHandler.setDescription");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    this.onDataChannel = options ? options.onDataChannel : undefined;
    const type = this._peerConnection.signalingState === "have-local-offer" ? "answer" : "offer";
    return this.getLocalMediaStream(options)
      .then(() => this.applyModifiers({ sdp, type }, modifiers))
      .then((sessionDescription) => this.setRemoteSessionDescription(sessionDescription))
      .catch((error) => {
        this.logger.error("SessionDescriptionHandler.setDescription failed - " + error);
        throw error;
      });
  }

  /**
   * Runs the modifiers one after the other.
   * @param sdp - The description to modify.
   * @param modifiers - Modifiers to apply.
   */
  applyModifiers(sdp, modifiers) {
    this.logger.debug("SessionDescriptionHandler.applyModifiers");
    if (!modifiers || modifiers.length === 0) {
      return Promise.resolve(sdp);
    }
    return modifiers
      .reduce((current, next) => current.then(next), Promise.resolve(sdp))
      .then((modified) => {
        this.logger.debug("SessionDescriptionHandler.applyModifiers - modified sdp");
        if (!modified || !modified.sdp || !modified.type) {
          throw new Error("Invalid SDP.");
        }
        return { sdp: modified.sdp, type: modified.type };
      });
  }

  /**
   * Creates the data channel if `options.dataChannel` is true, this is an offer, and there is
   * none yet.
   * @param options - Options.
   */
  createDataChannel(options) {
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    if (!options || options.dataChannel !== true || this._dataChannel) {
      return Promise.resolve();
    }
    switch (this._peerConnection.signalingState) {
      case "stable":
        this.logger.debug("SessionDescriptionHandler.createDataChannel - creating data channel");
        try {
          this._dataChannel = this._peerConnection.createDataChannel(
            options.dataChannelLabel || "",
            options.dataChannelOptions
          );
          if (this.onDataChannel) {
            this.onDataChannel(this._dataChannel);
          }
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error);
        }
      case "have-remote-offer":
        return Promise.resolve(); // the offerer makes the channel; ondatachannel reports it
      default:
        return Promise.reject(new Error("Invalid signaling state " + this._peerConnection.signalingState));
    }
  }

  /**
   * Creates an offer ("stable") or an answer ("have-remote-offer").
   * @param options - Options.
   */
  createLocalOfferOrAnswer(options) {
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    switch (this._peerConnection.signalingState) {
      case "stable":
        this.logger.debug("SessionDescriptionHandler.createLocalOfferOrAnswer - creating SDP offer");
        return this._peerConnection.createOffer(options ? options.offerOptions : undefined);
      case "have-remote-offer":
        this.logger.debug("SessionDescriptionHandler.createLocalOfferOrAnswer - creating SDP answer");
        return this._peerConnection.createAnswer(options ? options.answerOptions : undefined);
      default:
        return Promise.reject(new Error("Invalid signaling state " + this._peerConnection.signalingState));
    }
  }

  /**
   * Gets local media from the media stream factory, unless the constraints are those of the
   * media already acquired. Constraints default to audio only; constraints given once stay
   * (audio or video asked for earlier is kept).
   * @param options - Options.
   */
  getLocalMediaStream(options) {
    this.logger.debug("SessionDescriptionHandler.getLocalMediaStream");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    let constraints = { ...(options ? options.constraints : undefined) };
    if (this.localMediaStreamConstraints) {
      constraints.audio = constraints.audio || this.localMediaStreamConstraints.audio;
      constraints.video = constraints.video || this.localMediaStreamConstraints.video;
      if (
        JSON.stringify(this.localMediaStreamConstraints.audio) === JSON.stringify(constraints.audio) &&
        JSON.stringify(this.localMediaStreamConstraints.video) === JSON.stringify(constraints.video)
      ) {
        return Promise.resolve();
      }
    } else if (constraints.audio === undefined && constraints.video === undefined) {
      constraints = { audio: true };
    }
    this.localMediaStreamConstraints = constraints;
    return this.mediaStreamFactory(constraints, this, options).then((mediaStream) =>
      this.setLocalMediaStream(mediaStream)
    );
  }

  /**
   * Sends the first audio and first video track of `stream`: replaces the track of an existing
   * sender of that kind, else adds one; keeps `localMediaStream` in step.
   * @param stream - Media stream whose tracks are sent.
   */
  setLocalMediaStream(stream) {
    this.logger.debug("SessionDescriptionHandler.setLocalMediaStream");
    if (!this._peerConnection) {
      throw new Error("Peer connection undefined.");
    }
    const pc = this._peerConnection;
    const localStream = this._localMediaStream;
    const updates = [];
    const updateTrack = (newTrack) => {
      const kind = newTrack.kind;
      if (kind !== "audio" && kind !== "video") {
        throw new Error(`Unknown new track kind ${kind}.`);
      }
      const sender = pc.getSenders().find((s) => s.track && s.track.kind === kind);
      if (sender) {
        updates.push(() => {
          this.logger.debug(`SessionDescriptionHandler.setLocalMediaStream - replacing sender ${kind} track`);
          return sender.replaceTrack(newTrack).then(
            () => {
              const oldTrack = localStream.getTracks().find((t) => t.kind === kind);
              if (oldTrack) {
                oldTrack.stop();
                localStream.removeTrack(oldTrack);
                SessionDescriptionHandler.dispatchRemoveTrackEvent(localStream, oldTrack);
              }
              localStream.addTrack(newTrack);
              SessionDescriptionHandler.dispatchAddTrackEvent(localStream, newTrack);
            },
            (error) => {
              this.logger.error(`SessionDescriptionHandler.setLocalMediaStream - failed to replace sender ${kind} track`);
              throw error;
            }
          );
        });
      } else {
        updates.push(() => {
          this.logger.debug(`SessionDescriptionHandler.setLocalMediaStream - adding sender ${kind} track`);
          try {
            pc.addTrack(newTrack, localStream);
          } catch (error) {
            this.logger.error(`SessionDescriptionHandler.setLocalMediaStream - failed to add sender ${kind} track`);
            throw error;
          }
          localStream.addTrack(newTrack);
          SessionDescriptionHandler.dispatchAddTrackEvent(localStream, newTrack);
        });
      }
    };
    const audioTracks = stream.getAudioTracks();
    if (audioTracks.length) {
      updateTrack(audioTracks[0]);
    }
    const videoTracks = stream.getVideoTracks();
    if (videoTracks.length) {
      updateTrack(videoTracks[0]);
    }
    return updates.reduce((p, update) => p.then(update), Promise.resolve());
  }

  /**
   * The peer connection's local description.
   */
  getLocalSessionDescription() {
    this.logger.debug("SessionDescriptionHandler.getLocalSessionDescription");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    const sdp = this._peerConnection.localDescription;
    if (!sdp) {
      return Promise.reject(new Error("Failed to get local session description"));
    }
    return Promise.resolve(sdp);
  }

  /**
   * Sets the peer connection's local description.
   * @param sessionDescription - The session description.
   */
  setLocalSessionDescription(sessionDescription) {
    this.logger.debug("SessionDescriptionHandler.setLocalSessionDescription");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    return this._peerConnection.setLocalDescription(sessionDescription);
  }

  /**
   * Sets the peer connection's remote description: an offer in "stable", an answer in
   * "have-local-offer".
   * @param sessionDescription - The session description.
   */
  setRemoteSessionDescription(sessionDescription) {
    this.logger.debug("SessionDescriptionHandler.setRemoteSessionDescription");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    const sdp = sessionDescription.sdp;
    let type;
    switch (this._peerConnection.signalingState) {
      case "stable":
        type = "offer";
        break;
      case "have-local-offer":
        type = "answer";
        break;
      default:
        return Promise.reject(new Error("Invalid signaling state " + this._peerConnection.signalingState));
    }
    if (!sdp) {
      this.logger.error("SessionDescriptionHandler.setRemoteSessionDescription failed - cannot set null sdp");
      return Promise.reject(new Error("SDP is undefined"));
    }
    return this._peerConnection.setRemoteDescription({ sdp, type });
  }

  /**
   * Puts a received track in `remoteMediaStream`, replacing the track of the same kind.
   * @param track - The received track.
   */
  setRemoteTrack(track) {
    this.logger.debug("SessionDescriptionHandler.setRemoteTrack");
    const remoteStream = this._remoteMediaStream;
    if (remoteStream.getTrackById(track.id)) {
      this.logger.debug(`SessionDescriptionHandler.setRemoteTrack - have remote ${track.kind} track`);
      return;
    }
    if (track.kind !== "audio" && track.kind !== "video") {
      return;
    }
    this.logger.debug(`SessionDescriptionHandler.setRemoteTrack - adding remote ${track.kind} track`);
    const existing = track.kind === "audio" ? remoteStream.getAudioTracks() : remoteStream.getVideoTracks();
    existing.forEach((old) => {
      old.stop();
      remoteStream.removeTrack(old);
      SessionDescriptionHandler.dispatchRemoveTrackEvent(remoteStream, old);
    });
    remoteStream.addTrack(track);
    SessionDescriptionHandler.dispatchAddTrackEvent(remoteStream, track);
  }

  /**
   * Sets the transceiver directions for the description about to be created.
   *
   * @remarks
   * For an offer ("stable"): on hold, sendrecv/sendonly offer sendonly and recvonly/inactive
   * offer inactive; off hold, sendrecv/sendonly offer sendrecv and recvonly/inactive offer
   * recvonly. For an answer ("have-remote-offer"), per RFC 3264 §6.1 from the direction offered
   * for the transceiver's media description: inactive answers inactive, recvonly answers
   * sendonly, sendonly answers recvonly (inactive on hold), sendrecv answers sendrecv (sendonly
   * on hold).
   * @param options - Options (`hold`).
   */
  updateDirection(options) {
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    const hold = !!(options && options.hold);
    const pc = this._peerConnection;
    switch (pc.signalingState) {
      case "stable": {
        this.logger.debug("SessionDescriptionHandler.updateDirection - setting offer direction");
        const directionToOffer = (current) => {
          switch (current) {
            case "inactive":
            case "recvonly":
              return hold ? "inactive" : "recvonly";
            case "sendonly":
            case "sendrecv":
              return hold ? "sendonly" : "sendrecv";
            case "stopped":
              return "stopped";
            default:
              throw new Error("Should never happen");
          }
        };
        pc.getTransceivers().forEach((transceiver) => {
          if (transceiver.direction) {
            const offerDirection = directionToOffer(transceiver.direction);
            if (transceiver.direction !== offerDirection) {
              transceiver.direction = offerDirection;
            }
          }
        });
        break;
      }
      case "have-remote-offer": {
        this.logger.debug("SessionDescriptionHandler.updateDirection - setting answer direction");
        const description = pc.remoteDescription;
        if (!description) {
          return Promise.reject(new Error("Failed to read remote offer"));
        }
        const offered = offeredDirections(description.sdp || "");
        const answerDirection = (offeredDirection) => {
          switch (offeredDirection) {
            case "inactive":
              return "inactive";
            case "recvonly":
              return "sendonly";
            case "sendonly":
              return hold ? "inactive" : "recvonly";
            case "sendrecv":
            default:
              return hold ? "sendonly" : "sendrecv";
          }
        };
        pc.getTransceivers().forEach((transceiver) => {
          if (!transceiver.direction || transceiver.direction === "stopped") {
            return;
          }
          // The direction offered for this transceiver's media description (by mid); without a
          // mid, the first media description's.
          const mid = transceiver.mid;
          const offeredDirection =
            (mid !== null && mid !== undefined && offered.get(mid)) || offered.get("#0") || "sendrecv";
          const direction = answerDirection(offeredDirection);
          if (transceiver.direction !== direction) {
            transceiver.direction = direction;
          }
        });
        break;
      }
      default:
        return Promise.reject(new Error("Invalid signaling state " + pc.signalingState));
    }
    return Promise.resolve();
  }

  /**
   * Waits until ICE gathering completes, or `timeout` ms pass (0: no timeout). Only one wait at
   * a time: a new one makes the previous reject.
   * @param restart - If true, waits even if gathering is already complete (an ICE restart).
   * @param timeout - Milliseconds; 0 waits without limit.
   */
  waitForIceGatheringComplete(restart = false, timeout = 0) {
    this.logger.debug("SessionDescriptionHandler.waitForIceGatheringToComplete");
    if (this._peerConnection === undefined) {
      return Promise.reject(closedError());
    }
    if (!restart && this._peerConnection.iceGatheringState === "complete") {
      this.logger.debug("SessionDescriptionHandler.waitForIceGatheringToComplete - already complete");
      return Promise.resolve();
    }
    if (this.iceGatheringCompletePromise !== undefined) {
      this.logger.debug("SessionDescriptionHandler.waitForIceGatheringToComplete - rejecting prior waiting promise");
      const reject = this.iceGatheringCompleteReject;
      this.iceGatheringCompletePromise = undefined;
      this.iceGatheringCompleteResolve = undefined;
      this.iceGatheringCompleteReject = undefined;
      if (this.iceGatheringCompleteTimeoutId !== undefined) {
        globalThis.clearTimeout(this.iceGatheringCompleteTimeoutId);
        this.iceGatheringCompleteTimeoutId = undefined;
      }
      reject && reject(new Error("Promise superseded."));
    }
    this.iceGatheringCompletePromise = new Promise((resolve, reject) => {
      this.iceGatheringCompleteResolve = resolve;
      this.iceGatheringCompleteReject = reject;
      if (timeout > 0) {
        this.logger.debug("SessionDescriptionHandler.waitForIceGatheringToComplete - timeout in " + timeout);
        this.iceGatheringCompleteTimeoutId = globalThis.setTimeout(() => {
          this.iceGatheringCompleteTimeoutId = undefined;
          this.logger.debug("SessionDescriptionHandler.waitForIceGatheringToComplete - timeout");
          this.iceGatheringComplete();
        }, timeout);
      }
    });
    return this.iceGatheringCompletePromise;
  }

  /**
   * Takes the peer connection's event handlers: this handler's bookkeeping, then the delegate.
   */
  initPeerConnectionEventHandlers() {
    this.logger.debug("SessionDescriptionHandler.initPeerConnectionEventHandlers");
    const peerConnection = this._peerConnection;
    if (!peerConnection) {
      throw new Error("Peer connection undefined.");
    }
    const delegate = (name, event) => {
      const d = this._peerConnectionDelegate;
      if (d && typeof d[name] === "function") {
        d[name](event);
      }
    };
    peerConnection.onconnectionstatechange = (event) => {
      this.logger.debug(`SessionDescriptionHandler.onconnectionstatechange ${peerConnection.connectionState}`);
      delegate("onconnectionstatechange", event);
    };
    peerConnection.ondatachannel = (event) => {
      this.logger.debug("SessionDescriptionHandler.ondatachannel");
      this._dataChannel = event.channel;
      if (this.onDataChannel) {
        this.onDataChannel(this._dataChannel);
      }
      delegate("ondatachannel", event);
    };
    peerConnection.onicecandidate = (event) => {
      this.logger.debug("SessionDescriptionHandler.onicecandidate");
      delegate("onicecandidate", event);
    };
    peerConnection.onicecandidateerror = (event) => {
      this.logger.debug("SessionDescriptionHandler.onicecandidateerror");
      delegate("onicecandidateerror", event);
    };
    peerConnection.oniceconnectionstatechange = (event) => {
      this.logger.debug(`SessionDescriptionHandler.oniceconnectionstatechange ${peerConnection.iceConnectionState}`);
      delegate("oniceconnectionstatechange", event);
    };
    peerConnection.onicegatheringstatechange = (event) => {
      const newState = peerConnection.iceGatheringState;
      this.logger.debug(`SessionDescriptionHandler.onicegatheringstatechange ${newState}`);
      if (newState === "complete") {
        this.iceGatheringComplete();
      }
      delegate("onicegatheringstatechange", event);
    };
    peerConnection.onnegotiationneeded = (event) => {
      this.logger.debug("SessionDescriptionHandler.onnegotiationneeded");
      delegate("onnegotiationneeded", event);
    };
    peerConnection.onsignalingstatechange = (event) => {
      this.logger.debug(`SessionDescriptionHandler.onsignalingstatechange ${peerConnection.signalingState}`);
      delegate("onsignalingstatechange", event);
    };
    peerConnection.ontrack = (event) => {
      const track = event.track;
      this.logger.debug(`SessionDescriptionHandler.ontrack ${track.kind} ${track.enabled ? "enabled" : "disabled"}`);
      this.setRemoteTrack(track);
      delegate("ontrack", event);
    };
  }
}
