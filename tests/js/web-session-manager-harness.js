// Test harness for Web.SessionManager and Web.SimpleUser under Node (no WebSocket, no WebRTC):
//
// - an in-memory SIP "server" (InMemoryNetwork) that user agents reach through InMemoryTransport:
//   it answers REGISTER itself (200 OK, or whatever `network.registerResponder` says) and OPTIONS
//   addressed to it (`network.optionsResponder`), routes
//   other requests by the user part of the To URI and responses by the user part of the From URI
//   (the requester), one message at a time on a later macrotask, as a network would; it records
//   every message it carries and can drop a connection as a failing server would;
// - a fake session description handler (FakeSessionDescriptionHandler) that makes a small static
//   SDP (sendonly when asked to hold), records what it is asked to do, and is an instance of
//   Web.SessionDescriptionHandler (SessionManager's hold/mute need that), plus its factory.
import { EmitterImpl, TransportState, Web } from "../../lib/index.js";

export const DOMAIN = "sipwasm.test";

/** The first value of header `name` in a SIP message text, or undefined. */
export function headerOf(text, name) {
  const head = text.split("\r\n\r\n")[0].split("\r\n");
  const wanted = name.toLowerCase();
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/** The user part of the first SIP URI in a header value ("<sip:bob@x>;tag=1" gives "bob"). */
export function userOf(value) {
  const match = /sips?:([^@>;\s]+)@/.exec(value || "");
  return match ? match[1] : undefined;
}

/** A summary of a SIP message text: { request, method, status, cseqMethod, body, text }. */
export function describe(text) {
  const [startLine] = text.split("\r\n", 1);
  const response = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const cseq = (headerOf(text, "CSeq") || "").split(/\s+/);
  const body = text.includes("\r\n\r\n") ? text.slice(text.indexOf("\r\n\r\n") + 4) : "";
  return response
    ? { request: false, status: Number(response[1]), cseqMethod: cseq[1], body, text }
    : { request: true, method: startLine.split(" ")[0], cseqMethod: cseq[1], body, text };
}

export class InMemoryNetwork {
  constructor() {
    this.transports = new Map(); // user -> InMemoryTransport
    /** Every message carried (REGISTER exchanges included), in order: { from, to, ...describe() }. */
    this.log = [];
    /** (requestText, count) => status code for a REGISTER (count starts at 1). Default: 200. */
    this.registerResponder = () => 200;
    this.registerCount = 0;
    /** (requestText) => status code for an OPTIONS to the server itself (no user in the Request-URI). */
    this.optionsResponder = () => 200;
  }

  attach(user, transport) {
    this.transports.set(user, transport);
  }

  /** What a user agent sent, as the network saw it. */
  carry(sender, text) {
    const message = describe(text);
    const to = message.request ? userOf(headerOf(text, "To")) : userOf(headerOf(text, "From"));
    this.log.push({ from: sender.user, to: message.request && message.method === "REGISTER" ? "registrar" : to, ...message });
    if (message.request && message.method === "REGISTER") {
      this.answerRegister(sender, text);
      return;
    }
    if (message.request && message.method === "OPTIONS" && /^OPTIONS sips?:[^@\s]+ SIP\/2\.0$/.test(text.split("\r\n", 1)[0])) {
      const status = this.optionsResponder(text);
      this.deliver(sender, this.response(text, status, status === 200 ? "OK" : "Service Unavailable"));
      return;
    }
    if (message.request && message.method === "ACK" && !this.transports.has(to)) return;
    const target = this.transports.get(to);
    if (target && target.isConnected()) {
      this.deliver(target, text);
    } else if (message.request && message.method !== "ACK") {
      this.deliver(sender, this.response(text, 480, "Temporarily Unavailable"));
    }
  }

  answerRegister(sender, text) {
    this.registerCount += 1;
    const status = this.registerResponder(text, this.registerCount);
    const expires = headerOf(text, "Expires") || "600";
    const contact = status === 200 && expires !== "0" ? [`Contact: ${headerOf(text, "Contact").replace(/;expires=\d+/, "")};expires=${expires}`] : [];
    this.deliver(sender, this.response(text, status, status === 200 ? "OK" : "Forbidden", contact));
  }

  /** A response to request `text` with the headers RFC 3261 section 8.2.6 copies. */
  response(text, status, reason, extra = []) {
    const copy = ["Via", "From", "Call-ID", "CSeq"].map((name) => `${name}: ${headerOf(text, name)}`);
    let to = headerOf(text, "To");
    if (!/;tag=/.test(to)) to += `;tag=net${Math.random().toString(36).slice(2, 8)}`;
    const lines = [`SIP/2.0 ${status} ${reason}`, ...copy, `To: ${to}`, ...extra, "Content-Length: 0", "", ""];
    const reply = lines.join("\r\n");
    this.log.push({ from: "registrar", to: userOf(headerOf(text, "From")), ...describe(reply) });
    return reply;
  }

  deliver(target, text) {
    setTimeout(() => {
      if (target.isConnected() && target.onMessage) target.onMessage(text);
    }, 0);
  }

  /** The messages carried so far, filtered: e.g. messages({ method: "INFO" }). */
  messages(filter = {}) {
    return this.log.filter((m) => Object.entries(filter).every(([k, v]) => m[k] === v));
  }

  /** Drops `user`'s connection as a failing server would (onDisconnect with an Error). */
  drop(user) {
    this.transports.get(user).dropByServer();
  }
}

/**
 * A Transport (SIP.js's interface) connected to an InMemoryNetwork. transportOptions:
 * { network, user, refuseConnections } (refuseConnections: a number of connect() calls to fail).
 */
export class InMemoryTransport {
  constructor(logger, options = {}) {
    this.logger = logger;
    this.network = options.network;
    this.user = options.user;
    this.refuseConnections = options.refuseConnections || 0;
    this.protocol = "WS";
    this._state = TransportState.Disconnected;
    this._stateChange = new EmitterImpl();
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
    this.connectCalls = 0;
    this.sent = [];
    this.network.attach(this.user, this);
  }

  get state() {
    return this._state;
  }

  get stateChange() {
    return this._stateChange;
  }

  setState(state, error) {
    if (this._state === state) return;
    this._state = state;
    this._stateChange.emit(state);
    if (state === TransportState.Connected && this.onConnect) this.onConnect();
    if (state === TransportState.Disconnected && this.onDisconnect) this.onDisconnect(error);
  }

  isConnected() {
    return this._state === TransportState.Connected;
  }

  async connect() {
    this.connectCalls += 1;
    if (this._state === TransportState.Connected) return;
    this.setState(TransportState.Connecting);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.refuseConnections > 0) {
      this.refuseConnections -= 1;
      const error = new Error("connection refused (in-memory network)");
      this.setState(TransportState.Disconnected, error);
      throw error;
    }
    this.setState(TransportState.Connected);
  }

  async disconnect() {
    if (this._state === TransportState.Disconnected) return;
    this.setState(TransportState.Disconnecting);
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.setState(TransportState.Disconnected);
  }

  async dispose() {
    await this.disconnect();
  }

  send(message) {
    if (!this.isConnected()) return Promise.reject(new Error("not connected (in-memory network)"));
    this.sent.push(message);
    this.network.carry(this, message);
    return Promise.resolve();
  }

  dropByServer() {
    if (this._state !== TransportState.Connected) return;
    this.setState(TransportState.Disconnected, new Error("connection dropped by the server (in-memory network)"));
  }
}

let nextSdhId = 1;

function fakeStream(kind) {
  const track = { kind, id: `fake-${kind}-${nextSdhId}` };
  return { id: `stream-${nextSdhId}`, getTracks: () => [track], onaddtrack: null };
}

/**
 * A session description handler without WebRTC. It records the options and calls it gets
 * (`calls`: ["getDescription", "setDescription", "enableSenderTracks:false", ...]), offers and
 * answers "a=sendrecv" (or "a=sendonly" when options.hold is set), refuses a remote description
 * containing "a=x-refuse" (so that a re-INVITE can be rejected on purpose), and sends DTMF into
 * `dtmf`.
 */
export class FakeSessionDescriptionHandler {
  constructor(session, options) {
    this.id = nextSdhId++;
    this.session = session;
    this.factoryOptions = options;
    this.calls = [];
    this.descriptionOptions = [];
    this.remoteDescriptions = [];
    this.dtmf = [];
    this.senderEnabled = true;
    this.receiverEnabled = true;
    this.closed = false;
    this._localMediaStream = fakeStream("audio");
    this._remoteMediaStream = fakeStream("audio");
  }

  get localMediaStream() {
    return this._localMediaStream;
  }

  get remoteMediaStream() {
    return this._remoteMediaStream;
  }

  get peerConnection() {
    return undefined;
  }

  getDescription(options = {}) {
    this.calls.push("getDescription");
    this.descriptionOptions.push(options);
    const direction = options.hold ? "sendonly" : "sendrecv";
    const sdp = [
      "v=0",
      `o=- ${this.id} 1 IN IP4 127.0.0.1`,
      "s=-",
      "c=IN IP4 127.0.0.1",
      "t=0 0",
      "m=audio 9 RTP/AVP 0",
      `a=${direction}`,
      ...(this.refuseNextOffer ? ["a=x-refuse"] : []),
      ""
    ].join("\r\n");
    return Promise.resolve({ body: sdp, contentType: "application/sdp" });
  }

  setDescription(sdp, options = {}) {
    this.calls.push("setDescription");
    this.remoteDescriptions.push(sdp);
    this.descriptionOptions.push(options);
    if (sdp.includes("a=x-refuse")) return Promise.reject(new Error("refused (fake SDH)"));
    return Promise.resolve();
  }

  hasDescription(contentType) {
    return contentType === "application/sdp";
  }

  rollbackDescription() {
    this.calls.push("rollbackDescription");
    return Promise.resolve();
  }

  sendDtmf(tones) {
    this.calls.push(`sendDtmf:${tones}`);
    this.dtmf.push(tones);
    return true;
  }

  enableSenderTracks(enable) {
    this.calls.push(`enableSenderTracks:${enable}`);
    this.senderEnabled = enable;
  }

  enableReceiverTracks(enable) {
    this.calls.push(`enableReceiverTracks:${enable}`);
    this.receiverEnabled = enable;
  }

  iceGatheringComplete() {}

  close() {
    this.calls.push("close");
    this.closed = true;
  }
}
// SessionManager accepts only the web SDH (instanceof): the fake is one without its constructor.
Object.setPrototypeOf(FakeSessionDescriptionHandler.prototype, Web.SessionDescriptionHandler.prototype);

/** A SessionDescriptionHandlerFactory making fakes; every one made is pushed to `made`. */
export function fakeSessionDescriptionHandlerFactory(made = []) {
  const factory = (session, options) => {
    const sdh = new FakeSessionDescriptionHandler(session, options);
    made.push(sdh);
    return sdh;
  };
  factory.made = made;
  return factory;
}

/**
 * userAgentOptions for `user` on `network`: in-memory transport, fake SDHs (the factory's `made`
 * lists them), quiet logs. The URI comes from SessionManager's `aor` option.
 */
export function userAgentOptionsFor(network, user, extra = {}) {
  return {
    transportConstructor: InMemoryTransport,
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
    logBuiltinEnabled: false,
    logLevel: "error",
    ...extra,
    transportOptions: { network, user, ...(extra.transportOptions || {}) }
  };
}

/** A promise and its resolve, for waiting on a delegate call. */
export function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once `predicate()` is true (checked every 5 ms); rejects after `ms` naming `what`. */
export async function until(predicate, what, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
