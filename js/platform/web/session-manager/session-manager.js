// SessionManager: the sip.js 0.21.2 helper that runs a UserAgent for an application - connects
// and reconnects the transport, keeps a registration alive, makes and answers calls, holds,
// mutes, sends and receives DTMF, transfers, sends messages, and attaches each call's media to
// HTML elements. It is written only against the public SIP.js API (UserAgent, Registerer,
// Inviter, Invitation, Messager) and the web session description handler, as sip.js's is.
//
// Behaviour follows sip.js 0.21.2 (same options and defaults, the same delegate calls in the same
// order, the same errors); where we differ it is said at the spot (look for "sip.js").
import {
  Invitation,
  Inviter,
  Messager,
  Registerer,
  RegistererState,
  RequestPendingError,
  Session,
  SessionState,
  UserAgent,
  UserAgentState
} from "../../../api/index.js";
import { SessionDescriptionHandler } from "../session-description-handler/index.js";
import { Transport } from "../transport/index.js";
import { defaultManagedSessionFactory } from "./managed-session-factory-default.js";

// A tone SessionManager sends (the comma is a pause for SDH DTMF).
const OUTGOING_TONE = /^[0-9A-D#*,]$/;
// The two lines of an application/dtmf-relay body (as sip.js reads them: the tone and the
// duration are taken from the start of their line, whatever follows).
const DTMF_RELAY_SIGNAL = /^Signal\s*=\s*([0-9A-D#*])/;
const DTMF_RELAY_DURATION = /^Duration\s?=\s?([0-9]{1,4})/;
// Duration written into outgoing application/dtmf-relay bodies, in milliseconds.
const DTMF_RELAY_DEFAULT_DURATION = 2000;

function withoutUndefined(options) {
  const defined = {};
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined) defined[key] = options[key];
  }
  return defined;
}

function findTrack(stream, kind) {
  return stream ? stream.getTracks().find((track) => track.kind === kind) : undefined;
}

/**
 * A session manager for SIP.js sessions.
 * @public
 */
export class SessionManager {
  /**
   * @param server - The SIP WebSocket server URL (used unless userAgentOptions.transportOptions is given).
   * @param options - See SessionManagerOptions.
   */
  constructor(server, options = {}) {
    /** The sessions being managed. */
    this.managedSessions = [];
    this.attemptingReconnection = false;
    this.optionsPingFailure = false;
    this.optionsPingRunning = false;
    this.shouldBeConnected = false;
    this.shouldBeRegistered = false;
    this.delegate = options.delegate;
    this.options = {
      aor: "",
      autoStop: true,
      delegate: {},
      iceStopWaitingOnServerReflexive: false,
      managedSessionFactory: defaultManagedSessionFactory(),
      maxSimultaneousSessions: 2,
      media: {},
      optionsPingInterval: -1,
      optionsPingRequestURI: "",
      reconnectionAttempts: 3,
      reconnectionDelay: 4,
      registrationRetry: false,
      registrationRetryInterval: 3,
      registerGuard: null,
      registererOptions: {},
      registererRegisterOptions: {},
      sendDTMFUsingSessionDescriptionHandler: false,
      userAgentOptions: {},
      ...withoutUndefined(options)
    };

    const userAgentOptions = { ...options.userAgentOptions };
    if (!userAgentOptions.transportConstructor) userAgentOptions.transportConstructor = Transport;
    if (!userAgentOptions.transportOptions) userAgentOptions.transportOptions = { server };
    if (!userAgentOptions.uri && options.aor) {
      const uri = UserAgent.makeURI(options.aor);
      if (!uri) throw new Error(`Failed to create valid URI from ${options.aor}`);
      userAgentOptions.uri = uri;
    }
    this.userAgent = new UserAgent(userAgentOptions);
    this.userAgent.delegate = {
      onConnect: () => this.onUserAgentConnect(),
      onDisconnect: (error) => this.onUserAgentDisconnect(error),
      onInvite: (invitation) => this.onUserAgentInvite(invitation),
      onMessage: (message) => {
        message.accept().then(() => this.delegate?.onMessageReceived?.(message));
      },
      onNotify: (notification) => {
        notification.accept().then(() => this.delegate?.onNotificationReceived?.(notification));
      }
    };

    this.registererOptions = { ...options.registererOptions };
    this.registererRegisterOptions = { ...options.registererRegisterOptions };
    if (this.options.registrationRetry) {
      // A rejected REGISTER is retried (after registrationRetryInterval); the application's own
      // onReject, if any, still runs first.
      const requestDelegate = (this.registererRegisterOptions.requestDelegate = this.registererRegisterOptions.requestDelegate || {});
      const applicationOnReject = requestDelegate.onReject;
      requestDelegate.onReject = (response) => {
        if (applicationOnReject) applicationOnReject(response);
        this.attemptRegistration();
      };
    }

    this.logger = this.userAgent.getLogger("sip.SessionManager");

    // In a browser: reconnect when the network comes back, and (autoStop) stop on unload.
    // sip.js registers these on `window` unconditionally and so cannot be constructed outside a
    // page; here they are skipped where there is no window (Node, workers).
    const page = typeof window !== "undefined" && window && typeof window.addEventListener === "function" ? window : undefined;
    if (page) {
      page.addEventListener("online", () => {
        this.logger.log("Online");
        if (this.shouldBeConnected) this.connect();
      });
      if (this.options.autoStop) {
        // Best effort, as in sip.js: the page usually unloads before stop() has finished.
        page.addEventListener("beforeunload", async () => {
          this.shouldBeConnected = false;
          this.shouldBeRegistered = false;
          if (this.userAgent.state !== UserAgentState.Stopped) await this.userAgent.stop();
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Media streams and tracks

  /** The session's local media stream; undefined before it has a session description handler. */
  getLocalMediaStream(session) {
    const sdh = this.webSessionDescriptionHandler(session, false);
    return sdh ? sdh.localMediaStream : undefined;
  }

  /** The session's remote media stream; undefined before it has a session description handler. */
  getRemoteMediaStream(session) {
    const sdh = this.webSessionDescriptionHandler(session, false);
    return sdh ? sdh.remoteMediaStream : undefined;
  }

  /** @deprecated Use getLocalMediaStream() and take the track from the stream. */
  getLocalAudioTrack(session) {
    return findTrack(this.getLocalMediaStream(session), "audio");
  }

  /** @deprecated Use getLocalMediaStream() and take the track from the stream. */
  getLocalVideoTrack(session) {
    return findTrack(this.getLocalMediaStream(session), "video");
  }

  /** @deprecated Use getRemoteMediaStream() and take the track from the stream. */
  getRemoteAudioTrack(session) {
    return findTrack(this.getRemoteMediaStream(session), "audio");
  }

  /** @deprecated Use getRemoteMediaStream() and take the track from the stream. */
  getRemoteVideoTrack(session) {
    return findTrack(this.getRemoteMediaStream(session), "video");
  }

  // ---------------------------------------------------------------------------------------------
  // Connection and registration

  /**
   * Starts the user agent (connecting its transport), or reconnects the transport of a started
   * one. From now on a lost connection is re-established.
   */
  async connect() {
    this.logger.log("Connecting UserAgent...");
    this.shouldBeConnected = true;
    if (this.userAgent.state !== UserAgentState.Started) return this.userAgent.start();
    return this.userAgent.reconnect();
  }

  /** Stops the user agent (which unregisters, ends the sessions and disconnects). */
  async disconnect() {
    this.logger.log("Disconnecting UserAgent...");
    if (this.userAgent.state === UserAgentState.Stopped) return;
    this.shouldBeConnected = false;
    this.shouldBeRegistered = false;
    this.registerer = undefined;
    // sip.js leaves a pending registration retry or reconnection timer running (it then does
    // nothing); here they are cleared, so that nothing of this manager outlives disconnect().
    this.cancelPendingAttempts();
    return this.userAgent.stop();
  }

  /** True while the transport is connected. */
  isConnected() {
    return this.userAgent.isConnected();
  }

  /**
   * Registers the AOR (creating the Registerer the first time) and keeps it registered: the
   * registration is renewed after a reconnection and after it was lost. Resolves once the
   * REGISTER is sent (or when no attempt can be made now: not connected, stopped, guarded).
   */
  async register(registererRegisterOptions) {
    this.logger.log("Registering UserAgent...");
    this.shouldBeRegistered = true;
    if (registererRegisterOptions !== undefined) this.registererRegisterOptions = { ...registererRegisterOptions };
    if (!this.registerer) {
      this.registerer = new Registerer(this.userAgent, this.registererOptions);
      this.registerer.stateChange.addListener((state) => this.onRegistererStateChange(state));
    }
    return this.attemptRegistration(true);
  }

  /** Unregisters (if there is a registerer); resolves once the un-REGISTER is sent. */
  async unregister(registererUnregisterOptions) {
    this.logger.log("Unregistering UserAgent...");
    this.shouldBeRegistered = false;
    if (!this.registerer) {
      this.logger.warn("No registerer to unregister.");
      return;
    }
    await this.registerer.unregister(registererUnregisterOptions);
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  /**
   * Calls `destination` (a SIP URI as text). Resolves with the Inviter once the INVITE is sent;
   * the delegate's onCallAnswered says when the call is established.
   */
  async call(destination, inviterOptions, inviterInviteOptions) {
    this.logger.log("Beginning Session...");
    if (this.atSessionLimit()) throw new Error("Maximum number of sessions already exists.");
    const target = UserAgent.makeURI(destination);
    if (!target) throw new Error(`Failed to create a valid URI from "${destination}"`);

    // Our media constraints unless the caller gave some (on the caller's options, as sip.js does).
    inviterOptions = inviterOptions || {};
    inviterOptions.sessionDescriptionHandlerOptions = inviterOptions.sessionDescriptionHandlerOptions || {};
    if (!inviterOptions.sessionDescriptionHandlerOptions.constraints) {
      inviterOptions.sessionDescriptionHandlerOptions.constraints = this.constraints;
    }

    let inviter;
    // Early media: play the remote stream as soon as a 183 Session Progress arrives.
    if (inviterOptions.earlyMedia) {
      inviterInviteOptions = inviterInviteOptions || {};
      const requestDelegate = (inviterInviteOptions.requestDelegate = inviterInviteOptions.requestDelegate || {});
      const applicationOnProgress = requestDelegate.onProgress;
      requestDelegate.onProgress = (response) => {
        if (response.message.statusCode === 183) this.setupRemoteMedia(inviter);
        if (applicationOnProgress) applicationOnProgress(response);
      };
    }

    // Stop gathering ICE candidates once a server reflexive one turns up. sip.js replaces any
    // onSessionDescriptionHandler the caller had; here the caller's still runs afterwards.
    if (this.options.iceStopWaitingOnServerReflexive) {
      const delegate = (inviterOptions.delegate = inviterOptions.delegate || {});
      const applicationOnSdh = delegate.onSessionDescriptionHandler;
      delegate.onSessionDescriptionHandler = (sdh, provisional) => {
        if (!(sdh instanceof SessionDescriptionHandler)) {
          throw new Error("Session description handler not instance of SessionDescriptionHandler");
        }
        sdh.peerConnectionDelegate = {
          onicecandidate: (event) => {
            if (event.candidate && event.candidate.type === "srflx") {
              this.logger.log(`[${inviter.id}] Found srflx ICE candidate, stop waiting...`);
              sdh.iceGatheringComplete();
            }
          }
        };
        if (applicationOnSdh) applicationOnSdh.call(delegate, sdh, provisional);
      };
    }

    inviter = new Inviter(this.userAgent, target, inviterOptions);
    await this.sendInvite(inviter, inviterOptions, inviterInviteOptions);
    return inviter;
  }

  /**
   * Ends a managed session the way its state calls for: CANCEL (outgoing, not yet answered),
   * a 480 reject (incoming, not yet answered) or BYE. Resolves once that is sent; the delegate's
   * onCallHangup says when the session ended.
   */
  async hangup(session) {
    this.logger.log(`[${session.id}] Hangup...`);
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    return this.terminate(session);
  }

  /** Accepts a managed incoming call (with our media constraints unless others are given). */
  async answer(session, invitationAcceptOptions) {
    this.logger.log(`[${session.id}] Accepting Invitation...`);
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    if (!(session instanceof Invitation)) throw new Error("Session not instance of Invitation.");
    invitationAcceptOptions = invitationAcceptOptions || {};
    invitationAcceptOptions.sessionDescriptionHandlerOptions = invitationAcceptOptions.sessionDescriptionHandlerOptions || {};
    if (!invitationAcceptOptions.sessionDescriptionHandlerOptions.constraints) {
      invitationAcceptOptions.sessionDescriptionHandlerOptions.constraints = this.constraints;
    }
    return session.accept(invitationAcceptOptions);
  }

  /** Rejects a managed incoming call (480). */
  async decline(session) {
    this.logger.log(`[${session.id}] Rejecting Invitation...`);
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    if (!(session instanceof Invitation)) throw new Error("Session not instance of Invitation.");
    return session.reject();
  }

  /** Sends a re-INVITE putting the call on hold (RFC 6337); see setHold(). */
  async hold(session) {
    this.logger.log(`[${session.id}] Holding session...`);
    return this.setHold(session, true);
  }

  /** Sends a re-INVITE taking the call off hold; see setHold(). */
  async unhold(session) {
    this.logger.log(`[${session.id}] Unholding session...`);
    return this.setHold(session, false);
  }

  /** True if the session is on hold (or a hold was requested and not refused yet). */
  isHeld(session) {
    const managed = this.sessionManaged(session);
    return managed ? managed.held : false;
  }

  /** Disables the session's local tracks. */
  mute(session) {
    this.logger.log(`[${session.id}] Disabling media tracks...`);
    this.setMute(session, true);
  }

  /** Enables the session's local tracks again (unless it is on hold). */
  unmute(session) {
    this.logger.log(`[${session.id}] Enabling media tracks...`);
    this.setMute(session, false);
  }

  /** True if the session's local tracks were disabled by mute(). */
  isMuted(session) {
    const managed = this.sessionManaged(session);
    return managed ? managed.muted : false;
  }

  /**
   * Sends one DTMF tone: an INFO with an application/dtmf-relay body (not a standard, but what
   * most servers understand, see RFC 6086 section 2), or in the media (RFC 4733) when
   * sendDTMFUsingSessionDescriptionHandler is set.
   */
  async sendDTMF(session, tone) {
    this.logger.log(`[${session.id}] Sending DTMF...`);
    if (!OUTGOING_TONE.test(tone)) throw new Error("Invalid DTMF tone.");
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    this.logger.log(`[${session.id}] Sending DTMF tone: ${tone}`);
    if (this.options.sendDTMFUsingSessionDescriptionHandler) {
      if (!session.sessionDescriptionHandler) throw new Error("Session desciption handler undefined.");
      if (!session.sessionDescriptionHandler.sendDtmf(tone)) throw new Error("Failed to send DTMF");
      return;
    }
    // draft-kaplan-dispatch-info-dtmf-package: the body names the key and how long it was pressed.
    const body = {
      contentDisposition: "render",
      contentType: "application/dtmf-relay",
      content: `Signal=${tone}\r\nDuration=${DTMF_RELAY_DEFAULT_DURATION}`
    };
    await session.info({ requestOptions: { body } });
  }

  /**
   * Transfers the peer of `session` with a REFER: to another Session (attended transfer, with
   * Replaces) or to a SIP URI given as text (blind transfer).
   */
  async transfer(session, target, options) {
    this.logger.log(`[${session.id}] Referring session...`);
    if (target instanceof Session) {
      await session.refer(target, options);
      return;
    }
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`Failed to create a valid URI from "${target}"`);
    await session.refer(uri, options);
  }

  /** Sends a MESSAGE with `message` as its text/plain body to `destination` (a SIP URI as text). */
  async message(destination, message) {
    this.logger.log("Sending message...");
    const target = UserAgent.makeURI(destination);
    if (!target) throw new Error(`Failed to create a valid URI from "${destination}"`);
    return new Messager(this.userAgent, target, message).message();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals (private in the .d.ts, as in sip.js)

  /** The media constraints for offers and answers: options.media.constraints, or audio only. */
  get constraints() {
    return this.options.media.constraints ? { ...this.options.media.constraints } : { audio: true, video: false };
  }

  /**
   * True when no further session may be managed. sip.js compares with `>` and so manages one
   * session more than maxSimultaneousSessions (two for SimpleUser, which allows one); here the
   * limit is the number the option says.
   */
  atSessionLimit() {
    const max = this.options.maxSimultaneousSessions;
    return max !== 0 && this.managedSessions.length >= max;
  }

  onUserAgentConnect() {
    this.logger.log("Connected");
    this.delegate?.onServerConnect?.();
    if (this.shouldBeRegistered) this.register();
    if (this.options.optionsPingInterval > 0) this.optionsPingStart();
  }

  onUserAgentDisconnect(error) {
    this.logger.log("Disconnected");
    let optionsPingFailure = false;
    if (this.options.optionsPingInterval > 0) {
      optionsPingFailure = this.optionsPingFailure;
      this.optionsPingFailure = false;
      this.optionsPingStop();
    }
    this.delegate?.onServerDisconnect?.(error);
    // A disconnect the application asked for was cleaned up by disconnect(). One the network,
    // the server or a failed OPTIONS ping caused leaves nothing worth waiting for: drop the
    // registerer and the sessions without expecting answers, then try to reconnect.
    if (!error && !optionsPingFailure) return;
    if (this.registerer) {
      this.logger.log("Disposing of registerer...");
      this.registerer.dispose().catch((e) => {
        this.logger.debug("Error occurred disposing of registerer after connection with server was lost.");
        this.logger.debug(String(e));
      });
      this.registerer = undefined;
    }
    for (const { session } of this.managedSessions.slice()) {
      this.logger.log("Disposing of session...");
      session.dispose().catch((e) => {
        this.logger.debug("Error occurred disposing of a session after connection with server was lost.");
        this.logger.debug(String(e));
      });
    }
    if (this.shouldBeConnected) this.attemptReconnection();
  }

  onUserAgentInvite(invitation) {
    this.logger.log(`[${invitation.id}] Received INVITE`);
    const rejectInvitation = () => {
      invitation.reject().then(
        () => this.logger.log(`[${invitation.id}] Rejected INVITE`),
        (error) => {
          this.logger.error(`[${invitation.id}] Failed to reject INVITE`);
          this.logger.error(String(error));
        }
      );
    };
    // An INVITE may arrive at any time, also while we are calling out: beyond the limit, refuse it.
    if (this.atSessionLimit()) {
      this.logger.warn(`[${invitation.id}] Session already in progress, rejecting INVITE...`);
      rejectInvitation();
      return;
    }
    // An Inviter made for a REFER received in this session uses our constraints.
    const referralInviterOptions = { sessionDescriptionHandlerOptions: { constraints: this.constraints } };
    this.initSession(invitation, referralInviterOptions);
    if (this.delegate && this.delegate.onCallReceived) {
      this.delegate.onCallReceived(invitation);
    } else {
      this.logger.warn(`[${invitation.id}] No handler available, rejecting INVITE...`);
      rejectInvitation();
    }
  }

  onRegistererStateChange(state) {
    switch (state) {
      case RegistererState.Initial:
      case RegistererState.Terminated:
        break;
      case RegistererState.Registered:
        this.delegate?.onRegistered?.();
        break;
      case RegistererState.Unregistered:
        this.delegate?.onUnregistered?.();
        // Registration lost (expired, refused, ...): get it back if we are meant to be registered.
        if (this.shouldBeRegistered) this.attemptRegistration();
        break;
      default:
        throw new Error("Unknown registerer state.");
    }
  }

  /**
   * Reconnects: at once the first time, then every reconnectionDelay seconds, at most
   * reconnectionAttempts times. sip.js logs "already in progress" when an attempt is under way
   * and then starts a second chain anyway; here the running chain is left to finish.
   */
  attemptReconnection(reconnectionAttempt = 1) {
    const attempts = this.options.reconnectionAttempts;
    const delay = this.options.reconnectionDelay;
    const label = `Reconnection attempt ${reconnectionAttempt} of ${attempts}`;
    if (!this.shouldBeConnected) {
      this.logger.log("Should not be connected currently");
      return;
    }
    if (this.attemptingReconnection) {
      this.logger.log("Reconnection attempt already in progress");
      return;
    }
    if (reconnectionAttempt > attempts) {
      this.logger.log("Reconnection maximum attempts reached");
      return;
    }
    this.logger.log(reconnectionAttempt === 1 ? `${label} - trying` : `${label} - trying in ${delay} seconds`);
    this.attemptingReconnection = true;
    this.reconnectionAttemptTimeout = setTimeout(
      () => {
        this.reconnectionAttemptTimeout = undefined;
        if (!this.shouldBeConnected) {
          this.logger.log(`${label} - aborted`);
          this.attemptingReconnection = false;
          return;
        }
        this.userAgent.reconnect().then(
          () => {
            this.logger.log(`${label} - succeeded`);
            this.attemptingReconnection = false;
          },
          (error) => {
            this.logger.log(`${label} - failed`);
            this.logger.error(error.message);
            this.attemptingReconnection = false;
            this.attemptReconnection(reconnectionAttempt + 1);
          }
        );
      },
      reconnectionAttempt === 1 ? 0 : delay * 1000
    );
  }

  /**
   * One REGISTER attempt, now (withoutDelay) or after a random 1-2x registrationRetryInterval
   * (so that many clients retrying after an outage do not hit the server in step). Only one
   * attempt is pending at a time. Resolves once the REGISTER is sent or skipped.
   */
  attemptRegistration(withoutDelay = false) {
    this.logger.log(`Registration attempt ${withoutDelay ? "without delay" : ""}`);
    if (!this.shouldBeRegistered) {
      this.logger.log("Should not be registered currently");
      return Promise.resolve();
    }
    if (this.registrationAttemptTimeout !== undefined) {
      this.logger.log("Registration attempt already in progress");
      return Promise.resolve();
    }
    const sendRegister = async () => {
      if (!this.registerer) {
        this.logger.log("Registerer undefined");
        return;
      }
      if (!this.isConnected()) {
        this.logger.log("User agent not connected");
        return;
      }
      if (this.userAgent.state === UserAgentState.Stopped) {
        this.logger.log("User agent stopped");
        return;
      }
      if (this.options.registerGuard) {
        let halt;
        try {
          halt = await this.options.registerGuard();
        } catch (error) {
          this.logger.log("Register guard rejected will making registration attempt");
          throw error;
        }
        if (halt || !this.registerer) return;
      }
      await this.registerer.register(this.registererRegisterOptions);
    };
    const lower = this.options.registrationRetryInterval;
    const delayMs = withoutDelay ? 0 : 1000 * (lower + Math.random() * lower);
    return new Promise((resolve, reject) => {
      this.registrationAttemptCancel = () => {
        this.registrationAttemptCancel = undefined;
        resolve();
      };
      this.registrationAttemptTimeout = setTimeout(() => {
        this.registrationAttemptCancel = undefined;
        sendRegister().then(
          () => {
            this.registrationAttemptTimeout = undefined;
            resolve();
          },
          (error) => {
            this.registrationAttemptTimeout = undefined;
            // A REGISTER already in flight is as good as this one.
            if (error instanceof RequestPendingError) resolve();
            else reject(error);
          }
        );
      }, delayMs);
    });
  }

  /** Clears a pending registration attempt (resolving its promise) and reconnection attempt. */
  cancelPendingAttempts() {
    if (this.registrationAttemptTimeout !== undefined) {
      clearTimeout(this.registrationAttemptTimeout);
      this.registrationAttemptTimeout = undefined;
      if (this.registrationAttemptCancel) this.registrationAttemptCancel();
    }
    if (this.reconnectionAttemptTimeout !== undefined) {
      clearTimeout(this.reconnectionAttemptTimeout);
      this.reconnectionAttemptTimeout = undefined;
      this.attemptingReconnection = false;
    }
  }

  /** Detaches the session's streams from the media elements they were attached to. */
  cleanupMedia(session) {
    const managed = this.sessionManaged(session);
    if (!managed) throw new Error("Managed session does not exist.");
    const elements = [managed.mediaLocal?.video, managed.mediaRemote?.audio, managed.mediaRemote?.video];
    for (const element of elements) {
      if (!element) continue;
      element.srcObject = null;
      element.pause();
    }
  }

  enableReceiverTracks(session, enable) {
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    this.webSessionDescriptionHandler(session, true).enableReceiverTracks(enable);
  }

  enableSenderTracks(session, enable) {
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    this.webSessionDescriptionHandler(session, true).enableSenderTracks(enable);
  }

  /**
   * Starts managing `session`: onCallCreated, then its state changes drive media attachment,
   * onCallAnswered and onCallHangup; its INFO (DTMF) and REFER (transfer) requests are handled
   * here (replacing the session's own onInfo and onRefer delegate methods, as sip.js does).
   */
  initSession(session, referralInviterOptions) {
    this.sessionAdd(session);
    this.delegate?.onCallCreated?.(session);
    session.stateChange.addListener((state) => {
      this.logger.log(`[${session.id}] Session state changed to ${state}`);
      switch (state) {
        case SessionState.Initial:
        case SessionState.Establishing:
          break;
        case SessionState.Established:
          this.setupLocalMedia(session);
          this.setupRemoteMedia(session);
          this.delegate?.onCallAnswered?.(session);
          break;
        case SessionState.Terminating:
        case SessionState.Terminated:
          // Terminated usually follows Terminating: the first of the two ends the management.
          if (this.sessionExists(session)) {
            this.cleanupMedia(session);
            this.sessionRemove(session);
            this.delegate?.onCallHangup?.(session);
          }
          break;
        default:
          throw new Error("Unknown session state.");
      }
    });
    session.delegate = session.delegate || {};
    session.delegate.onInfo = (info) => this.onSessionInfo(session, info);
    session.delegate.onRefer = (referral) => {
      referral
        .accept()
        .then(() => this.sendInvite(referral.makeInviter(referralInviterOptions), referralInviterOptions))
        .catch((error) => this.logger.error(error.message));
    };
  }

  /**
   * An INFO in a managed session: a well-formed application/dtmf-relay body is accepted and
   * reported to onCallDTMFReceived; anything else (or no such delegate method) is rejected.
   * (RFC 6086 would have a 469 Bad Info Package with Recv-Info here; sip.js sends its default
   * reject, and so do we.)
   */
  onSessionInfo(session, info) {
    if (!this.delegate || !this.delegate.onCallDTMFReceived) {
      info.reject();
      return;
    }
    const contentType = info.request.getHeader("content-type");
    if (!contentType || !/^application\/dtmf-relay/i.test(contentType)) {
      info.reject();
      return;
    }
    const lines = info.request.body.split("\r\n", 2);
    const signal = lines.length === 2 ? DTMF_RELAY_SIGNAL.exec(lines[0]) : null;
    const duration = lines.length === 2 ? DTMF_RELAY_DURATION.exec(lines[1]) : null;
    const tone = signal ? signal[1] : undefined;
    const milliseconds = duration ? parseInt(duration[1], 10) : 0;
    if (!tone || !milliseconds) {
      info.reject();
      return;
    }
    info
      .accept()
      .then(() => this.delegate?.onCallDTMFReceived?.(session, tone, milliseconds))
      .catch((error) => this.logger.error(error.message));
  }

  /**
   * Sends an OPTIONS every optionsPingInterval seconds, one at a time; a 408 or 503 answer (which
   * is also what a timeout or transport error gives) marks the server unreachable and drops the
   * transport, so that the disconnect handling reconnects.
   */
  optionsPingRun(requestURI, fromURI, toURI) {
    if (this.options.optionsPingInterval < 1) throw new Error("Invalid options ping interval.");
    if (this.optionsPingRunning) return;
    this.optionsPingRunning = true;
    this.optionsPingTimeout = setTimeout(() => {
      this.optionsPingTimeout = undefined;
      const onPingSuccess = () => {
        this.optionsPingFailure = false;
        if (this.optionsPingRunning) {
          this.optionsPingRunning = false;
          this.optionsPingRun(requestURI, fromURI, toURI);
        }
      };
      const onPingFailure = () => {
        this.logger.error("OPTIONS ping failed");
        this.optionsPingFailure = true;
        this.optionsPingRunning = false;
        this.userAgent.transport.disconnect().catch((error) => this.logger.error(String(error)));
      };
      const core = this.userAgent.userAgentCore;
      const message = core.makeOutgoingRequestMessage("OPTIONS", requestURI, fromURI, toURI, {});
      this.optionsPingRequest = core.request(message, {
        onAccept: () => {
          this.optionsPingRequest = undefined;
          onPingSuccess();
        },
        onReject: (response) => {
          this.optionsPingRequest = undefined;
          const status = response.message.statusCode;
          if (status === 408 || status === 503) onPingFailure();
          else onPingSuccess();
        }
      });
    }, this.options.optionsPingInterval * 1000);
  }

  optionsPingStart() {
    this.logger.log("OPTIONS pings started");
    let requestURI;
    let fromURI;
    let toURI;
    if (this.options.optionsPingRequestURI) {
      requestURI = UserAgent.makeURI(this.options.optionsPingRequestURI);
      if (!requestURI) throw new Error("Failed to create Request URI.");
      fromURI = this.userAgent.contact.uri.clone();
      toURI = this.userAgent.contact.uri.clone();
    } else if (this.options.aor) {
      const uri = UserAgent.makeURI(this.options.aor);
      if (!uri) throw new Error("Failed to create URI.");
      requestURI = uri.clone();
      requestURI.user = undefined; // the registrar of the AOR's domain
      fromURI = uri.clone();
      toURI = uri.clone();
    } else {
      this.logger.error(
        "You have enabled sending OPTIONS pings and as such you must provide either " +
          "a) an AOR to register, or b) an RURI to use for the target of the OPTIONS ping requests. "
      );
      return;
    }
    this.optionsPingRun(requestURI, fromURI, toURI);
  }

  optionsPingStop() {
    this.logger.log("OPTIONS pings stopped");
    this.optionsPingRunning = false;
    this.optionsPingFailure = false;
    if (this.optionsPingRequest) {
      this.optionsPingRequest.dispose();
      this.optionsPingRequest = undefined;
    }
    if (this.optionsPingTimeout) {
      clearTimeout(this.optionsPingTimeout);
      this.optionsPingTimeout = undefined;
    }
  }

  /** Starts managing an Inviter, then sends its INVITE. */
  async sendInvite(inviter, inviterOptions, inviterInviteOptions) {
    this.initSession(inviter, inviterOptions);
    await inviter.invite(inviterInviteOptions);
    this.logger.log(`[${inviter.id}] Sent INVITE`);
  }

  sessionAdd(session) {
    this.managedSessions.push(this.options.managedSessionFactory(this, session));
  }

  sessionExists(session) {
    return this.sessionManaged(session) !== undefined;
  }

  sessionManaged(session) {
    return this.managedSessions.find((managed) => managed.session.id === session.id);
  }

  sessionRemove(session) {
    this.managedSessions = this.managedSessions.filter((managed) => managed.session.id !== session.id);
  }

  /**
   * Sends a re-INVITE whose offer puts the session on hold (or takes it off). `held` is set at
   * once, optimistically; the tracks follow once the re-INVITE is sent. A 2xx confirms it and
   * calls onCallHold(session, hold); a rejection reverts it and calls onCallHold with the old
   * value; a failure to send reverts it and rejects (RequestPendingError while another
   * offer/answer exchange is under way).
   */
  async setHold(session, hold) {
    if (!this.sessionExists(session)) throw new Error("Session does not exist.");
    if (this.isHeld(session) === hold) return;
    this.webSessionDescriptionHandler(session, true);

    const settle = (held) => {
      const managed = this.sessionManaged(session);
      if (managed === undefined) return;
      managed.held = held;
      this.enableReceiverTracks(session, !managed.held);
      this.enableSenderTracks(session, !managed.held && !managed.muted);
      this.delegate?.onCallHold?.(session, managed.held);
    };
    const options = {
      requestDelegate: {
        onAccept: () => settle(hold),
        onReject: () => {
          this.logger.warn(`[${session.id}] Re-invite request was rejected`);
          settle(!hold);
        }
      }
    };

    // The session hands sessionDescriptionHandlerOptionsReInvite to its SDH for re-INVITE offers
    // and answers; `hold` there makes the web SDH offer sendonly/inactive.
    const reInviteOptions = session.sessionDescriptionHandlerOptionsReInvite;
    reInviteOptions.hold = hold;
    session.sessionDescriptionHandlerOptionsReInvite = reInviteOptions;

    const managed = this.sessionManaged(session);
    managed.held = hold;
    try {
      await session.invite(options);
    } catch (error) {
      managed.held = !hold;
      if (error instanceof RequestPendingError) {
        this.logger.error(`[${session.id}] A hold request is already in progress.`);
      }
      throw error;
    }
    const current = this.sessionManaged(session);
    if (current !== undefined) {
      this.enableReceiverTracks(session, !current.held);
      this.enableSenderTracks(session, !current.held && !current.muted);
    }
  }

  setMute(session, mute) {
    if (!this.sessionExists(session)) {
      this.logger.warn(`[${session.id}] A session is required to enabled/disable media tracks`);
      return;
    }
    if (session.state !== SessionState.Established) {
      this.logger.warn(`[${session.id}] An established session is required to enable/disable media tracks`);
      return;
    }
    const managed = this.sessionManaged(session);
    managed.muted = mute;
    this.enableSenderTracks(session, !managed.held && !managed.muted);
  }

  /** Shows the local stream in options.media.local's video element (muted), if one is set. */
  setupLocalMedia(session) {
    const managed = this.sessionManaged(session);
    if (!managed) throw new Error("Managed session does not exist.");
    const local = this.options.media.local;
    managed.mediaLocal = typeof local === "function" ? local(session) : local;
    const element = managed.mediaLocal?.video;
    if (!element) return;
    const stream = this.getLocalMediaStream(session);
    if (!stream) throw new Error("Local media stream undefiend.");
    element.srcObject = stream;
    element.volume = 0;
    element.play().catch((error) => {
      this.logger.error(`[${session.id}] Failed to play local media`);
      this.logger.error(error.message);
    });
  }

  /**
   * Plays the remote stream in options.media.remote's video (or else audio) element, if one is
   * set, and again whenever a track is added to it (Safari needs the load()).
   */
  setupRemoteMedia(session) {
    const managed = this.sessionManaged(session);
    if (!managed) throw new Error("Managed session does not exist.");
    const remote = this.options.media.remote;
    managed.mediaRemote = typeof remote === "function" ? remote(session) : remote;
    const element = managed.mediaRemote?.video || managed.mediaRemote?.audio;
    if (!element) return;
    const stream = this.getRemoteMediaStream(session);
    if (!stream) throw new Error("Remote media stream undefiend.");
    const play = () =>
      element.play().catch((error) => {
        this.logger.error(`[${session.id}] Failed to play remote media`);
        this.logger.error(error.message);
      });
    element.autoplay = true; // Safari will not play() outside a user gesture; autoplay it is
    element.srcObject = stream;
    play();
    stream.onaddtrack = () => {
      this.logger.log("Remote media onaddtrack");
      element.load();
      play();
    };
  }

  /** CANCEL, reject or BYE, whichever ends `session` in its current state (see hangup()). */
  async terminate(session) {
    this.logger.log(`[${session.id}] Terminating...`);
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) {
          const sent = session.state === SessionState.Initial ? "never sent INVITE (canceled)" : "canceled (sent CANCEL)";
          await session.cancel();
          this.logger.log(`[${session.id}] Inviter ${sent}`);
          return;
        }
        if (session instanceof Invitation) {
          await session.reject();
          this.logger.log(`[${session.id}] Invitation rejected (sent 480)`);
          return;
        }
        throw new Error("Unknown session type.");
      case SessionState.Established:
        await session.bye();
        this.logger.log(`[${session.id}] Session ended (sent BYE)`);
        return;
      case SessionState.Terminating:
      case SessionState.Terminated:
        this.logger.log(`[${session.id}] Terminating in state ${session.state}, no action taken`);
        return;
      default:
        throw new Error("Unknown state");
    }
  }

  /**
   * The session's session description handler if it is the web one; undefined if it has none
   * yet. Anything else is an error: SessionManager drives tracks through the web SDH's methods.
   */
  webSessionDescriptionHandler(session, required) {
    const sdh = session.sessionDescriptionHandler;
    if (!sdh && !required) return undefined;
    if (!(sdh instanceof SessionDescriptionHandler)) {
      throw new Error(
        required
          ? "Session's session description handler not instance of SessionDescriptionHandler."
          : "Session description handler not instance of web SessionDescriptionHandler"
      );
    }
    return sdh;
  }
}
