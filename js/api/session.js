// SIP.js's Session over the C++ state machine (src/api/session.cpp, via session-area.js): this file
// keeps what is JavaScript by nature (the session description handlers, their options and
// modifiers, the delegate, the stateChange emitter) and forwards every protocol step to C++.
import { Parser } from "../core/messages/parser.js";
import { NameAddrHeader } from "../grammar/name-addr-header.js";
import { Grammar } from "../grammar/grammar.js";
import { URI } from "../grammar/uri.js";
import { EmitterImpl } from "./emitter.js";
import { outgoingRequestOf } from "./outgoing-request.js";
import { sessionArea } from "./session-area.js";
import { SessionState } from "./session-state.js";
import { sessionUpdate } from "./session-update.js";
import { extraHeaderLines } from "./extra-headers.js";

// `registerDelegate` runs once the options are known to be valid, so that a refused call leaves no
// request delegate registered.
function requestOptionsOf(options, registerDelegate) {
  const requestOptions = options.requestOptions || {};
  const extraHeaders = extraHeaderLines(requestOptions.extraHeaders, "requestOptions.extraHeaders");
  const out = {};
  const delegateId = registerDelegate();
  if (delegateId) out.delegate = delegateId;
  if (requestOptions.extraHeaders) out.extraHeaders = extraHeaders;
  if (requestOptions.body) {
    out.body = {
      contentDisposition: requestOptions.body.contentDisposition || "render",
      contentType: requestOptions.body.contentType || "text/plain",
      content: requestOptions.body.content || ""
    };
  }
  return out;
}

// The read-only view of the session's dialog (SIP.js hands out its core Session object): its
// state is read from C++ on each access; after the session ends, the last state seen, closed.
class SessionDialogView {
  constructor(session) {
    this._session = session;
  }
  _info() {
    return this._session._dialogInfo();
  }
  get id() {
    return this._info().id;
  }
  get callId() {
    return this._info().callId;
  }
  get localTag() {
    return this._info().localTag;
  }
  get remoteTag() {
    return this._info().remoteTag;
  }
  get localURI() {
    return Grammar.URIParse(this._info().localURI);
  }
  get remoteURI() {
    return Grammar.URIParse(this._info().remoteURI);
  }
  get remoteTarget() {
    return Grammar.URIParse(this._info().remoteTarget);
  }
  get early() {
    return this._info().early;
  }
  get sessionState() {
    return this._info().sessionState;
  }
  get signalingState() {
    return this._info().signalingState;
  }
  get offer() {
    return this._info().offer;
  }
  get answer() {
    return this._info().answer;
  }
}

/**
 * A session provides real time communication between one or more participants.
 * @public
 */
export class Session {
  /** @internal */
  constructor(userAgent, options = {}) {
    this.delegate = options.delegate;
    this._state = SessionState.Initial;
    this._stateEventEmitter = new EmitterImpl();
    this._userAgent = userAgent;
    this._area = sessionArea(userAgent);
    this._num = 0;
    this._sessionDescriptionHandler = undefined;
    this._earlyHandlers = new Map();
    this._dialogView = undefined;
    this._lastInfoText = undefined;
    this._lastInfo = undefined;
    this._lastDialog = undefined;
  }

  /** Destructor. */
  dispose() {
    return this._call((id) => this._area.handle.sessionRequest(this._num, "dispose", "{}", id));
  }

  /** The asserted identity of the remote user. */
  get assertedIdentity() {
    const info = this._info();
    const value = info ? info.assertedIdentity : (this._endInfo() || {}).assertedIdentity;
    if (!value) return undefined;
    const parsed = Grammar.nameAddrHeaderParse(value);
    return parsed instanceof NameAddrHeader ? parsed : undefined;
  }
  /** The confirmed session dialog. */
  get dialog() {
    const info = this._dialogInfoOrUndefined();
    if (!info) return undefined;
    if (!this._dialogView) this._dialogView = new SessionDialogView(this);
    return this._dialogView;
  }
  /** A unique identifier for this session. */
  get id() {
    return this._id;
  }
  /** The session being replaced by this one. */
  get replacee() {
    return this._replacee;
  }
  /** Session description handler. */
  get sessionDescriptionHandler() {
    return this._sessionDescriptionHandler;
  }
  /** Session description handler factory. */
  get sessionDescriptionHandlerFactory() {
    return this.userAgent.configuration.sessionDescriptionHandlerFactory;
  }
  /** SDH modifiers for the initial INVITE transaction. */
  get sessionDescriptionHandlerModifiers() {
    return this._sessionDescriptionHandlerModifiers || [];
  }
  set sessionDescriptionHandlerModifiers(modifiers) {
    this._sessionDescriptionHandlerModifiers = modifiers.slice();
  }
  /** SDH options for the initial INVITE transaction. */
  get sessionDescriptionHandlerOptions() {
    return this._sessionDescriptionHandlerOptions || {};
  }
  set sessionDescriptionHandlerOptions(options) {
    this._sessionDescriptionHandlerOptions = Object.assign({}, options);
  }
  /** SDH modifiers for re-INVITE transactions. */
  get sessionDescriptionHandlerModifiersReInvite() {
    return this._sessionDescriptionHandlerModifiersReInvite || [];
  }
  set sessionDescriptionHandlerModifiersReInvite(modifiers) {
    this._sessionDescriptionHandlerModifiersReInvite = modifiers.slice();
  }
  /** SDH options for re-INVITE transactions. */
  get sessionDescriptionHandlerOptionsReInvite() {
    return this._sessionDescriptionHandlerOptionsReInvite || {};
  }
  set sessionDescriptionHandlerOptionsReInvite(options) {
    this._sessionDescriptionHandlerOptionsReInvite = Object.assign({}, options);
  }
  /** Session state. */
  get state() {
    return this._state;
  }
  /** Session state change emitter. */
  get stateChange() {
    return this._stateEventEmitter;
  }
  /** The user agent. */
  get userAgent() {
    return this._userAgent;
  }

  /** End an established session (BYE). */
  bye(options = {}) {
    if (this._state !== SessionState.Established) {
      this.logger.error("Session.bye() may only be called if established session.");
      return Promise.reject(new Error(`Invalid session state ${this._state}`));
    }
    return this._request("bye", this._requestOptions(options));
  }
  /** Share information with the peer (INFO). */
  info(options = {}) {
    return this._request("info", this._requestOptions(options));
  }
  /** Renegotiate the session (re-INVITE). */
  invite(options = {}) {
    const request = this._requestOptions(options);
    this._useReInviteDescriptionOptions(options);
    request.withoutSdp = !!options.withoutSdp;
    return this._request("invite", request, options.withoutSdp ? 0 : 1);
  }
  /** Send a MESSAGE inside the session. */
  message(options = {}) {
    return this._request("message", this._requestOptions(options));
  }
  /** Transfer: REFER to a URI (blind) or to another session (attended, with Replaces). */
  refer(referTo, options = {}) {
    if (this._state !== SessionState.Established) {
      this.logger.error("Session.refer() may only be called if established session.");
      return Promise.reject(new Error(`Invalid session state ${this._state}`));
    }
    if (referTo instanceof Session && !referTo.dialog) {
      this.logger.error("Session.refer() may only be called with a session which is established.");
      return Promise.reject(new Error(`Invalid session state ${this._state}`));
    }
    const request = this._requestOptions(options);
    request.referTo = this._referToString(referTo);
    request.onNotify = typeof options.onNotify === "function";
    this._onNotify = options.onNotify;
    return this._request("refer", request);
  }

  /** Beyond SIP.js: an UPDATE (RFC 3311), see session-update.js. */
  update(options = {}) {
    return sessionUpdate(this, options);
  }

  // ---- internals ----
  /** @internal A renegotiation's SDH options and modifiers become the session's re-INVITE ones. */
  _useReInviteDescriptionOptions(options) {
    if (options.sessionDescriptionHandlerModifiers) {
      this.sessionDescriptionHandlerModifiersReInvite = options.sessionDescriptionHandlerModifiers;
    }
    if (options.sessionDescriptionHandlerOptions) {
      this.sessionDescriptionHandlerOptionsReInvite = options.sessionDescriptionHandlerOptions;
    }
  }
  /** @internal SIP.js's copyRequestOptions, with the request delegate numbered for the C++ side. */
  _requestOptions(options) {
    return requestOptionsOf(options, () => this._area.delegate(options.requestDelegate));
  }
  /** @internal */
  _request(what, options, links = 0) {
    const sent = what === "dispose" ? undefined : () => this._outgoingRequest();
    return this._call((id) => this._area.handle.sessionRequest(this._num, what, JSON.stringify(options), id), sent, links);
  }
  /** @internal */
  _call(start, value, links = 0) {
    if (!this._num) return Promise.reject(new Error(`Invalid session state ${this._state}`));
    return this._area.call(this, start, value, links);
  }
  /** @internal What SIP.js's request methods resolve with: the request sent ({ message }). */
  _outgoingRequest() {
    const text = this._lastSent;
    this._lastSent = undefined;
    if (!text) return undefined;
    const logger = this.logger;
    let message;
    // Parsed when first read (most callers only wait for the promise).
    return outgoingRequestOf(() => {
      if (message === undefined) message = Parser.parseMessage(text, logger);
      return message;
    });
  }
  /** @internal */
  _info() {
    return this._num ? this._area.info(this._num) : null;
  }
  /** @internal What C++ said of the session as it ended, parsed when first read (rarely). */
  _endInfo() {
    if (this._lastInfoText !== undefined) {
      this._lastInfo = JSON.parse(this._lastInfoText) || undefined;
      this._lastInfoText = undefined;
    }
    return this._lastInfo;
  }
  /** @internal */
  _dialogInfoOrUndefined() {
    const info = this._info();
    if (info) return info.dialog || undefined;
    const end = this._endInfo();
    if (end && end.dialog && !this._lastDialog) {
      this._lastDialog = Object.assign({}, end.dialog, { sessionState: "Terminated", signalingState: "Closed" });
    }
    return this._lastDialog;
  }
  /** @internal */
  _dialogInfo() {
    return this._dialogInfoOrUndefined() || {};
  }
  /** @internal */
  _referToString(target) {
    if (target instanceof URI) return target.toString();
    if (!target.dialog) throw new Error("Dialog undefined.");
    const displayName = target.remoteIdentity.friendlyName;
    const dialog = target.dialog;
    const replaces = encodeURIComponent(
      `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`
    );
    return `"${displayName}" <${dialog.remoteTarget.toString()}?Replaces=${replaces}>`;
  }
  /** @internal SIP.js's name for making the session's own SDH (its specs call it). */
  setupSessionDescriptionHandler() {
    return this._handler(0);
  }
  /** @internal The SDH of `handler` (0: the session's own, made on first use). */
  _handler(handler) {
    if (handler === 0) {
      if (!this._sessionDescriptionHandler) this._sessionDescriptionHandler = this._makeHandler(false);
      return this._sessionDescriptionHandler;
    }
    let sdh = this._earlyHandlers.get(handler);
    if (!sdh) {
      sdh = this._makeHandler(true);
      this._earlyHandlers.set(handler, sdh);
    }
    return sdh;
  }
  /** @internal A new SDH from the factory, announced to the delegate (`provisional`: early media). */
  _makeHandler(provisional) {
    const factoryOptions = this.userAgent.configuration.sessionDescriptionHandlerFactoryOptions;
    // SIP.js passes the early-media factory {} when the user agent has no factory options.
    const sdh = this.sessionDescriptionHandlerFactory(this, provisional ? factoryOptions || {} : factoryOptions);
    if (this.delegate && this.delegate.onSessionDescriptionHandler) {
      this.delegate.onSessionDescriptionHandler(sdh, provisional);
    }
    return sdh;
  }
  /** @internal [options, modifiers] for kind 0 (the session's) or 1 (re-INVITE). */
  _sdhOptions(kind) {
    return kind === 1
      ? [this.sessionDescriptionHandlerOptionsReInvite, this.sessionDescriptionHandlerModifiersReInvite]
      : [this.sessionDescriptionHandlerOptions, this.sessionDescriptionHandlerModifiers];
  }
  /** @internal */
  _closeHandler(handler) {
    if (handler === 0) {
      if (this._sessionDescriptionHandler) this._sessionDescriptionHandler.close();
      return;
    }
    const sdh = this._earlyHandlers.get(handler);
    if (sdh) {
      this._earlyHandlers.delete(handler);
      sdh.close();
    }
  }
  /** @internal */
  _adoptHandler(handler) {
    const sdh = this._earlyHandlers.get(handler);
    if (!sdh) return;
    if (this._sessionDescriptionHandler) throw new Error("Session description handler defined.");
    this._earlyHandlers.delete(handler);
    this._sessionDescriptionHandler = sdh;
  }
  /** @internal */
  _onStateChanged(state) {
    if (state === SessionState.Terminated && this._num && this._area.alive) {
      // Keep what the application may still read once the C++ session is gone (the dialog, the
      // asserted identity, an Inviter's request), as text: it is parsed only if it is read.
      this._lastInfoText = this._area.handle.sessionInfo(this._num);
    }
    this._state = state;
    const n = this._num;
    if (state === SessionState.Terminated) {
      this._num = 0;
      this._area.release(n);
    }
    this._stateEventEmitter.emit(state);
    if (state === SessionState.Terminated) {
      delete this.userAgent._sessions[this.id];
      // An INVITE's delegate outlives its final response (2xx of other forks); once the session
      // has ended and the final response was handed over, SIP.js hands nothing more to it.
      if (this._inviteDelegate) this._area.sessionEnded(this._inviteDelegate);
    }
  }
}
