// A MINIMAL UserAgent: only what the Registerer needs (first slice of "SIP.js API over the Wasm
// core"). It builds the C++ UA core (through js/core/user-agent-core), the logger factory and the
// transport from transportConstructor, and offers start()/stop(), getLogger(), makeURI().
//
// Not here yet (next slices): delegate (onInvite/onMessage/onNotify/onRefer/onSubscribe/onConnect/
// onDisconnect/onRegister), Inviter/Invitation/Messager/Publisher/Subscriber support,
// reconnection (reconnectionAttempts/Delay), state/stateChange, isConnected()/reconnect(),
// gracefulShutdown, hackIpInContact, preloadedRouteSet... (passed through but untested),
// authenticationFactory, contact.toString() options, userAgentCore property, SIP extensions
// beyond the Supported list.
import { UserAgentCoreBridge } from "../core/user-agent-core/user-agent-core-bridge.js";
import { LoggerFactory } from "../core/log/logger-factory.js";
import { createRandomToken } from "../core/messages/utils.js";
import { Grammar } from "../grammar/grammar.js";
import { URI } from "../grammar/uri.js";
import { LIBRARY_VERSION } from "../version.js";
import { Transport as WebTransport } from "../platform/web/transport/transport.js";

function newUUID() {
  const hex = (n) => Math.floor(Math.random() * 16 ** n).toString(16).padStart(n, "0");
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/**
 * A user agent sends and receives requests using a Transport (minimal: see the file comment).
 * @public
 */
export class UserAgent {
  constructor(options = {}) {
    this._registerers = {};
    const defined = {};
    for (const key of Object.keys(options)) {
      if (options[key] !== undefined) defined[key] = options[key];
    }
    this.options = Object.assign(
      {},
      UserAgent.defaultOptions(),
      { sipjsId: createRandomToken(5) },
      { uri: new URI("sip", "anonymous." + createRandomToken(6), "anonymous.invalid") },
      { viaHost: createRandomToken(12) + ".invalid" },
      defined
    );
    if (!(this.options.uri instanceof URI)) {
      throw new TypeError("Invalid 'uri' option: expected a URI (UserAgent.makeURI).");
    }
    this.loggerFactory = new LoggerFactory();
    this.loggerFactory.builtinEnabled = this.options.logBuiltinEnabled;
    this.loggerFactory.connector = this.options.logConnector;
    this.loggerFactory.level = this.options.logLevel;
    this.logger = this.loggerFactory.getLogger("sip.UserAgent");

    this._instanceId = this.options.instanceId ? this.options.instanceId : newUUID();
    if (Grammar.parse(this._instanceId, "uuid") === -1) {
      throw new Error("Invalid instanceId.");
    }
    const contactName = this.options.contactName !== "" ? this.options.contactName : createRandomToken(8);
    this.contact = {
      uri: new URI("sip", contactName, this.options.viaHost, undefined, this.options.contactParams),
      pubGruu: undefined,
      tempGruu: undefined
    };

    const transportConstructor = this.options.transportConstructor || WebTransport;
    this.transport = new transportConstructor(this.getLogger("sip.Transport"), this.options.transportOptions);
    this._bridge = this._makeBridge();
    this.transport.onMessage = (message) => {
      if (this._bridge.alive) this._bridge.receive(message);
    };
  }

  static makeURI(uri) {
    return Grammar.URIParse(uri);
  }

  static defaultOptions() {
    return {
      authorizationHa1: "",
      authorizationPassword: "",
      authorizationUsername: "",
      contactName: "",
      contactParams: { transport: "ws" },
      displayName: "",
      forceRport: false,
      hackViaTcp: false,
      instanceId: "",
      logBuiltinEnabled: true,
      logConnector: () => {
        /* noop */
      },
      logLevel: "log",
      preloadedRouteSet: [],
      sipExtension100rel: "Unsupported",
      sipExtensionReplaces: "Unsupported",
      sipExtensionExtraSupported: [],
      sipjsId: "",
      transportConstructor: undefined,
      transportOptions: {},
      userAgentString: "SIP.js/" + LIBRARY_VERSION,
      viaHost: ""
    };
  }

  get configuration() {
    return this.options;
  }

  get instanceId() {
    return this._instanceId;
  }

  getLogger(category, label) {
    return this.loggerFactory.getLogger(category, label);
  }

  getLoggerFactory() {
    return this.loggerFactory;
  }

  /** Connects the transport. */
  start() {
    if (!this._bridge.alive) {
      this._bridge = this._makeBridge();
    }
    return this.transport.connect();
  }

  /** Disposes the registerers (un-REGISTERing the registered ones), ends the core, disconnects. */
  async stop() {
    const registerers = Object.keys(this._registerers).map((id) => this._registerers[id]);
    await Promise.all(registerers.map((registerer) => registerer.dispose()));
    for (const registerer of registerers) registerer._terminateNow();
    this._bridge.dispose();
    await this.transport.disconnect();
  }

  _makeBridge() {
    const o = this.options;
    const supported = ["outbound"];
    if (o.sipExtension100rel === "Supported" || o.sipExtension100rel === "Required") supported.push("100rel");
    if (o.sipExtensionReplaces === "Supported") supported.push("replaces");
    supported.push(...(o.sipExtensionExtraSupported || []));
    const tags = Array.from(new Set(supported));
    const transport = this.transport;
    return new UserAgentCoreBridge(
      {
        aor: o.uri.toString(),
        contact: this.contact.uri.toString(),
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
        protocol: transport && typeof transport.protocol === "string" ? transport.protocol : "WSS"
      },
      { loggerFactory: this.loggerFactory, transport }
    );
  }
}
