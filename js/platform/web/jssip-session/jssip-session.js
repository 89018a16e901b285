// A call with JsSIP's Session surface (direction, identities, answer, terminate, sendDTMF,
// progress/started/ended/failed/newDTMF events...) driven by one of this package's SIP.js-style
// sessions: an Inviter for an outgoing call, an Invitation for an incoming one. All SIP work is the
// Session's; this class only translates: JsSIP statuses from the Session's state and delegates,
// JsSIP's terminate() into cancel()/reject()/bye(), sendDTMF() into INFO requests.
// See README.md beside this file for the choices made where JsSIP and SIP.js differ.
import { Invitation, Inviter, SessionState } from "../../../api/index.js";
import { getReasonPhrase } from "../../../core/messages/utils.js";
import { DTMFLimits, SessionStatus, causeOfStatusCode, causes } from "./constants.js";
import { DTMF_CONTENT_TYPE, JsSIPDTMF, checkExtraHeaders, dtmfRelayBody, normalizeDTMFArguments, parseDTMFRelay } from "./dtmf.js";
import { EventEmitter } from "./event-emitter.js";
import { InvalidStateError } from "./invalid-state-error.js";

const S = SessionStatus;

// JsSIP's default for mediaConstraints (the Session page: audio and video).
const defaultMediaConstraints = () => ({ audio: true, video: true });

/** A Reason header value (RFC 3326) for a status code, with the text quoted safely. */
function reasonHeader(statusCode, reasonPhrase) {
  const text = (reasonPhrase || getReasonPhrase(statusCode) || "").replace(/[\\"]/g, (c) => "\\" + c);
  return `Reason: SIP ;cause=${statusCode} ;text="${text}"`;
}

/** The statusCode/reasonPhrase of terminate() (JsSIP 3.x spells them status_code/reason_phrase). */
function readStatusOptions(options, low, high) {
  const statusCode = options.statusCode !== undefined ? options.statusCode : options.status_code;
  const reasonPhrase = options.reasonPhrase !== undefined ? options.reasonPhrase : options.reason_phrase;
  if (statusCode !== undefined && statusCode !== null && (!Number.isInteger(statusCode) || statusCode < low || statusCode > high)) {
    throw new TypeError(`Invalid statusCode: ${String(statusCode)} (expected a whole number from ${low} to ${high} here).`);
  }
  if (reasonPhrase !== undefined && reasonPhrase !== null && (typeof reasonPhrase !== "string" || /[\r\n]/.test(reasonPhrase))) {
    throw new TypeError("Invalid reasonPhrase: expected a string without CR or LF.");
  }
  return { statusCode: statusCode || undefined, reasonPhrase: reasonPhrase || undefined };
}

/** Whether `error` says the user refused access to the microphone/camera. */
function isMediaAccessDenied(error) {
  const name = error && error.name;
  return name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError";
}

/** A string or URI target made into a URI of the user agent's package, JsSIP-style: "bob" is sip:bob@<our domain>. */
function targetURI(userAgent, target) {
  if (target && typeof target === "object" && typeof target.scheme === "string" && typeof target.host === "string") {
    return target;
  }
  if (typeof target !== "string" || target.trim() === "") {
    throw new TypeError("Invalid target: expected a SIP URI (string or URI), e.g. \"sip:bob@example.com\" or \"bob\".");
  }
  const makeURI = userAgent.constructor.makeURI;
  const text = target.trim();
  let uri = makeURI(text);
  if (!uri && !/^(sips?|tel):/i.test(text)) {
    const domain = userAgent.configuration && userAgent.configuration.uri ? userAgent.configuration.uri.host : undefined;
    uri = makeURI(text.includes("@") || !domain ? `sip:${text}` : `sip:${text}@${domain}`);
  }
  if (!uri) throw new TypeError(`Invalid target: ${target}`);
  return uri;
}

function checkEventHandlers(eventHandlers) {
  if (eventHandlers === undefined || eventHandlers === null) return {};
  if (typeof eventHandlers !== "object") throw new TypeError("Invalid eventHandlers: expected an object of event name -> function.");
  for (const [event, handler] of Object.entries(eventHandlers)) {
    if (typeof handler !== "function") throw new TypeError(`Invalid eventHandlers.${event}: expected a function.`);
  }
  return eventHandlers;
}

function checkMediaConstraints(mediaConstraints) {
  if (mediaConstraints === undefined || mediaConstraints === null) return defaultMediaConstraints();
  if (typeof mediaConstraints !== "object") throw new TypeError("Invalid mediaConstraints: expected { audio, video }.");
  return mediaConstraints;
}

/**
 * A JsSIP-style session over a SIP.js-style Session (see the .d.ts for the surface).
 * Make one with JsSIPSession.call() or JsSIPSession.fromInvitation().
 */
export class JsSIPSession extends EventEmitter {
  /**
   * Wraps `session` (an Inviter or an Invitation). Use the factories; this constructor does not
   * send anything.
   * @internal
   */
  constructor(session, options = {}) {
    super();
    if (!(session instanceof Inviter) && !(session instanceof Invitation)) {
      throw new TypeError("JsSIPSession needs an Inviter or an Invitation.");
    }
    const eventHandlers = checkEventHandlers(options.eventHandlers);
    this._session = session;
    this._direction = session instanceof Inviter ? "outgoing" : "incoming";
    this._status = this._direction === "outgoing" ? S.STATUS_NULL : S.STATUS_INVITE_RECEIVED;
    this._data = options.data !== undefined ? options.data : {};
    this._startTime = undefined;
    this._endTime = undefined;
    this._finished = false; // "ended" or "failed" emitted
    this._established = false; // the Session reached Established
    this._awaitingOutcome = false; // an outcome (INVITE final response, accept()) will still be reported
    this._mediaStream = options.mediaStream;
    this._ackReceived = false;
    this._byeRequest = undefined;
    this._cancelRequest = undefined;
    this._dtmfTones = ""; // tones queued behind the one being sent
    this._dtmfTimer = undefined;
    this.logger = session.userAgent.getLogger("sip.JsSIPSession", session.id);
    this.onListenerError = (error, event) => {
      this.logger.error(`A "${event}" listener threw: ${error && error.stack ? error.stack : error}`);
    };
    for (const [event, handler] of Object.entries(eventHandlers)) this.on(event, handler);
    session.delegate = this._makeDelegate(session.delegate);
    session.stateChange.addListener((state) => this._onStateChange(state));
  }

  /**
   * Calls `target` from `userAgent` (JsSIP's `ua.call(target, options)`): sends the INVITE at
   * once. Options: mediaConstraints ({ audio: true, video: true }), mediaStream, extraHeaders,
   * eventHandlers, data, inviterOptions (passed to the Inviter).
   */
  static call(userAgent, target, options = {}) {
    if (!userAgent || typeof userAgent.getLogger !== "function" || typeof userAgent.constructor.makeURI !== "function") {
      throw new TypeError("JsSIPSession.call needs a UserAgent.");
    }
    if (options === null || typeof options !== "object") throw new TypeError("Invalid options: expected an object.");
    const uri = targetURI(userAgent, target);
    const extraHeaders = checkExtraHeaders(options.extraHeaders);
    const mediaConstraints = checkMediaConstraints(options.mediaConstraints);
    const inviterOptions = options.inviterOptions || {};
    const inviter = new Inviter(userAgent, uri, {
      ...inviterOptions,
      extraHeaders: [...(inviterOptions.extraHeaders || []), ...extraHeaders],
      sessionDescriptionHandlerOptions: { ...inviterOptions.sessionDescriptionHandlerOptions, constraints: mediaConstraints }
    });
    const session = new JsSIPSession(inviter, options);
    session._invite();
    return session;
  }

  /**
   * Takes over an incoming call (an Invitation from the UserAgent's delegate.onInvite) and rings:
   * sends 180 Ringing unless the UserAgent did already (its sendInitialProvisionalResponse
   * option, on by default), then emits "progress" ({ originator: "local" }). Options:
   * eventHandlers, data.
   */
  static fromInvitation(invitation, options = {}) {
    if (!(invitation instanceof Invitation)) throw new TypeError("JsSIPSession.fromInvitation needs an Invitation.");
    if (options === null || typeof options !== "object") throw new TypeError("Invalid options: expected an object.");
    if (invitation.state !== SessionState.Initial) {
      throw new InvalidStateError(S.STATUS_INVITE_RECEIVED, `the Invitation is already ${invitation.state}`);
    }
    const session = new JsSIPSession(invitation, options);
    session._ring();
    return session;
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes

  /** "outgoing" or "incoming". */
  get direction() {
    return this._direction;
  }

  /** Our identity: the INVITE's From for an outgoing call, its To for an incoming one. */
  get local_identity() {
    return this._session.localIdentity;
  }

  /** The peer's identity: the INVITE's To for an outgoing call, its From for an incoming one. */
  get remote_identity() {
    return this._session.remoteIdentity;
  }

  /** When "started" was emitted (undefined before). */
  get start_time() {
    return this._startTime;
  }

  /** When "ended" was emitted (undefined before). */
  get end_time() {
    return this._endTime;
  }

  /** The application's own data. */
  get data() {
    return this._data;
  }

  set data(data) {
    this._data = data;
  }

  /** The JsSIP status (JsSIPSession.C). */
  get status() {
    return this._status;
  }

  /** The SIP.js-style Session underneath (Inviter or Invitation). */
  get session() {
    return this._session;
  }

  /** The RTCPeerConnection of the session description handler, if there is one. */
  get connection() {
    const sdh = this._session.sessionDescriptionHandler;
    return sdh ? sdh.peerConnection : undefined;
  }

  isInProgress() {
    return [S.STATUS_NULL, S.STATUS_INVITE_SENT, S.STATUS_1XX_RECEIVED, S.STATUS_INVITE_RECEIVED, S.STATUS_WAITING_FOR_ANSWER].includes(this._status);
  }

  isEstablished() {
    return [S.STATUS_ANSWERED, S.STATUS_WAITING_FOR_ACK, S.STATUS_CONFIRMED].includes(this._status);
  }

  isEnded() {
    return this._status === S.STATUS_CANCELED || this._status === S.STATUS_TERMINATED;
  }

  // ---------------------------------------------------------------------------------------------
  // Methods

  /**
   * Answers an incoming call (sends 200 OK with our answer). Options: mediaConstraints
   * ({ audio: true, video: true }), mediaStream, extraHeaders, sessionDescriptionHandlerOptions.
   * Throws INVALID_STATE_ERROR unless this is an incoming call waiting for an answer.
   */
  answer(options = {}) {
    if (this._direction !== "incoming") {
      throw new InvalidStateError(this._status, "answer() is for incoming sessions only");
    }
    if (this._status !== S.STATUS_INVITE_RECEIVED && this._status !== S.STATUS_WAITING_FOR_ANSWER) {
      throw new InvalidStateError(this._status);
    }
    if (options === null || typeof options !== "object") throw new TypeError("Invalid options: expected an object.");
    const extraHeaders = checkExtraHeaders(options.extraHeaders);
    const constraints = checkMediaConstraints(options.mediaConstraints);
    if (options.mediaStream !== undefined) {
      this._mediaStream = options.mediaStream;
      const sdh = this._session.sessionDescriptionHandler;
      if (sdh) this._useMediaStream(sdh);
    }
    this._status = S.STATUS_ANSWERED;
    this._awaitingOutcome = true;
    this._session
      .accept({
        extraHeaders,
        sessionDescriptionHandlerOptions: { ...options.sessionDescriptionHandlerOptions, constraints }
      })
      .then(
        () => {
          this._awaitingOutcome = false;
        },
        (error) => {
          this._awaitingOutcome = false;
          if (this._finished) return; // terminate() came first
          this.logger.warn(`answer() failed: ${error && error.message}`);
          this._status = S.STATUS_TERMINATED;
          const cause = isMediaAccessDenied(error) ? causes.USER_DENIED_MEDIA_ACCESS : causes.WEBRTC_ERROR;
          this._fail("local", undefined, cause);
        }
      );
  }

  /**
   * Ends the call whatever its state (the Session page): CANCEL if we are calling (sent once a
   * provisional response arrived), a non-2xx final response if we were called and did not answer
   * yet (480 by default), BYE once answered. Options: statusCode, reasonPhrase (status_code,
   * reason_phrase as JsSIP 3 spells them), extraHeaders, cause. Throws INVALID_STATE_ERROR once
   * the session has ended.
   */
  terminate(options = {}) {
    if (this.isEnded()) throw new InvalidStateError(this._status);
    if (options === null || typeof options !== "object") throw new TypeError("Invalid options: expected an object.");
    const extraHeaders = checkExtraHeaders(options.extraHeaders);
    switch (this._status) {
      case S.STATUS_NULL:
      case S.STATUS_INVITE_SENT:
      case S.STATUS_1XX_RECEIVED: {
        // The CANCEL carries no extra headers but a Reason built from statusCode (JsSIP likewise).
        const { statusCode, reasonPhrase } = readStatusOptions(options, 200, 699);
        this._status = S.STATUS_CANCELED;
        this._finished = true; // the Session's state changes below are ours
        this._session
          .cancel({ extraHeaders: statusCode ? [reasonHeader(statusCode, reasonPhrase)] : [] })
          .catch((error) => this.logger.warn(`cancel() failed: ${error && error.message}`));
        this._fail("local", undefined, causes.CANCELED);
        return;
      }
      case S.STATUS_INVITE_RECEIVED:
      case S.STATUS_WAITING_FOR_ANSWER:
      case S.STATUS_ANSWERED: {
        const { statusCode, reasonPhrase } = readStatusOptions(options, 300, 699);
        this._status = S.STATUS_TERMINATED;
        this._finished = true;
        this._session
          .reject({ statusCode: statusCode || 480, reasonPhrase, extraHeaders })
          .catch((error) => this.logger.warn(`reject() failed: ${error && error.message}`));
        this._fail("local", undefined, causes.REJECTED);
        return;
      }
      default: {
        // WAITING_FOR_ACK or CONFIRMED. The Session holds the BYE back until the ACK arrives.
        const { statusCode, reasonPhrase } = readStatusOptions(options, 200, 699);
        if (statusCode) extraHeaders.push(reasonHeader(statusCode, reasonPhrase));
        this._status = S.STATUS_TERMINATED;
        this._finished = true;
        this._session
          .bye({ requestOptions: { extraHeaders } })
          .catch((error) => this.logger.warn(`bye() failed: ${error && error.message}`));
        this._end("local", undefined, options.cause || causes.BYE);
      }
    }
  }

  /**
   * Sends DTMF tones, one INFO (application/dtmf-relay) per tone, a tone every duration +
   * interToneGap ms ("," waits 2 s). Tones given while others are still being sent are queued
   * behind them. Options: duration (100, 70..6000), interToneGap (500, at least 50), extraHeaders.
   * Throws INVALID_STATE_ERROR unless the call is answered, TypeError for invalid arguments.
   */
  sendDTMF(tones, options = {}) {
    if (tones === undefined) throw new TypeError("Not enough arguments: sendDTMF(tones) needs the tones to send.");
    if (this._status !== S.STATUS_CONFIRMED && this._status !== S.STATUS_WAITING_FOR_ACK) {
      throw new InvalidStateError(this._status);
    }
    const normalized = normalizeDTMFArguments(tones, options);
    if (this._dtmfTimer !== undefined) {
      this._dtmfTones += normalized.tones;
      return;
    }
    this._dtmfTones = normalized.tones;
    this._sendNextTone(normalized);
  }

  /** The MediaStreams we send (empty before media is set up and once the call is over). */
  getLocalStreams() {
    return this._streams("local");
  }

  /** The MediaStreams we receive (empty before media is set up and once the call is over). */
  getRemoteStreams() {
    return this._streams("remote");
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  _invite() {
    this._awaitingOutcome = true;
    const onFinalResponse = (response) => {
      this._awaitingOutcome = false;
      if (this._finished) return;
      const message = response.message;
      if (response.message.statusCode >= 200 && response.message.statusCode < 300) {
        if (this._session.state === SessionState.Established) {
          this._status = S.STATUS_CONFIRMED;
          this._start("remote", message);
        } else {
          // The Session could not use the answer in the 2xx: it sent ACK and BYE.
          this._status = S.STATUS_TERMINATED;
          this._fail("remote", message, causes.BAD_MEDIA_DESCRIPTION);
        }
        return;
      }
      this._status = S.STATUS_TERMINATED;
      this._fail("remote", message, this._causeOfFailureResponse(message));
    };
    this._session
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            if (this._finished || response.message.statusCode <= 100) return;
            if (this._status === S.STATUS_NULL || this._status === S.STATUS_INVITE_SENT) this._status = S.STATUS_1XX_RECEIVED;
            this._emitEvent("progress", { originator: "remote", response: response.message });
          },
          onAccept: onFinalResponse,
          onRedirect: onFinalResponse,
          onReject: onFinalResponse
        }
      })
      .then(
        () => {
          if (this._status === S.STATUS_NULL) this._status = S.STATUS_INVITE_SENT;
        },
        (error) => {
          // No INVITE went out: the offer could not be made (or terminate() came first).
          this._awaitingOutcome = false;
          if (this._finished) return;
          this.logger.warn(`The INVITE could not be sent: ${error && error.message}`);
          this._status = S.STATUS_TERMINATED;
          const cause = isMediaAccessDenied(error) ? causes.USER_DENIED_MEDIA_ACCESS : causes.WEBRTC_ERROR;
          this._fail("local", undefined, cause);
        }
      );
  }

  // A response our own stack made up (no Via: it never crossed the network) stands for a timeout
  // (408) or a transport failure (503), which JsSIP reports as such.
  _causeOfFailureResponse(message) {
    const local = typeof message.getHeader === "function" && message.getHeader("via") === undefined;
    if (local && message.statusCode === 408) return causes.REQUEST_TIMEOUT;
    if (local && message.statusCode === 503) return causes.CONNECTION_ERROR;
    return causeOfStatusCode(message.statusCode);
  }

  _ring() {
    this._status = S.STATUS_WAITING_FOR_ANSWER;
    // A UserAgent configured to (sendInitialProvisionalResponse, the default) has sent 180
    // Ringing before handing the Invitation over; a second one would say nothing new.
    const sent = this._session.autoSendAnInitialProvisionalResponse ? Promise.resolve() : this._session.progress();
    sent.then(
      () => {
        if (!this._finished && this._status === S.STATUS_WAITING_FOR_ANSWER) {
          this._emitEvent("progress", { originator: "local", response: null });
        }
      },
      (error) => this.logger.warn(`180 Ringing could not be sent: ${error && error.message}`)
    );
  }

  _makeDelegate(app) {
    const delegate = {
      onAck: (ack) => {
        this._ackReceived = true;
        if (this._status === S.STATUS_WAITING_FOR_ACK) this._status = S.STATUS_CONFIRMED;
        if (app && typeof app.onAck === "function") app.onAck(ack);
      },
      onBye: (bye) => {
        this._byeRequest = bye.request;
        if (app && typeof app.onBye === "function") app.onBye(bye);
        else bye.accept().catch(() => undefined);
      },
      onCancel: (cancel) => {
        this._cancelRequest = cancel.request;
        if (app && typeof app.onCancel === "function") app.onCancel(cancel);
      },
      onInfo: (info) => {
        if (this._isDTMFRelay(info.request)) this._receiveDTMF(info);
        else if (app && typeof app.onInfo === "function") app.onInfo(info);
        else info.accept().catch(() => undefined);
      },
      onSessionDescriptionHandler: (sdh, provisional) => {
        if (!provisional && this._mediaStream !== undefined) this._useMediaStream(sdh);
        if (app && typeof app.onSessionDescriptionHandler === "function") app.onSessionDescriptionHandler(sdh, provisional);
      }
    };
    // The other Session delegate methods stay the application's own; without one the Session
    // keeps its default handling (which it would lose if we defined a forwarder for nothing).
    for (const name of ["onInvite", "onMessage", "onNotify", "onRefer"]) {
      if (app && typeof app[name] === "function") delegate[name] = (...args) => app[name](...args);
    }
    return delegate;
  }

  _onStateChange(state) {
    if (state === SessionState.Established) {
      this._established = true;
      if (this._direction === "incoming" && !this._finished) {
        this._status = this._ackReceived ? S.STATUS_CONFIRMED : S.STATUS_WAITING_FOR_ACK;
        this._start("local", null);
      } else if (!this._finished) {
        this._status = S.STATUS_CONFIRMED; // "started" comes with the 2xx, from onAccept
      }
      return;
    }
    if (state === SessionState.Terminating && !this._finished) {
      // Someone else (session.dispose(), userAgent.stop()) is ending the call.
      if (this._established) {
        this._status = S.STATUS_TERMINATED;
        this._end("local", undefined, causes.BYE);
      } else {
        this._status = S.STATUS_CANCELED;
        this._fail("local", undefined, causes.CANCELED);
      }
      return;
    }
    if (state !== SessionState.Terminated) return;
    this._stopDTMF();
    if (this._finished) return;
    if (this._established) {
      this._status = S.STATUS_TERMINATED;
      if (this._byeRequest) this._end("remote", this._byeRequest, causes.BYE);
      else if (this._direction === "incoming" && !this._ackReceived) this._end("remote", undefined, causes.NO_ACK);
      else this._end("local", undefined, causes.BYE);
      return;
    }
    // The outcome of the INVITE or of accept() is reported by their own handlers, which the
    // Session calls after this state change.
    if (this._awaitingOutcome) return;
    this._status = S.STATUS_TERMINATED;
    if (this._cancelRequest) this._fail("remote", this._cancelRequest, causes.CANCELED);
    else if (this._direction === "incoming") this._fail("local", undefined, causes.REJECTED);
    else this._fail("local", undefined, causes.CANCELED);
  }

  _start(originator, response) {
    this._startTime = new Date();
    this._emitEvent("started", { originator, response: response || null });
  }

  _end(originator, message, cause) {
    this._finished = true;
    this._stopDTMF();
    this._endTime = new Date();
    this._emitEvent("ended", { originator, message: message || null, response: message || null, cause });
  }

  _fail(originator, message, cause) {
    this._finished = true;
    this._stopDTMF();
    this._emitEvent("failed", { originator, message: message || null, response: message || null, cause });
  }

  _emitEvent(event, data) {
    this.logger.debug(`emit "${event}"`);
    this.emit(event, data);
  }

  _sendNextTone(settings) {
    this._dtmfTimer = undefined;
    if (this.isEnded() || !this._dtmfTones) {
      this._dtmfTones = "";
      return;
    }
    const tone = this._dtmfTones[0];
    this._dtmfTones = this._dtmfTones.slice(1);
    let wait = DTMFLimits.PAUSE;
    if (tone !== ",") {
      this._sendTone(tone, settings);
      wait = settings.duration + settings.interToneGap;
    }
    // globalThis.setTimeout looked up now, so fake timers control the spacing too.
    this._dtmfTimer = globalThis.setTimeout(() => this._sendNextTone(settings), wait);
  }

  _sendTone(tone, { duration, extraHeaders }) {
    const dtmf = new JsSIPDTMF("outgoing", tone, duration);
    dtmf.onListenerError = this.onListenerError;
    this._session
      .info({
        requestDelegate: {
          onAccept: (response) => dtmf.emit("succeeded", { originator: "remote", response: response.message }),
          onReject: (response) => {
            this._dtmfTones = ""; // the peer refused one tone: JsSIP drops the rest
            dtmf.emit("failed", { originator: "remote", response: response.message });
          }
        },
        requestOptions: {
          extraHeaders: extraHeaders.slice(),
          body: { contentDisposition: "render", contentType: DTMF_CONTENT_TYPE, content: dtmfRelayBody(tone, duration) }
        }
      })
      .then(
        (request) => this._emitEvent("newDTMF", { originator: "local", dtmf, request: request ? request.message : null }),
        (error) => {
          this._dtmfTones = "";
          this.logger.warn(`DTMF ${tone} could not be sent: ${error && error.message}`);
        }
      );
  }

  _stopDTMF() {
    if (this._dtmfTimer !== undefined) globalThis.clearTimeout(this._dtmfTimer);
    this._dtmfTimer = undefined;
    this._dtmfTones = "";
  }

  _isDTMFRelay(request) {
    const contentType = request.getHeader("content-type");
    return typeof contentType === "string" && contentType.split(";")[0].trim().toLowerCase() === DTMF_CONTENT_TYPE;
  }

  _receiveDTMF(info) {
    info.accept().catch(() => undefined);
    const signal = parseDTMFRelay(info.request.body);
    if (!signal) {
      this.logger.warn("An INFO with an application/dtmf-relay body that signals no valid tone: ignored.");
      return;
    }
    const dtmf = new JsSIPDTMF("incoming", signal.tone, signal.duration);
    dtmf.onListenerError = this.onListenerError;
    this._emitEvent("newDTMF", { originator: "remote", dtmf, request: info.request });
  }

  // JsSIP sends the one stream it was given for the whole call. The web session description
  // handler asks its media stream factory for a stream before each offer and answer; this one
  // takes ours instead, once.
  _useMediaStream(sdh) {
    if (typeof sdh.setLocalMediaStream !== "function") {
      this.logger.warn("mediaStream ignored: the session description handler has no setLocalMediaStream().");
      return;
    }
    const stream = this._mediaStream;
    let set;
    sdh.getLocalMediaStream = () => {
      if (!set) set = sdh.setLocalMediaStream(stream);
      return set;
    };
  }

  _streams(which) {
    if (this.isEnded()) return [];
    const sdh = this._session.sessionDescriptionHandler;
    if (!sdh) return [];
    const stream = which === "local" ? sdh.localMediaStream : sdh.remoteMediaStream;
    if (stream && typeof stream.getTracks === "function") {
      return stream.getTracks().length > 0 ? [stream] : [];
    }
    // A handler without the web handler's streams: ask its peer connection (the legacy
    // getLocalStreams()/getRemoteStreams() JsSIP 0.x used).
    const pc = sdh.peerConnection;
    const legacy = pc && (which === "local" ? pc.getLocalStreams : pc.getRemoteStreams);
    return typeof legacy === "function" ? Array.from(legacy.call(pc)) : [];
  }
}

/** Session statuses. */
JsSIPSession.C = SessionStatus;
/** End and failure causes. */
JsSIPSession.causes = causes;
/** The error thrown when a method is called in a status that does not allow it. */
JsSIPSession.InvalidStateError = InvalidStateError;
/** One DTMF tone (the `dtmf` of a newDTMF event). */
JsSIPSession.DTMF = JsSIPDTMF;
