// SIP.js's Registerer over the C++ state machine (src/api/registerer.cpp): this file only turns its
// events into emitters, promises and requestDelegate calls, and its result codes into the errors
// sip.js throws. The protocol (REGISTER text, refresh/expiry timers, 423, authentication) is C++.
import { parseIncomingResponse } from "./incoming-request.js";
import { Grammar } from "../grammar/grammar.js";
import { EmitterImpl } from "./emitter.js";
import { RequestPendingError } from "./exceptions/request-pending.js";
import { RegistererState } from "./registerer-state.js";
import { extraHeaderLines } from "./extra-headers.js";

const SENT = 0;
const TERMINATED = 1;
const DISPOSED = 2;
const PENDING = 3;

const delegateMethod = {
  accept: "onAccept",
  progress: "onProgress",
  redirect: "onRedirect",
  reject: "onReject",
  trying: "onTrying"
};

/**
 * A registerer registers a contact for an address of record (outgoing REGISTER).
 * @public
 */
export class Registerer {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param options - Options bucket. See {@link RegistererOptions} for details.
   */
  constructor(userAgent, options = {}) {
    this._disposed = false;
    this._state = RegistererState.Initial;
    this._waiting = false;
    this._stateEventEmitter = new EmitterImpl();
    this._waitingEventEmitter = new EmitterImpl();
    this._requestDelegate = undefined;
    this._disposeResolvers = [];
    this.userAgent = userAgent;
    this.logger = userAgent.getLogger("sip.Registerer");

    const opts = {};
    for (const key of Object.keys(options)) {
      if (options[key] !== undefined) opts[key] = options[key];
    }
    if (opts.regId && !opts.instanceId) {
      opts.instanceId = userAgent.instanceId;
    } else if (!opts.regId && opts.instanceId) {
      opts.regId = 1;
    }
    if (opts.instanceId && Grammar.parse(opts.instanceId, "uuid") === -1) {
      throw new Error("Invalid instanceId.");
    }
    if (opts.regId && opts.regId < 0) {
      throw new Error("Invalid regId.");
    }
    if (opts.expires !== undefined && opts.expires < 0) {
      throw new Error("Invalid expires.");
    }
    this.options = Object.assign({}, Registerer.defaultOptions(), opts);
    const coreOptions = {
      expires: this.options.expires || 0,
      refreshFrequency: this.options.refreshFrequency || 0,
      extraHeaders: extraHeaderLines(this.options.extraHeaders),
      extraContactHeaderParams: (this.options.extraContactHeaderParams || []).slice(),
      regId: this.options.regId || 0,
      instanceId: this.options.instanceId || ""
    };
    if (this.options.registrar !== undefined) {
      coreOptions.registrar = String(this.options.registrar);
    }
    const params = this.options.params || {};
    coreOptions.params = {};
    for (const key of ["callId", "cseq", "fromTag", "fromDisplayName", "toDisplayName"]) {
      if (params[key] !== undefined) coreOptions.params[key] = params[key];
    }
    if (params.fromUri !== undefined) coreOptions.params.fromUri = String(params.fromUri);
    if (params.toUri !== undefined) coreOptions.params.toUri = String(params.toUri);
    this._bridge = userAgent._bridge;
    this._rid = this._bridge.createRegisterer(coreOptions, (kind, value, message) =>
      this._onEvent(kind, value, message)
    );
    this.id = this._bridge.registererId(this._rid);
    if (this.options.logConfiguration) {
      this.logger.log("Configuration:");
      Object.keys(this.options).forEach((key) => {
        const value = this.options[key];
        this.logger.log("· " + key + ": " + (key === "registrar" ? value : JSON.stringify(value)));
      });
    }
    userAgent._registerers[this.id] = this;
  }

  /** Default registerer options. */
  static defaultOptions() {
    return {
      expires: Registerer.defaultExpires,
      extraContactHeaderParams: [],
      extraHeaders: [],
      logConfiguration: true,
      instanceId: "",
      params: {},
      regId: 0,
      registrar: undefined,
      refreshFrequency: Registerer.defaultRefreshFrequency
    };
  }

  /** The registered contacts. */
  get contacts() {
    const info = this._bridge.registererInfo(this._rid);
    return info ? info.contacts.slice() : [];
  }

  /** The number of seconds to wait before retrying to register (from the last 500/503). */
  get retryAfter() {
    const info = this._bridge.registererInfo(this._rid);
    return info && info.retryAfter !== null ? info.retryAfter : undefined;
  }

  /** The registration state. */
  get state() {
    return this._state;
  }

  /** Emits when the registerer state changes. */
  get stateChange() {
    return this._stateEventEmitter;
  }

  /** True if the registerer is currently waiting for final response to a REGISTER request. */
  get waiting() {
    return this._waiting;
  }

  /** Emits when the registerer waiting state changes. */
  get waitingChange() {
    return this._waitingEventEmitter;
  }

  /** Destructor. */
  dispose() {
    if (this._disposed) {
      return Promise.resolve();
    }
    this._disposed = true;
    delete this.userAgent._registerers[this.id];
    return new Promise((resolve) => {
      if (this._state === RegistererState.Terminated || !this._bridge.alive) {
        resolve();
        return;
      }
      this._disposeResolvers.push(resolve);
      this._bridge.registererDispose(this._rid);
    });
  }

  /** Sends the REGISTER request. */
  register(options = {}) {
    this._checkUsable(false);
    const extraHeaders =
      options.requestOptions && options.requestOptions.extraHeaders
        ? extraHeaderLines(options.requestOptions.extraHeaders, "requestOptions.extraHeaders")
        : undefined;
    if (options.requestOptions) {
      this.options = Object.assign({}, this.options, options.requestOptions);
    }
    const previous = this._requestDelegate;
    this._requestDelegate = options.requestDelegate;
    const result = this._bridge.registererRegister(this._rid, extraHeaders);
    return this._settle(result, previous, "Registerer terminated. Unable to register.", "Registerer disposed. Unable to register.");
  }

  /** Sends the REGISTER request with expires equal to zero. */
  unregister(options = {}) {
    this._checkUsable(true);
    const extraHeaders = extraHeaderLines(
      options.requestOptions && options.requestOptions.extraHeaders,
      "requestOptions.extraHeaders"
    );
    const previous = this._requestDelegate;
    this._requestDelegate = options.requestDelegate;
    const result = this._bridge.registererUnregister(this._rid, !!options.all, extraHeaders || []);
    return this._settle(result, previous, "Registerer terminated. Unable to register.", "Registerer disposed. Unable to register.");
  }

  _checkUsable(unregistering) {
    if (this._state === RegistererState.Terminated || !this._bridge.alive) {
      this._stateError();
      throw new Error("Registerer terminated. Unable to register.");
    }
    if (this._disposed && !(unregistering && this._state === RegistererState.Registered)) {
      this._stateError();
      throw new Error("Registerer disposed. Unable to register.");
    }
  }

  _settle(result, previousDelegate, terminatedText, disposedText) {
    switch (result) {
      case SENT:
        return Promise.resolve({ delegate: this._requestDelegate });
      case PENDING:
        this._requestDelegate = previousDelegate;
        return Promise.reject(
          new RequestPendingError("REGISTER request already in progress, waiting for final response")
        );
      case TERMINATED:
        this._requestDelegate = previousDelegate;
        throw new Error(terminatedText);
      case DISPOSED:
        this._requestDelegate = previousDelegate;
        throw new Error(disposedText);
      default:
        this._requestDelegate = previousDelegate;
        throw new Error(this._bridge.lastError() || "Registerer: internal error");
    }
  }

  _stateError() {
    const reason = this._state === RegistererState.Terminated ? "is in 'Terminated' state" : "has been disposed";
    this.logger.error(
      `An attempt was made to send a REGISTER request when the Registerer ${reason}.` +
        " The Registerer transitions to 'Terminated' when Registerer.dispose() is called." +
        " Perhaps you called UserAgent.stop() which dipsoses of all Registerers?"
    );
  }

  _onEvent(kind, value, message) {
    if (kind === "state") {
      this._state = value;
      if (value === RegistererState.Terminated) {
        this._disposed = true;
        delete this.userAgent._registerers[this.id];
        // Destroyed by the bridge once this callback has unwound.
        this._bridge.releaseRegisterer(this._rid);
      }
      this._stateEventEmitter.emit(this._state);
      if (value === RegistererState.Terminated) {
        const resolvers = this._disposeResolvers;
        this._disposeResolvers = [];
        resolvers.forEach((resolve) => resolve());
      }
    } else if (kind === "waiting") {
      this._waiting = value === "true";
      this._waitingEventEmitter.emit(this._waiting);
    } else if (kind === "response") {
      const delegate = this._requestDelegate;
      const method = delegateMethod[value];
      if (delegate && method && typeof delegate[method] === "function") {
        delegate[method]({ message: parseIncomingResponse(message, this.logger) });
      }
    }
  }

  /** @internal The bridge is going away (UserAgent.stop()): end without an un-REGISTER. */
  _terminateNow() {
    this._disposed = true;
    delete this.userAgent._registerers[this.id];
    if (this._state !== RegistererState.Terminated) {
      this._state = RegistererState.Terminated;
      this._stateEventEmitter.emit(this._state);
    }
    const resolvers = this._disposeResolvers;
    this._disposeResolvers = [];
    resolvers.forEach((resolve) => resolve());
  }
}
Registerer.defaultExpires = 600;
Registerer.defaultRefreshFrequency = 99;
