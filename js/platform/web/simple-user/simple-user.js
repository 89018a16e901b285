// SimpleUser: sip.js 0.21.2's one-call-at-a-time phone for web pages, a thin layer over
// SessionManager (maxSimultaneousSessions 1) that remembers the current session so that its
// methods need no session argument.
import { SessionManager } from "../session-manager/session-manager.js";

const NO_SESSION = "Session does not exist.";

/**
 * A simple SIP user: connect, register, one call at a time.
 * @public
 */
export class SimpleUser {
  /**
   * @param server - The SIP WebSocket server URL.
   * @param options - See SimpleUserOptions.
   */
  constructor(server, options = {}) {
    this.session = undefined;
    this.delegate = options.delegate;
    this.options = { ...options };
    // SessionManager's delegate, narrowed to this user's one call. The delegate is read at each
    // event, so the application may replace it after construction.
    const forward = (name, ...args) => {
      const delegate = this.delegate;
      if (delegate && delegate[name]) delegate[name](...args);
    };
    this.sessionManager = new SessionManager(server, {
      aor: this.options.aor,
      delegate: {
        onCallAnswered: () => forward("onCallAnswered"),
        onCallCreated: (session) => {
          this.session = session;
          forward("onCallCreated");
        },
        onCallReceived: () => forward("onCallReceived"),
        onCallHangup: () => {
          this.session = undefined;
          forward("onCallHangup");
        },
        onCallHold: (_session, held) => forward("onCallHold", held),
        onCallDTMFReceived: (_session, tone, duration) => forward("onCallDTMFReceived", tone, duration),
        onMessageReceived: (message) => forward("onMessageReceived", message.request.body),
        onRegistered: () => forward("onRegistered"),
        onUnregistered: () => forward("onUnregistered"),
        onServerConnect: () => forward("onServerConnect"),
        // sip.js drops the error here although its delegate type declares it; we pass it on.
        onServerDisconnect: (error) => forward("onServerDisconnect", error)
      },
      maxSimultaneousSessions: 1,
      media: this.options.media,
      reconnectionAttempts: this.options.reconnectionAttempts,
      reconnectionDelay: this.options.reconnectionDelay,
      registererOptions: this.options.registererOptions,
      sendDTMFUsingSessionDescriptionHandler: this.options.sendDTMFUsingSessionDescriptionHandler,
      userAgentOptions: this.options.userAgentOptions
    });
    this.logger = this.sessionManager.userAgent.getLogger("sip.SimpleUser");
  }

  /**
   * Names this user in log lines: the user agent's display name, or "Anonymous".
   * @internal
   */
  get id() {
    return (this.options.userAgentOptions && this.options.userAgentOptions.displayName) || "Anonymous";
  }

  /** The local media stream; undefined without a call. */
  get localMediaStream() {
    return this.session && this.sessionManager.getLocalMediaStream(this.session);
  }

  /** The remote media stream; undefined without a call. */
  get remoteMediaStream() {
    return this.session && this.sessionManager.getRemoteMediaStream(this.session);
  }

  /** @deprecated Use localMediaStream and take the track from the stream. */
  get localAudioTrack() {
    return this.session && this.sessionManager.getLocalAudioTrack(this.session);
  }

  /** @deprecated Use localMediaStream and take the track from the stream. */
  get localVideoTrack() {
    return this.session && this.sessionManager.getLocalVideoTrack(this.session);
  }

  /** @deprecated Use remoteMediaStream and take the track from the stream. */
  get remoteAudioTrack() {
    return this.session && this.sessionManager.getRemoteAudioTrack(this.session);
  }

  /** @deprecated Use remoteMediaStream and take the track from the stream. */
  get remoteVideoTrack() {
    return this.session && this.sessionManager.getRemoteVideoTrack(this.session);
  }

  /** Connects to the server (starting the user agent). */
  connect() {
    this.logger.log(`[${this.id}] Connecting UserAgent...`);
    return this.sessionManager.connect();
  }

  /** Disconnects (stopping the user agent). */
  disconnect() {
    this.logger.log(`[${this.id}] Disconnecting UserAgent...`);
    return this.sessionManager.disconnect();
  }

  /** True while connected. */
  isConnected() {
    return this.sessionManager.isConnected();
  }

  /** Registers to receive calls; resolves once the REGISTER is sent. */
  register(registererRegisterOptions) {
    this.logger.log(`[${this.id}] Registering UserAgent...`);
    return this.sessionManager.register(registererRegisterOptions);
  }

  /** Unregisters; resolves once the un-REGISTER is sent. */
  unregister(registererUnregisterOptions) {
    this.logger.log(`[${this.id}] Unregistering UserAgent...`);
    return this.sessionManager.unregister(registererUnregisterOptions);
  }

  /** Calls `destination`; resolves once the INVITE is sent; rejects if there is a call already. */
  call(destination, inviterOptions, inviterInviteOptions) {
    this.logger.log(`[${this.id}] Beginning Session...`);
    if (this.session) return Promise.reject(new Error("Session already exists."));
    return this.sessionManager.call(destination, inviterOptions, inviterInviteOptions).then(() => undefined);
  }

  /** Ends the call (CANCEL, reject or BYE); resolves once that is sent. */
  hangup() {
    this.logger.log(`[${this.id}] Hangup...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.hangup(this.session).then(() => {
      this.session = undefined;
    });
  }

  /** Accepts the incoming call. */
  answer(invitationAcceptOptions) {
    this.logger.log(`[${this.id}] Accepting Invitation...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.answer(this.session, invitationAcceptOptions);
  }

  /** Rejects the incoming call. */
  decline() {
    this.logger.log(`[${this.id}] rejecting Invitation...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.decline(this.session);
  }

  /** Puts the call on hold (re-INVITE); onCallHold tells the outcome. */
  hold() {
    this.logger.log(`[${this.id}] holding session...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.hold(this.session);
  }

  /** Takes the call off hold (re-INVITE); onCallHold tells the outcome. */
  unhold() {
    this.logger.log(`[${this.id}] unholding session...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.unhold(this.session);
  }

  /** True if the call is on hold. */
  isHeld() {
    return this.session ? this.sessionManager.isHeld(this.session) : false;
  }

  /** Disables the local tracks. */
  mute() {
    this.logger.log(`[${this.id}] disabling media tracks...`);
    if (this.session) this.sessionManager.mute(this.session);
  }

  /** Enables the local tracks again. */
  unmute() {
    this.logger.log(`[${this.id}] enabling media tracks...`);
    if (this.session) this.sessionManager.unmute(this.session);
  }

  /** True if muted. */
  isMuted() {
    return this.session ? this.sessionManager.isMuted(this.session) : false;
  }

  /** Sends one DTMF tone. */
  sendDTMF(tone) {
    this.logger.log(`[${this.id}] sending DTMF...`);
    if (!this.session) return Promise.reject(new Error(NO_SESSION));
    return this.sessionManager.sendDTMF(this.session, tone);
  }

  /** Sends a MESSAGE to `destination`. */
  message(destination, message) {
    this.logger.log(`[${this.id}] sending message...`);
    return this.sessionManager.message(destination, message);
  }
}
