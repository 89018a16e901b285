// The JavaScript side of bindings/session_bridge.cpp: one per user agent (made on first use). It
// owns what only JavaScript can hold for the C++ sessions: the session description handlers (asked
// for descriptions by number, answering later), the application's promises (settled by number) and
// request delegates, and the requests held for the application (Info, Message, Notification, ...).
// Session, Inviter and Invitation (session.js, inviter.js, invitation.js) are thin facades over it.
import { Parser } from "../core/messages/parser.js";
import { withUtf8Pair } from "../core/user-agent-core/user-agent-core-bridge.js";
import { wasm } from "../wasm/loader.js";
import { Ack } from "./ack.js";
import { Bye } from "./bye.js";
import { Cancel } from "./cancel.js";
import { ContentTypeUnsupportedError } from "./exceptions/content-type-unsupported.js";
import { RequestPendingError } from "./exceptions/request-pending.js";
import { SessionTerminatedError } from "./exceptions/session-terminated.js";
import { makeIncomingRequest, parseIncomingResponse } from "./incoming-request.js";
import { Info } from "./info.js";
import { Message } from "./message.js";
import { Notification } from "./notification.js";
import { Referral } from "./referral.js";
import { userAgentSessionTimers } from "./session-timer-options.js";
import { extraHeaderLines } from "./extra-headers.js";

// sip::api::FailureKind
const FAILURE = ["Error", "TypeError", "RequestPending", "SessionTerminated", "ContentTypeUnsupported", "SdhError"];
const SDH_ERROR = 5;

// One promise step (see _getDescription).
const passThrough = (value) => value;

function asError(e) {
  return e instanceof Error ? e : new Error(String(e));
}

/** @internal The sessions area of `userAgent`, made on first use. */
export function sessionArea(userAgent) {
  if (!userAgent._sessionArea || !userAgent._sessionArea.alive) userAgent._sessionArea = new SessionArea(userAgent);
  return userAgent._sessionArea;
}

/** @internal */
export class SessionArea {
  constructor(userAgent) {
    this.userAgent = userAgent;
    this.logger = userAgent.getLogger("sip.Session");
    this.sessions = new Map();
    this.promises = new Map();
    this.delegates = new Map();
    this.next = 0;
    const o = userAgent.configuration;
    const config = {
      noAnswerTimeout: o.noAnswerTimeout || 60,
      contact: userAgent.contact.toString(),
      require100rel: o.sipExtension100rel === "Required",
      replaces: o.sipExtensionReplaces !== "Unsupported",
      sessionTimers: userAgentSessionTimers(o) // RFC 4028, beyond SIP.js (session-timer-options.js)
    };
    const env = {
      getDescription: (n, handler, kind, request) => this._getDescription(n, handler, kind, request),
      setDescription: (n, handler, contentType, body, kind, request) =>
        this._setDescription(n, handler, contentType, body, kind, request),
      hasDescription: (n, contentType) => this._hasDescription(n, contentType),
      rollbackDescription: (n, request) => this._rollbackDescription(n, request),
      closeHandler: (n, handler) => this._guard(() => this._session(n) && this._session(n)._closeHandler(handler)),
      adoptHandler: (n, handler) => this._guard(() => this._session(n) && this._session(n)._adoptHandler(handler)),
      stateChanged: (n, state) => this._guard(() => this._session(n) && this._session(n)._onStateChanged(state)),
      requestDelegate: (n, id, callback) => this._guard(() => this._requestDelegate(n, id, callback)),
      incomingRequest: (n, kind, request, text) => this._guard(() => this._incomingRequest(n, kind, request, text)),
      reinviteAnswered: (n, request, response, code) => this._guard(() => this._reinviteAnswered(n, request, response, code)),
      requestSent: (n, text) =>
        this._guard(() => {
          const session = this._session(n);
          if (session) session._lastSent = text;
        }),
      settle: (id, kind, message) => this._guard(() => this._settle(id, kind, message)),
      incomingInvite: (n, text, requires100rel, id, replaceeId) =>
        this._guard(() => userAgent._onIncomingInvite(n, text, requires100rel, id, replaceeId)),
      incomingRequestOutsideDialog: (method, request, text) =>
        this._guard(() => userAgent._onIncomingRequest(method, this.held(request, text)))
    };
    this.handle = userAgent._bridge.createArea("SessionBridge", env, JSON.stringify(config));
    this.bridge = userAgent._bridge;
    this._address = this.handle.address(); // for the raw exports (bindings/README.md)
  }

  get alive() {
    return this.bridge.alive && this.bridge === this.userAgent._bridge;
  }

  // ---- calls from the facades ----
  register(session, n) {
    this.sessions.set(n, session);
  }
  createInviter(target, options) {
    const n = this.handle.createInviter(target, JSON.stringify(options));
    if (n === 0) throw new TypeError(this.handle.lastError());
    return n;
  }
  info(n) {
    if (!this.alive) return null;
    return JSON.parse(this.handle.sessionInfo(n));
  }
  // The C++ session is destroyed when the current bridge call returns; its last callbacks in that
  // call (closing the SDH in dispose) still find the facade, which is forgotten just after.
  release(n) {
    if (this.alive) wasm._sipwasm_session_release(this._address, n);
    queueMicrotask(() => this.sessions.delete(n));
  }
  /**
   * Numbers the application's request delegate for the C++ side. A delegate is forgotten after the
   * request's final response; an INVITE's (`forks`: one 2xx per fork) once its session has also
   * ended (sessionEnded).
   */
  delegate(requestDelegate, forks = false) {
    if (!requestDelegate) return 0;
    const id = ++this.next;
    this.delegates.set(id, { requestDelegate, forks });
    return id;
  }
  /** The session of an INVITE delegate ended: forget the delegate once its final response was handled. */
  sessionEnded(id) {
    const entry = this.delegates.get(id);
    if (!entry) return;
    if (entry.finalSeen) this.delegates.delete(id);
    else entry.sessionEnded = true;
  }
  /**
   * Runs `start(promiseId)` and returns the promise the C++ side settles. `links` mirrors the length
   * of the promise chain SIP.js builds for that method (e.g. invite()'s getOffer().then().catch()
   * settles one step after the INVITE is sent), so code that counts on SIP.js's promise timing
   * sees the same order of events.
   */
  call(session, start, value, links = 0) {
    let promise = this._start(session, start, value);
    for (let i = 0; i < links; i++) promise = promise.then(passThrough);
    return promise;
  }
  _start(session, start, value) {
    return new Promise((resolve, reject) => {
      if (!this.alive) {
        reject(new Error(`Invalid session state ${session.state}`));
        return;
      }
      const id = ++this.next;
      this.promises.set(id, { resolve, reject, session, value });
      start(id);
    });
  }

  // ---- calls from C++ ----
  _guard(f) {
    try {
      f();
    } catch (e) {
      this.logger.error("exception in a session callback: " + (e && e.message ? e.message : e));
    }
  }
  _session(n) {
    return this.sessions.get(n);
  }
  _settle(id, kind, message) {
    const p = this.promises.get(id);
    if (!p) return;
    this.promises.delete(id);
    if (kind < 0) {
      p.resolve(p.value ? p.value() : undefined);
      return;
    }
    let error;
    switch (FAILURE[kind]) {
      case "TypeError":
        error = new TypeError(message);
        break;
      case "RequestPending":
        error = new RequestPendingError(message);
        break;
      case "SessionTerminated":
        error = new SessionTerminatedError();
        break;
      case "ContentTypeUnsupported":
        error = new ContentTypeUnsupportedError(message);
        break;
      case "SdhError":
        error = (p.session && p.session._lastSdhError) || new Error(message);
        break;
      default:
        error = new Error(message);
    }
    p.reject(error);
  }
  _sdhFailed(session, e) {
    const error = asError(e);
    session._lastSdhError = error;
    return error.message;
  }
  // A session whose facade is gone (it ended and was released) still gets an answer: the SDH
  // request fails, as it would on SIP.js's closed handler, so the C++ side settles its promises.
  _gone(request, description) {
    Promise.resolve().then(() => {
      if (!this.alive) return;
      if (description) this.handle.sdhDescription(request, false, "", "", 0, "The session has terminated.");
      else this.handle.sdhDone(request, false, 0, "The session has terminated.");
    });
  }
  _getDescription(n, handler, kind, request) {
    const session = this._session(n);
    if (!session) return this._gone(request, true);
    let result;
    try {
      const sdh = session._handler(handler);
      const [options, modifiers] = session._sdhOptions(kind);
      result = sdh.getDescription(options, modifiers);
    } catch (e) {
      result = Promise.reject(e);
    }
    // SIP.js's getOffer is getDescription().then(fromBodyLegacy).catch(...): its callers see the
    // description two promise steps after the SDH settles. The same two steps here keep the order
    // of events (what goes on the wire before or after an application's next step) SIP.js's.
    Promise.resolve(result)
      .then(passThrough)
      .then(passThrough)
      .then(
        (description) => {
          if (!this.alive) return;
          if (!description) {
            this.handle.sdhDescription(request, false, "", "", 0, "SDH getDescription returned no description");
            return;
          }
          const contentType = description.contentType || "application/sdp";
          const body = description.body || "";
          const sent = withUtf8Pair(contentType, body, (text, typeSize, bodySize) =>
            wasm._sipwasm_sdh_description(this._address, request, text, typeSize, bodySize)
          );
          if (!sent) this.handle.sdhDescription(request, true, contentType, body, 0, "");
        },
        (e) => {
          if (this.alive) this.handle.sdhDescription(request, false, "", "", SDH_ERROR, this._sdhFailed(session, e));
        }
      );
  }
  _setDescription(n, handler, contentType, body, kind, request) {
    const session = this._session(n);
    if (!session) return this._gone(request, false);
    let result;
    try {
      const sdh = session._handler(handler);
      const [options, modifiers] = session._sdhOptions(kind);
      result = sdh.setDescription(body, options, modifiers);
    } catch (e) {
      result = Promise.reject(e);
    }
    this._completion(session, result, request);
  }
  _rollbackDescription(n, request) {
    const session = this._session(n);
    if (!session) return this._gone(request, false);
    let result;
    try {
      const sdh = session._handler(0);
      result = sdh.rollbackDescription ? sdh.rollbackDescription() : Promise.resolve();
    } catch (e) {
      result = Promise.reject(e);
    }
    this._completion(session, result, request);
  }
  _completion(session, result, request) {
    // SIP.js's setAnswer / rollbackOffer add one .catch(...) step after the SDH settles.
    Promise.resolve(result)
      .then(passThrough)
      .then(
        () => {
          if (this.alive) wasm._sipwasm_sdh_done(this._address, request);
        },
        (e) => {
          if (this.alive) this.handle.sdhDone(request, false, SDH_ERROR, this._sdhFailed(session, e));
        }
      );
  }
  _hasDescription(n, contentType) {
    const session = this._session(n);
    if (!session) return "error:session gone";
    try {
      return session._handler(0).hasDescription(contentType) ? "" : "unsupported";
    } catch (e) {
      return "error:" + this._sdhFailed(session, e);
    }
  }
  _requestDelegate(n, id, callback) {
    const entry = this.delegates.get(id);
    if (!entry) return;
    const final = callback === "onAccept" || callback === "onReject" || callback === "onRedirect";
    if (final) entry.finalSeen = true;
    if (final && (!entry.forks || callback !== "onAccept" || entry.sessionEnded)) this.delegates.delete(id);
    const delegate = entry.requestDelegate;
    if (typeof delegate[callback] !== "function") return;
    const session = this._session(n);
    // The response's text is read from C++ only now that a callback wants it.
    const message = parseIncomingResponse(this.handle.delegateResponse(), this.logger);
    delegate[callback]({
      message,
      // Read from the C++ side only if the application asks.
      get session() {
        return session ? session.dialog : undefined;
      }
    });
  }
  /** A request the C++ side holds (number `request`, 0: nothing to answer) as SIP.js's IncomingRequest. */
  held(request, text) {
    const answer = request
      ? (code, phrase, headers, body) =>
          this.alive && this.handle.answer(request, code, phrase, JSON.stringify(headers), body)
      : undefined;
    return makeIncomingRequest(text, this.logger, answer);
  }
  /** SIP.js's userAgentCore.request() for a request outside a dialog. */
  requestOutsideDialog(message, requestDelegate) {
    const ok = this.handle.requestOutsideDialog(
      message.method,
      String(message.ruri),
      String(message.fromURI),
      String(message.toURI),
      JSON.stringify(extraHeaderLines(message.extraHeaders)),
      message.body ? JSON.stringify(message.body) : "",
      this.delegate(requestDelegate)
    );
    if (!ok) throw new TypeError(this.handle.lastError());
  }
  _incomingRequest(n, kind, request, text) {
    const session = this._session(n);
    if (!session) return;
    const incoming = this.held(request, text);
    const delegate = session.delegate;
    switch (kind) {
      case "ack":
        if (delegate && delegate.onAck) delegate.onAck(new Ack(incoming));
        return;
      case "cancel":
        if (delegate && delegate.onCancel) delegate.onCancel(new Cancel(incoming));
        return;
      case "bye":
        if (delegate && delegate.onBye) delegate.onBye(new Bye(incoming));
        else incoming.accept();
        return;
      case "info":
        if (delegate && delegate.onInfo) delegate.onInfo(new Info(incoming));
        else incoming.accept();
        return;
      case "message":
        if (delegate && delegate.onMessage) delegate.onMessage(new Message(incoming));
        else incoming.accept();
        return;
      case "referNotify":
        if (session._onNotify) {
          session._onNotify(new Notification(incoming));
          return;
        }
      // falls through
      case "notify":
        if (delegate && delegate.onNotify) delegate.onNotify(new Notification(incoming));
        else incoming.accept();
        return;
      case "refer": {
        const referral = new Referral(incoming, session);
        if (delegate && delegate.onRefer) {
          delegate.onRefer(referral);
        } else {
          this.logger.log("No delegate available to handle REFER, automatically accepting and following.");
          referral
            .accept()
            .then(() => referral.makeInviter(session._referralInviterOptions).invite())
            .catch((error) => this.logger.error(error.message));
        }
        return;
      }
      default:
        return;
    }
  }
  _reinviteAnswered(n, requestText, responseText, statusCode) {
    const session = this._session(n);
    // An UPDATE (RFC 3311, beyond SIP.js) goes to delegate.onUpdate, a re-INVITE to onInvite.
    const callback = requestText.startsWith("UPDATE ") ? "onUpdate" : "onInvite";
    if (!session || !session.delegate || !session.delegate[callback]) return;
    const request = Parser.parseMessage(requestText, this.logger);
    const response = parseIncomingResponse(responseText, this.logger);
    session.delegate[callback](request, response, statusCode);
  }
}
