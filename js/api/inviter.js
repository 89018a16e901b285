// SIP.js's Inviter over the C++ state machine (src/api/inviter.cpp): the options become JSON, the
// INVITE is built, sent and followed in C++; this facade keeps the SDH side (see session.js).
import { Parser } from "../core/messages/parser.js";
import { outgoingRequestOf } from "./outgoing-request.js";
import { Session } from "./session.js";
import { SessionState } from "./session-state.js";
import { SIPExtension } from "./user-agent-options.js";
import { sessionTimersFor } from "./session-timer-options.js";
import { extraHeaderLines } from "./extra-headers.js";

/**
 * An inviter offers to establish a session (outgoing INVITE).
 * @public
 */
export class Inviter extends Session {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - Request URI identifying the target of the message.
   * @param options - Options bucket. See {@link InviterOptions} for details.
   */
  constructor(userAgent, targetURI, options = {}, referred) {
    super(userAgent, options);
    this.logger = userAgent.getLogger("sip.Inviter");
    if (!targetURI || typeof targetURI.toString !== "function" || typeof targetURI.scheme !== "string") {
      throw new TypeError("Invalid target URI: expected a URI (see UserAgent.makeURI).");
    }
    const anonymous = options.anonymous || false;
    const contact = userAgent.contact.toString({
      anonymous,
      outbound: anonymous ? !userAgent.contact.tempGruu : !userAgent.contact.pubGruu
    });
    const params = Object.assign({}, options.params);
    // Only what differs from the C++ defaults crosses (false flags, empty lists and params stay out).
    const coreOptions = { contact };
    if (options.earlyMedia) coreOptions.earlyMedia = true;
    if (options.inviteWithoutSdp) coreOptions.inviteWithoutSdp = true;
    if (anonymous) coreOptions.anonymous = true;
    const extraHeaders = extraHeaderLines(options.extraHeaders);
    if (extraHeaders.length) coreOptions.extraHeaders = extraHeaders;
    if (userAgent.configuration.sipExtension100rel === SIPExtension.Required) coreOptions.require100rel = true;
    if (userAgent.configuration.sipExtensionReplaces === SIPExtension.Required) coreOptions.requireReplaces = true;
    const sessionTimers = sessionTimersFor(userAgent, options.sessionTimers, "InviterOptions.sessionTimers"); // RFC 4028
    if (sessionTimers) coreOptions.sessionTimers = sessionTimers;
    const coreParams = {};
    for (const key of ["callId", "cseq", "fromDisplayName", "toDisplayName"]) {
      if (params[key] !== undefined) coreParams[key] = params[key];
    }
    if (params.fromUri !== undefined) coreParams.fromUri = String(params.fromUri);
    if (params.toUri !== undefined) coreParams.toUri = String(params.toUri);
    if (Object.keys(coreParams).length) coreOptions.params = coreParams;
    if (options.renderbody && options.rendertype) {
      coreOptions.renderBody = { contentDisposition: "render", contentType: options.rendertype, content: options.renderbody };
    }
    if (referred && referred._num) coreOptions.referred = referred._num;
    this._num = this._area.createInviter(targetURI.toString(), coreOptions);
    this._area.register(this, this._num);
    this._id = this._area.handle.sessionId(this._num);
    // The INVITE's text is read from C++ when the application asks for it (and kept when the
    // session ends: Session._onStateChanged).
    this._requestText = undefined;
    this._referralInviterOptions = Object.assign({}, options);
    this._referred = referred;
    if (options.sessionDescriptionHandlerModifiers) {
      this.sessionDescriptionHandlerModifiers = options.sessionDescriptionHandlerModifiers;
    }
    if (options.sessionDescriptionHandlerOptions) {
      this.sessionDescriptionHandlerOptions = options.sessionDescriptionHandlerOptions;
    }
    if (options.sessionDescriptionHandlerModifiersReInvite) {
      this.sessionDescriptionHandlerModifiersReInvite = options.sessionDescriptionHandlerModifiersReInvite;
    }
    if (options.sessionDescriptionHandlerOptionsReInvite) {
      this.sessionDescriptionHandlerOptionsReInvite = options.sessionDescriptionHandlerOptionsReInvite;
    }
    userAgent._sessions[this._id] = this;
  }

  /** Destructor: cancels an INVITE in progress, ends an established session. */
  dispose() {
    if (this._disposed) return Promise.resolve();
    this._disposed = true;
    return super.dispose();
  }

  /** Initial outgoing INVITE request message body. */
  get body() {
    return this.request.body;
  }
  /** The identity of the local user. */
  get localIdentity() {
    return this.request.from;
  }
  /** The identity of the remote user. */
  get remoteIdentity() {
    return this.request.to;
  }
  /** Initial outgoing INVITE request message. */
  get request() {
    if (this._num && this._area.alive) {
      const text = this._area.handle.inviterRequest(this._num);
      if (text) this._requestText = text;
    } else {
      const end = this._endInfo(); // the request as the session ended
      if (end && end.request) this._requestText = end.request;
    }
    if (this._requestText === undefined) return undefined;  // its user agent was torn down first
    // Cached as _requestMessage: `_request` is Session's method that sends in-dialog requests.
    if (this._requestTextParsed !== this._requestText) {
      this._requestMessage = Parser.parseMessage(this._requestText, this.logger);
      this._requestTextParsed = this._requestText;
    }
    return this._requestMessage;
  }

  /** @internal What invite() resolves with: the INVITE is this Inviter's request (read when asked). */
  _outgoingInvite() {
    return outgoingRequestOf(() => this.request);
  }

  /** Cancels the INVITE request (CANCEL). */
  cancel(options = {}) {
    if (this._state !== SessionState.Initial && this._state !== SessionState.Establishing) {
      const error = new Error(`Invalid session state ${this._state}`);
      this.logger.error(error.message);
      return Promise.reject(error);
    }
    const statusCode = options.statusCode || 0;
    if (statusCode && options.reasonPhrase && (statusCode < 200 || statusCode > 699)) {
      throw new TypeError("Invalid statusCode: " + statusCode);
    }
    const extraHeaders = JSON.stringify(extraHeaderLines(options.extraHeaders));
    return this._call((id) =>
      this._area.handle.inviterCancel(this._num, statusCode, options.reasonPhrase || "", extraHeaders, id)
    );
  }

  /** Sends the INVITE request (or a re-INVITE once established). */
  invite(options = {}) {
    if (this._state !== SessionState.Initial) return super.invite(options);
    if (options.sessionDescriptionHandlerModifiers) {
      this.sessionDescriptionHandlerModifiers = options.sessionDescriptionHandlerModifiers;
    }
    if (options.sessionDescriptionHandlerOptions) {
      this.sessionDescriptionHandlerOptions = options.sessionDescriptionHandlerOptions;
    }
    const coreOptions = {};
    if (options.withoutSdp) coreOptions.withoutSdp = true;
    const delegate = this._area.delegate(options.requestDelegate, true);
    if (delegate) coreOptions.delegate = delegate;
    this._inviteDelegate = delegate;
    const withoutSdp = options.withoutSdp || this._referralInviterOptions.inviteWithoutSdp;
    return this._call(
      (id) => this._area.handle.inviterInvite(this._num, JSON.stringify(coreOptions), id),
      () => this._outgoingInvite(),
      withoutSdp ? 0 : 1
    );
  }
}
