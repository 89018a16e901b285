// SIP.js's Invitation over the C++ state machine (src/api/invitation.cpp): made by the user agent
// for each incoming INVITE the C++ side hands over; accept/progress/reject are C++ steps.
import { requestFromCoreText } from "../core/messages/deferred-request-message.js";
import { Session } from "./session.js";
import { SessionState } from "./session-state.js";
import { sessionTimersFor } from "./session-timer-options.js";
import { extraHeaderLines } from "./extra-headers.js";

function responseOptionsOf(options) {
  const out = {};
  if (options.statusCode) out.statusCode = options.statusCode;
  if (options.reasonPhrase) out.reasonPhrase = options.reasonPhrase;
  if (options.extraHeaders) out.extraHeaders = extraHeaderLines(options.extraHeaders);
  if (options.rel100) out.rel100 = true;
  if (options.body) {
    // SIP.js's fromBodyLegacy: a string body is SDP.
    const b = options.body;
    out.body =
      typeof b === "string"
        ? { contentDisposition: "session", contentType: "application/sdp", content: b }
        : {
            contentDisposition: b.contentDisposition || (b.contentType === "application/sdp" ? "session" : "render"),
            contentType: b.contentType || "application/sdp",
            content: b.content !== undefined ? b.content : b.body || ""
          };
  }
  return out;
}

// The incoming INVITE, made a message when `message` is first read, its grammar-parsed fields
// later still (deferred-request-message.js). A class: an object literal with a getter is built
// slowly, once per call.
class LazyIncomingInvite {
  constructor(text, logger) {
    this._text = text;
    this._logger = logger;
    this._message = undefined;
  }
  get message() {
    if (this._message === undefined) this._message = requestFromCoreText(this._text, this._logger);
    return this._message;
  }
}

/**
 * An invitation is an offer to establish a session (incoming INVITE).
 * @public
 */
export class Invitation extends Session {
  /** @internal made by the UserAgent for an incoming INVITE. */
  constructor(userAgent, num, requestText, requires100rel, id) {
    super(userAgent);
    this.logger = userAgent.getLogger("sip.Invitation");
    this._num = num;
    this._requires100rel = requires100rel;
    this._area.register(this, num);
    // The INVITE is parsed when the application first reads it (the C++ side has it parsed
    // already and gives the session id, Call-ID + From tag).
    this.incomingInviteRequest = new LazyIncomingInvite(requestText, this.logger);
    this._id = id !== undefined ? id : this.request.callId + this.request.fromTag;
    userAgent._sessions[this._id] = this;
  }

  /** Destructor: rejects an unanswered invitation, ends an established session. */
  dispose() {
    if (this._disposed) return Promise.resolve();
    this._disposed = true;
    return super.dispose();
  }

  /** If true, a first provisional response (180) is sent before the application hears of it. */
  get autoSendAnInitialProvisionalResponse() {
    return !this._requires100rel && this.userAgent.configuration.sendInitialProvisionalResponse;
  }
  /** Initial incoming INVITE request message body. */
  get body() {
    return this.incomingInviteRequest.message.body;
  }
  /** The identity of the local user. */
  get localIdentity() {
    return this.request.to;
  }
  /** The identity of the remote user. */
  get remoteIdentity() {
    return this.request.from;
  }
  /** Initial incoming INVITE request message. */
  get request() {
    return this.incomingInviteRequest.message;
  }

  /** Accept the invitation (2xx with an answer, or an offer if the INVITE had none). */
  accept(options = {}) {
    if (this._state !== SessionState.Initial) {
      const error = new Error(`Invalid session state ${this._state}`);
      this.logger.error(error.message);
      return Promise.reject(error);
    }
    if (options.sessionDescriptionHandlerModifiers) {
      this.sessionDescriptionHandlerModifiers = options.sessionDescriptionHandlerModifiers;
    }
    if (options.sessionDescriptionHandlerOptions) {
      this.sessionDescriptionHandlerOptions = options.sessionDescriptionHandlerOptions;
    }
    // RFC 4028 (beyond SIP.js): accept()'s session timer options over the user agent's.
    const sessionTimers =
      options.sessionTimers === undefined
        ? undefined
        : sessionTimersFor(this.userAgent, options.sessionTimers, "InvitationAcceptOptions.sessionTimers");
    return this._respond("accept", options, 1, sessionTimers ? { sessionTimers } : undefined);
  }
  /** Indicate progress processing the invitation (1xx, reliably when asked and agreed). */
  progress(options = {}) {
    if (this._state !== SessionState.Initial) {
      const error = new Error(`Invalid session state ${this._state}`);
      this.logger.error(error.message);
      return Promise.reject(error);
    }
    const statusCode = options.statusCode || 180;
    if (statusCode < 100 || statusCode > 199) throw new TypeError("Invalid statusCode: " + statusCode);
    if (options.sessionDescriptionHandlerModifiers) {
      this.sessionDescriptionHandlerModifiers = options.sessionDescriptionHandlerModifiers;
    }
    if (options.sessionDescriptionHandlerOptions) {
      this.sessionDescriptionHandlerOptions = options.sessionDescriptionHandlerOptions;
    }
    return this._respond("progress", options, 2);
  }
  /** Reject the invitation (3xx-6xx, default 480). */
  reject(options = {}) {
    if (this._state !== SessionState.Initial && this._state !== SessionState.Establishing) {
      const error = new Error(`Invalid session state ${this._state}`);
      this.logger.error(error.message);
      return Promise.reject(error);
    }
    const statusCode = options.statusCode || 480;
    if (statusCode < 300 || statusCode > 699) throw new TypeError("Invalid statusCode: " + statusCode);
    return this._respond("reject", options);
  }

  /** @internal */
  _respond(what, options, links = 0, extra = undefined) {
    const json = JSON.stringify(Object.assign(responseOptionsOf(options), extra));
    return this._call((id) => this._area.handle.invitationRespond(this._num, what, json, id), undefined, links);
  }
}
