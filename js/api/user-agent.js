// SIP.js's UserAgent over the C++ UA core (js/core/user-agent-core, bindings/): it builds the core
// from the options, owns the transport (any object with SIP.js's Transport interface), the logger
// factory and the tables of registerers, sessions, subscriptions and publishers, and runs the
// Started/Stopped state machine, the transport callbacks and the reconnection attempts. Every
// message the transport receives goes to the C++ core as one string.
import { UserAgentCoreBridge } from "../core/user-agent-core/user-agent-core-bridge.js";
import { LoggerFactory } from "../core/log/logger-factory.js";
import { createRandomToken } from "../core/messages/utils.js";
import { Grammar } from "../grammar/grammar.js";
import { URI } from "../grammar/uri.js";
import { LIBRARY_VERSION } from "../version.js";
import { defaultSessionDescriptionHandlerFactory } from "../platform/web/session-description-handler/session-description-handler-factory-default.js";
import { Transport as WebTransport } from "../platform/web/transport/transport.js";
import { EmitterImpl } from "./emitter.js";
import { Invitation } from "./invitation.js";
import { Inviter } from "./inviter.js";
import { Message } from "./message.js";
import { Notification } from "./notification.js";
import { sessionArea } from "./session-area.js";
import { SIPExtension, UserAgentRegisteredOptionTags } from "./user-agent-options.js";
import { updateEnabled, userAgentSessionTimers } from "./session-timer-options.js";
import { UserAgentState } from "./user-agent-state.js";

function newUUID() {
  const hex = (n) => Math.floor(Math.random() * 16 ** n).toString(16).padStart(n, "0");
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

function definedOnly(options) {
  const out = {};
  for (const key of Object.keys(options)) if (options[key] !== undefined) out[key] = options[key];
  return out;
}

/**
 * A user agent sends and receives requests using a Transport.
 * @public
 */
export class UserAgent {
  /**
   * @param options - Options bucket. See {@link UserAgentOptions} for details.
   */
  constructor(options = {}) {
    this._publishers = {};
    this._registerers = {};
    this._sessions = {};
    this._subscriptions = {};
    this._state = UserAgentState.Stopped;
    this._stateEventEmitter = new EmitterImpl();
    this.delegate = options.delegate;
    this.options = Object.assign(
      {},
      UserAgent.defaultOptions(),
      { sipjsId: createRandomToken(5) },
      { uri: new URI("sip", "anonymous." + createRandomToken(6), "anonymous.invalid") },
      { viaHost: createRandomToken(12) + ".invalid" },
      definedOnly(options)
    );
    if (!(this.options.uri instanceof URI)) {
      throw new TypeError("Invalid 'uri' option: expected a URI (UserAgent.makeURI).");
    }
    if (this.options.hackIpInContact) {
      if (typeof this.options.hackIpInContact === "boolean") {
        this.options.viaHost = "192.0.2." + (1 + Math.floor(Math.random() * 254));
      } else {
        this.options.viaHost = this.options.hackIpInContact;
      }
    }
    this.loggerFactory = new LoggerFactory();
    this.logger = this.loggerFactory.getLogger("sip.UserAgent");
    this.loggerFactory.builtinEnabled = this.options.logBuiltinEnabled;
    this.loggerFactory.connector = this.options.logConnector;
    this.loggerFactory.level = this.options.logLevel;
    if (this.options.logConfiguration) {
      this.logger.log("Configuration:");
      for (const key of Object.keys(this.options)) {
        const value = this.options[key];
        if (key === "uri" || key === "sessionDescriptionHandlerFactory") this.logger.log("· " + key + ": " + value);
        else if (key === "authorizationPassword") this.logger.log("· " + key + ": NOT SHOWN");
        else if (key === "transportConstructor") this.logger.log("· " + key + ": " + (value && value.name));
        else {
          let text;
          try {
            text = JSON.stringify(value);
          } catch (e) {
            text = String(value);
          }
          this.logger.log("· " + key + ": " + text);
        }
      }
    }
    const transportOptions = this.options.transportOptions || {};
    if (options.reconnectionDelay === undefined && transportOptions.reconnectionTimeout !== undefined) {
      this.options.reconnectionDelay = transportOptions.reconnectionTimeout;
    }
    if (options.reconnectionAttempts === undefined && transportOptions.maxReconnectionAttempts !== undefined) {
      this.options.reconnectionAttempts = transportOptions.maxReconnectionAttempts;
    }
    if (typeof this.options.transportConstructor !== "function") {
      throw new TypeError("Invalid 'transportConstructor' option: expected a class or function.");
    }
    this._transport = new this.options.transportConstructor(this.getLogger("sip.Transport"), this.options.transportOptions);
    this._contact = this._initContact();
    this._instanceId = this.options.instanceId ? this.options.instanceId : newUUID();
    if (Grammar.parse(this._instanceId, "uuid") === -1) {
      throw new Error("Invalid instanceId.");
    }
    this._bridge = this._makeBridge();
    sessionArea(this); // incoming INVITEs reach the sessions area from the start
    this._initTransportCallbacks();
  }

  /** Create a URI instance from a string (undefined if it does not parse). */
  static makeURI(uri) {
    return Grammar.URIParse(uri);
  }

  /** Default user agent options. */
  static defaultOptions() {
    return {
      allowLegacyNotifications: false,
      authorizationHa1: "",
      authorizationPassword: "",
      authorizationUsername: "",
      delegate: {},
      contactName: "",
      contactParams: { transport: "ws" },
      displayName: "",
      forceRport: false,
      gracefulShutdown: true,
      hackAllowUnregisteredOptionTags: false,
      hackIpInContact: false,
      hackViaTcp: false,
      instanceId: "",
      instanceIdAlwaysAdded: false,
      logBuiltinEnabled: true,
      logConfiguration: true,
      logConnector: () => {
        /* noop */
      },
      logLevel: "log",
      noAnswerTimeout: 60,
      preloadedRouteSet: [],
      reconnectionAttempts: 0,
      reconnectionDelay: 4,
      sendInitialProvisionalResponse: true,
      sessionDescriptionHandlerFactory: defaultSessionDescriptionHandlerFactory(),
      sessionDescriptionHandlerFactoryOptions: {},
      sipExtension100rel: SIPExtension.Unsupported,
      sipExtensionReplaces: SIPExtension.Unsupported,
      sipExtensionExtraSupported: [],
      sipjsId: "",
      transportConstructor: WebTransport,
      transportOptions: {},
      uri: new URI("sip", "anonymous", "anonymous.invalid"),
      userAgentString: "SIP.js/" + LIBRARY_VERSION,
      viaHost: ""
    };
  }

  /** Strip properties with undefined values from options (SIP.js helper). */
  static stripUndefinedProperties(options) {
    return definedOnly(options);
  }

  /** User agent configuration. */
  get configuration() {
    return this.options;
  }
  /** User agent contact. */
  get contact() {
    return this._contact;
  }
  /** User agent instance id. */
  get instanceId() {
    return this._instanceId;
  }
  /** User agent state. */
  get state() {
    return this._state;
  }
  /** User agent state change emitter. */
  get stateChange() {
    return this._stateEventEmitter;
  }
  /** User agent transport. */
  get transport() {
    return this._transport;
  }
  /**
   * The user agent core. Here a small view of the C++ core's configuration (SIP.js hands out its
   * JavaScript core object; the protocol machinery lives in Wasm here).
   */
  get userAgentCore() {
    const self = this;
    return {
      get configuration() {
        return { aor: self.options.uri, contact: self._contact, displayName: self.options.displayName };
      },
      // A request outside a dialog, as SIP.js's core builds it (the C++ core adds the defaults).
      makeOutgoingRequestMessage: (method, ruri, fromURI, toURI, options = {}, extraHeaders = [], body) => ({
        method,
        ruri,
        fromURI,
        toURI,
        options,
        extraHeaders: extraHeaders.slice(),
        body
      }),
      request: (message, delegate) => sessionArea(this).requestOutsideDialog(message, delegate),
      dispose: () => this._bridge.dispose(),
      reset: () => undefined
    };
  }

  /** The logger of a category. */
  getLogger(category, label) {
    return this.loggerFactory.getLogger(category, label);
  }
  /** The logger factory. */
  getLoggerFactory() {
    return this.loggerFactory;
  }
  /** True if transport is connected. */
  isConnected() {
    return this.transport.isConnected();
  }
  /** Reconnect the transport. */
  reconnect() {
    if (this._state === UserAgentState.Stopped) {
      return Promise.reject(new Error("User agent stopped."));
    }
    return Promise.resolve().then(() => this.transport.connect());
  }

  /** Start the user agent (connects the transport). */
  start() {
    if (this._state === UserAgentState.Started) {
      this.logger.warn("User agent already started");
      return Promise.resolve();
    }
    this.logger.log(`Starting ${this.configuration.uri}`);
    if (!this._bridge.alive) {
      this._bridge = this._makeBridge();
      sessionArea(this);
    }
    this._transitionState(UserAgentState.Started);
    return this.transport.connect();
  }

  /** Stop the user agent: disposes registerers, sessions, subscriptions and publishers, then the transport and core. */
  async stop() {
    if (this._state === UserAgentState.Stopped) {
      this.logger.warn("User agent already stopped");
      return Promise.resolve();
    }
    this.logger.log(`Stopping ${this.configuration.uri}`);
    if (!this.options.gracefulShutdown) {
      this.transport.dispose().catch((error) => this.logger.error(error.message));
      this._endCore();
      this._publishers = {};
      this._registerers = {};
      this._sessions = {};
      this._subscriptions = {};
      this._transitionState(UserAgentState.Stopped);
      return;
    }
    const registerers = Object.values(this._registerers);
    const tables = [
      ["registerers", this._registerers],
      ["sessions", this._sessions],
      ["subscriptions", this._subscriptions],
      ["publishers", this._publishers]
    ];
    for (const [name, table] of tables) {
      this.logger.log(`Dispose of ${name}`);
      const copy = Object.assign({}, table);
      for (const id of Object.keys(copy)) {
        await copy[id].dispose().catch((error) => {
          this.logger.error(error.message);
          delete table[id];
          throw error;
        });
      }
    }
    this.logger.log("Dispose of transport");
    await this.transport.dispose().catch((error) => {
      this.logger.error(error.message);
      throw error;
    });
    this.logger.log("Dispose of core");
    this._endCore(registerers);
    this._transitionState(UserAgentState.Stopped);
  }

  /** @internal An Inviter for a REFER (or for the application). */
  _makeInviter(targetURI, options, referred) {
    return new Inviter(this, targetURI, options, referred);
  }

  /** @internal An INVITE arrived (the C++ side made the Invitation `n` and sent 100 Trying). */
  _onIncomingInvite(n, requestText, requires100rel, id, replaceeId) {
    const invitation = new Invitation(this, n, requestText, requires100rel, id);
    // The C++ side checked Replaces (RFC 3891: 481 / 486 never get here), found the session it
    // replaces (`replaceeId`, "" when none) and ends it once this one is accepted; the application
    // reads it as SIP.js's replacee.
    if (replaceeId) invitation._replacee = this._sessions[replaceeId];
    if (this.delegate && this.delegate.onInvite) {
      if (invitation.autoSendAnInitialProvisionalResponse) {
        invitation.progress().then(() => {
          if (this.delegate && this.delegate.onInvite) this.delegate.onInvite(invitation);
        });
        return;
      }
      this.delegate.onInvite(invitation);
      return;
    }
    invitation.reject({ statusCode: 486 });
  }

  // Ends the C++ core; registerers still alive (or disposed by stop(), which leaves them
  // Unregistered) end in state Terminated as SIP.js's do.
  /** @internal A request outside a dialog (SIP.js's UserAgentCore delegate; the default answers are SIP.js's). */
  _onIncomingRequest(method, request) {
    const delegate = this.delegate || {};
    switch (method) {
      case "MESSAGE":
        if (delegate.onMessage) delegate.onMessage(new Message(request));
        else request.accept();
        return;
      case "NOTIFY":
        if (delegate.onNotify) delegate.onNotify(new Notification(request));
        else if (this.options.allowLegacyNotifications) request.accept();
        else request.reject({ statusCode: 481 });
        return;
      case "REFER":
        this.logger.warn("Received an out of dialog REFER request");
        if (delegate.onReferRequest) delegate.onReferRequest(request);
        else request.reject({ statusCode: 405 });
        return;
      case "REGISTER":
        this.logger.warn("Received an out of dialog REGISTER request");
        if (delegate.onRegisterRequest) delegate.onRegisterRequest(request);
        else request.reject({ statusCode: 405 });
        return;
      case "SUBSCRIBE":
        this.logger.warn("Received an out of dialog SUBSCRIBE request");
        if (delegate.onSubscribeRequest) delegate.onSubscribeRequest(request);
        else request.reject({ statusCode: 405 });
        return;
      default:
        request.reject({ statusCode: 405 });
    }
  }

  _endCore(registerers = Object.values(this._registerers)) {
    for (const registerer of registerers) registerer._terminateNow();
    this._bridge.dispose();
  }

  _attemptReconnection(reconnectionAttempt = 1) {
    const attempts = this.options.reconnectionAttempts;
    const delay = this.options.reconnectionDelay;
    if (reconnectionAttempt > attempts) {
      this.logger.log("Maximum reconnection attempts reached");
      return;
    }
    this.logger.log(`Reconnection attempt ${reconnectionAttempt} of ${attempts} - trying`);
    globalThis.setTimeout(
      () => {
        this.reconnect()
          .then(() => this.logger.log(`Reconnection attempt ${reconnectionAttempt} of ${attempts} - succeeded`))
          .catch((error) => {
            this.logger.error(error.message);
            this.logger.log(`Reconnection attempt ${reconnectionAttempt} of ${attempts} - failed`);
            this._attemptReconnection(++reconnectionAttempt);
          });
      },
      reconnectionAttempt === 1 ? 0 : delay * 1000
    );
  }

  _initContact() {
    const contactName = this.options.contactName !== "" ? this.options.contactName : createRandomToken(8);
    const contactParams = this.options.contactParams;
    const contact = {
      pubGruu: undefined,
      tempGruu: undefined,
      uri: new URI("sip", contactName, this.options.viaHost, undefined, contactParams),
      toString: (contactToStringOptions = {}) => {
        const anonymous = contactToStringOptions.anonymous || false;
        const outbound = contactToStringOptions.outbound || false;
        const register = contactToStringOptions.register || false;
        let text = "<";
        if (anonymous) {
          text +=
            contact.tempGruu ||
            `sip:anonymous@anonymous.invalid;transport=${contactParams.transport ? contactParams.transport : "ws"}`;
        } else if (register) {
          text += contact.uri;
        } else {
          text += contact.pubGruu || contact.uri;
        }
        if (outbound) text += ";ob";
        text += ">";
        if (this.options.instanceIdAlwaysAdded) text += ';+sip.instance="<urn:uuid:' + this._instanceId + '>"';
        return text;
      }
    };
    return contact;
  }

  _initTransportCallbacks() {
    this.transport.onConnect = () => {
      if (this._state === UserAgentState.Stopped) return;
      if (this.delegate && this.delegate.onConnect) this.delegate.onConnect();
    };
    this.transport.onDisconnect = (error) => {
      if (this._state === UserAgentState.Stopped) return;
      if (this.delegate && this.delegate.onDisconnect) this.delegate.onDisconnect(error);
      if (error && this.options.reconnectionAttempts > 0) this._attemptReconnection();
    };
    this.transport.onMessage = (message) => {
      if (this._bridge.alive) this._bridge.receive(message);
    };
  }

  _transitionState(newState) {
    if (this._state === newState) {
      throw new Error(`Invalid state transition from ${this._state} to ${newState}`);
    }
    this.logger.log(`Transitioned from ${this._state} to ${newState}`);
    this._state = newState;
    this._stateEventEmitter.emit(this._state);
  }

  _makeBridge() {
    const o = this.options;
    let supported = ["outbound"];
    if (o.sipExtension100rel === SIPExtension.Supported) supported.push("100rel");
    if (o.sipExtensionReplaces === SIPExtension.Supported) supported.push("replaces");
    if (userAgentSessionTimers(o)) supported.push("timer"); // RFC 4028, beyond SIP.js (session-timer-options.js)
    supported.push(...(o.sipExtensionExtraSupported || []));
    if (!o.hackAllowUnregisteredOptionTags) supported = supported.filter((tag) => UserAgentRegisteredOptionTags[tag]);
    const tags = Array.from(new Set(supported));
    const transport = this.transport;
    const bridge = new UserAgentCoreBridge(
      {
        aor: o.uri.toString(),
        contact: this._contact.uri.toString(),
        displayName: o.displayName,
        authorizationUsername: o.authorizationUsername || o.uri.user || "",
        authorizationPassword: o.authorizationPassword,
        authorizationHa1: o.authorizationHa1,
        userAgentString: o.userAgentString,
        viaHost: o.viaHost,
        sipjsId: o.sipjsId,
        hackViaTcp: o.hackViaTcp,
        viaForceRport: o.forceRport,
        routeSet: o.preloadedRouteSet,
        supportedOptionTags: tags,
        supportedOptionTagsResponse: tags,
        protocol: transport && typeof transport.protocol === "string" ? transport.protocol : "WSS",
        allowUpdate: updateEnabled(o) // RFC 3311, beyond SIP.js
      },
      { loggerFactory: this.loggerFactory, transport }
    );
    return bridge;
  }
}
