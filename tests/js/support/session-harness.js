// Harness for the Session / Inviter / Invitation tests (tests/js/api-session-*.test.js): user
// agents of the built package on an in-memory SIP network, with fake session description handlers
// and scripted peers written as wire text. Jest fake timers drive everything (the core's timers go
// through globalThis.setTimeout, looked up at call time).
//
// - SipNetwork routes a request by the user part of its Request-URI (every user agent here uses its
//   name as AOR user and as Contact user) and a response by the host of its top Via
//   ("<name>.invalid"), delivering on a microtask; it records every message and lets a test put
//   hooks in the path (a proxy that challenges, a fork that answers too, a message lost).
// - FakeSdh: a session description handler without WebRTC: small SDPs whose origin line says which
//   handler made them, "a=sendonly" when asked to hold and "a=recvonly" to answer a sendonly offer;
//   it records its calls and can be told to fail.
// - ScriptedPeer: an endpoint on the network that a test drives with wire text.
import { afterEach, beforeEach, expect, jest } from "@jest/globals";
import { EmitterImpl, Inviter, TransportState, UserAgent } from "../../../lib/index.js";
import { UserAgentCoreBridge } from "../../../lib/core/user-agent-core/index.js";
import { wasm } from "../../../lib/wasm/loader.js";

export const DOMAIN = "example.com";

// ---- time ----

export const flush = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
};
/** Lets deliveries, SDH promises and 0 ms timers run, a few rounds. */
export const settle = async () => {
  for (let i = 0; i < 8; i++) {
    await flush();
    jest.advanceTimersByTime(0);
  }
  await flush();
};
/** Moves the fake clock by `ms`, letting everything that falls due run on the way. */
export async function advance(ms) {
  await jest.advanceTimersByTimeAsync(ms);
  await settle();
}

// ---- wire text ----

export function headerOf(text, name) {
  const head = text.split("\r\n\r\n")[0].split("\r\n");
  const wanted = name.toLowerCase();
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}
export function headersOf(text, name) {
  const wanted = name.toLowerCase();
  return text
    .split("\r\n\r\n")[0]
    .split("\r\n")
    .slice(1)
    .filter((line) => line.slice(0, Math.max(0, line.indexOf(":"))).trim().toLowerCase() === wanted)
    .map((line) => line.slice(line.indexOf(":") + 1).trim());
}
export function bodyOf(text) {
  const at = text.indexOf("\r\n\r\n");
  return at < 0 ? "" : text.slice(at + 4);
}
export function tagOf(value) {
  const m = /;tag=([^;>\s]+)/.exec(value || "");
  return m ? m[1] : undefined;
}
/** { request, method, status, reason, cseqMethod, cseq, text } */
export function describe(text) {
  const startLine = text.split("\r\n", 1)[0];
  const cseq = (headerOf(text, "CSeq") || "").split(/\s+/);
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  const base = { cseq: Number(cseq[0]), cseqMethod: cseq[1], text, body: bodyOf(text) };
  return response
    ? { request: false, status: Number(response[1]), reason: response[2], ...base }
    : { request: true, method: startLine.split(" ")[0], ruri: startLine.split(" ")[1], ...base };
}
function userOfUri(uri) {
  const m = /^sips?:([^@;>\s]+)@/.exec(uri || "");
  return m ? m[1] : undefined;
}
function viaHostName(text) {
  const via = headerOf(text, "Via") || "";
  const m = /^SIP\/2\.0\/\S+\s+([^;:\s]+)/.exec(via);
  return m ? m[1].replace(/\.invalid$/, "") : undefined;
}

/**
 * A response to `request` (wire text) as a peer writes it: Vias, From, To (+ `toTag` unless it has
 * one), Call-ID, CSeq, then `extra` header lines and the body.
 */
export function respond(request, status, { reason = "Whatever", toTag = "peer", extra = [], body = "", contentType = "application/sdp" } = {}) {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of headersOf(request, "Via")) lines.push("Via: " + via);
  lines.push("From: " + headerOf(request, "From"));
  const to = headerOf(request, "To");
  lines.push("To: " + (tagOf(to) || !toTag ? to : `${to};tag=${toTag}`));
  lines.push("Call-ID: " + headerOf(request, "Call-ID"), "CSeq: " + headerOf(request, "CSeq"), ...extra);
  if (body) lines.push("Content-Type: " + contentType);
  return lines.join("\r\n") + `\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

// ---- the network ----

export class SipNetwork {
  constructor() {
    this.endpoints = new Map();
    /** Every message sent: { from, to, request, method, status, cseqMethod, text, ... } */
    this.log = [];
    /** (entry) => false consumes the message (it is logged, not delivered). */
    this.hooks = [];
  }
  attach(name, endpoint) {
    this.endpoints.set(name, endpoint);
  }
  send(from, text) {
    const m = describe(text);
    const to = m.request ? userOfUri(m.ruri) : viaHostName(text);
    const entry = { from, to, ...m };
    this.log.push(entry);
    for (const hook of this.hooks) if (hook(entry) === false) return;
    this.deliver(to, text);
  }
  /** Delivers `text` to endpoint `to` on a microtask (not logged: use send() for that). */
  deliver(to, text) {
    const target = this.endpoints.get(to);
    if (!target) return;
    Promise.resolve().then(() => target.receive(text));
  }
  /**
   * Holds back the messages `predicate(entry)` picks (they are logged when sent); release()
   * delivers them, in order, and stops holding.
   */
  hold(predicate) {
    const held = [];
    const hook = (entry) => {
      if (!predicate(entry)) return true;
      held.push(entry);
      return false;
    };
    this.hooks.push(hook);
    return {
      held,
      release: () => {
        this.hooks = this.hooks.filter((h) => h !== hook);
        for (const entry of held.splice(0)) this.deliver(entry.to, entry.text);
      }
    };
  }
  /** Loses the messages `predicate(entry)` picks (they are still logged). */
  lose(predicate) {
    this.hooks.push((entry) => !predicate(entry));
  }
  /** Messages filtered by fields: e.g. messages({ from: "alice", method: "BYE" }). */
  messages(filter = {}) {
    return this.log.filter((m) => Object.entries(filter).every(([k, v]) => m[k] === v));
  }
  requests(method, filter = {}) {
    return this.messages({ request: true, method, ...filter });
  }
  responses(status, cseqMethod, filter = {}) {
    return this.messages({ request: false, status, cseqMethod, ...filter });
  }
  /** "alice>bob INVITE", "bob>alice 200 INVITE", ... for every message (or those matching). */
  summary(filter = () => true) {
    return this.log
      .filter(filter)
      .map((m) => `${m.from}>${m.to} ${m.request ? m.method : `${m.status} ${m.cseqMethod}`}`);
  }
}

/** SIP.js's Transport interface over a SipNetwork. transportOptions: { network, name }. */
export class NetworkTransport {
  constructor(logger, options = {}) {
    this.network = options.network;
    this.name = options.name;
    this.protocol = "WS";
    this._state = TransportState.Disconnected;
    this._stateChange = new EmitterImpl();
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
    this.network.attach(this.name, this);
  }
  get state() {
    return this._state;
  }
  get stateChange() {
    return this._stateChange;
  }
  _set(state) {
    if (this._state === state) return;
    this._state = state;
    this._stateChange.emit(state);
    if (state === TransportState.Connected && this.onConnect) this.onConnect();
    if (state === TransportState.Disconnected && this.onDisconnect) this.onDisconnect();
  }
  connect() {
    this._set(TransportState.Connected);
    return Promise.resolve();
  }
  disconnect() {
    this._set(TransportState.Disconnected);
    return Promise.resolve();
  }
  dispose() {
    return this.disconnect();
  }
  isConnected() {
    return this._state === TransportState.Connected;
  }
  send(message) {
    if (!this.isConnected()) return Promise.reject(new Error("not connected"));
    this.network.send(this.name, message);
    return Promise.resolve();
  }
  receive(text) {
    if (this.isConnected() && this.onMessage) this.onMessage(text);
  }
}

// ---- session description handlers ----

let nextSdh = 1;

export function sdpOf({ label, id, version, direction }) {
  return [
    "v=0",
    `o=${label} ${id} ${version} IN IP4 127.0.0.1`,
    "s=-",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${10000 + id} RTP/AVP 0`,
    `a=${direction}`,
    ""
  ].join("\r\n");
}
export function directionOf(sdp) {
  const m = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp || "");
  return m ? m[1] : undefined;
}

export class FakeSdh {
  constructor(session, factoryOptions, label) {
    this.id = nextSdh++;
    this.label = label;
    this.session = session;
    this.factoryOptions = factoryOptions;
    this.version = 0;
    /** ["get", "set", "rollback", "close", ...] in call order. */
    this.calls = [];
    /** The options getDescription/setDescription were given, in order: [method, options]. */
    this.options = [];
    this.remote = [];
    this.closed = false;
    /** Set to an Error to make the next getDescription / setDescription reject with it. */
    this.failGet = undefined;
    this.failSet = undefined;
    this.remoteDirection = undefined;
    /** Set to a promise to make getDescription wait for it (see gate()). */
    this.wait = undefined;
  }
  getDescription(options = {}, modifiers = []) {
    this.calls.push("get");
    this.options.push(["get", options, modifiers]);
    if (this.wait) {
      const wait = this.wait;
      this.wait = undefined;
      return wait.then(() => this.getDescription(options, modifiers)).then((d) => {
        this.calls.pop();
        this.options.pop();
        return d;
      });
    }
    if (this.failGet) {
      const error = this.failGet;
      this.failGet = undefined;
      return Promise.reject(error);
    }
    let direction = "sendrecv";
    if (options.hold) direction = "sendonly";
    else if (this.remoteDirection === "sendonly") direction = "recvonly";
    this.version += 1;
    const body = sdpOf({ label: this.label, id: this.id, version: this.version, direction });
    return Promise.resolve({ body, contentType: "application/sdp" });
  }
  setDescription(sdp, options = {}, modifiers = []) {
    this.calls.push("set");
    this.options.push(["set", options, modifiers]);
    this.remote.push(sdp);
    if (this.failSet) {
      const error = this.failSet;
      this.failSet = undefined;
      return Promise.reject(error);
    }
    this.remoteDirection = directionOf(sdp);
    return Promise.resolve();
  }
  hasDescription(contentType) {
    return contentType === "application/sdp";
  }
  rollbackDescription() {
    this.calls.push("rollback");
    return Promise.resolve();
  }
  sendDtmf() {
    return true;
  }
  close() {
    this.calls.push("close");
    this.closed = true;
  }
}

/** A factory of FakeSdh labelled `label`; `made` lists them; `configure(sdh)` runs on each one made. */
export function fakeSdhFactory(label) {
  const factory = (session, options) => {
    const sdh = new FakeSdh(session, options, label);
    factory.made.push(sdh);
    if (factory.configure) factory.configure(sdh);
    return sdh;
  };
  factory.made = [];
  factory.configure = undefined;
  return factory;
}

// ---- user agents ----

/**
 * A started-to-be UserAgent named `name` (AOR sip:<name>@example.com, Contact user <name>, Via host
 * <name>.invalid) on `network`. Its invitations land in `ua.invitations`; `ua.sdh` is its factory;
 * `ua.logs` collects its log lines ("level|category|content").
 */
export function makeUserAgent(network, name, options = {}) {
  const sdh = fakeSdhFactory(name);
  const logs = [];
  const invitations = [];
  const delegate = {
    onInvite: (invitation) => {
      invitations.push(invitation);
      if (ua.onInvite) ua.onInvite(invitation);
    },
    ...(options.delegate || {})
  };
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${name}@${DOMAIN}`),
    contactName: name,
    viaHost: `${name}.invalid`,
    displayName: name[0].toUpperCase() + name.slice(1),
    transportConstructor: NetworkTransport,
    transportOptions: { network, name },
    sessionDescriptionHandlerFactory: sdh,
    logBuiltinEnabled: false,
    logLevel: "debug",
    logConnector: (level, category, label, content) => logs.push(`${level}|${category}|${content}`),
    ...options,
    delegate
  });
  ua.sdh = sdh;
  ua.logs = logs;
  ua.invitations = invitations;
  ua.onInvite = undefined;
  ua.name = name;
  return ua;
}

/** Stops user agents one after the other, running the fake clock while they wait for answers. */
/**
 * Each test of the calling file runs on a fresh SipNetwork under jest's fake timers with the user
 * agents `setUp(network)` returns, started; the array may grow during the test. Afterwards they are
 * stopped and everything they made in Wasm is gone (liveObjects back to its baseline).
 */
export function useSipNetwork(setUp) {
  let baseline;
  let agents = [];
  beforeEach(async () => {
    jest.useFakeTimers();
    baseline = liveObjects();
    agents = (await setUp(new SipNetwork())) || [];
    for (const ua of agents) await ua.start();
  });
  afterEach(async () => {
    await stopAll(...agents);
    expect(liveObjects()).toEqual(baseline);
    jest.useRealTimers();
  });
}

export async function stopAll(...userAgents) {
  for (const ua of userAgents) {
    let stopped = false;
    let failure;
    const stopping = ua
      .stop()
      .catch((e) => (failure = e))
      .then(() => (stopped = true));
    for (let i = 0; i < 100 && !stopped; i++) await advance(1000);
    await stopping;
    if (failure) throw failure;
  }
}

/** What must come back to its value once every user agent of a test has stopped. */
export function liveObjects() {
  return {
    ...UserAgentCoreBridge.liveCounts(),
    sessions: wasm.SessionBridge.liveSessions(),
    subscriptionAreas: wasm.SubscriptionBridge.liveAreas()
  };
}

/** A promise and the function that resolves it. */
export function gate() {
  let open;
  const promise = new Promise((resolve) => (open = resolve));
  return { promise, open };
}

/** Records the states a session goes through. */
export function recordStates(session) {
  const states = [];
  session.stateChange.addListener((state) => states.push(state));
  return states;
}

/**
 * alice calls bob: returns { inviter, invitation } once bob's Invitation exists (after its 180).
 * `inviterOptions` go to the Inviter, `inviteOptions` to invite().
 */
export async function startCall(caller, callee, { inviterOptions = {}, inviteOptions = {} } = {}) {
  const before = callee.invitations.length;
  const inviter = new Inviter(caller, UserAgent.makeURI(`sip:${callee.name}@${DOMAIN}`), inviterOptions);
  const sent = inviter.invite(inviteOptions);
  await settle();
  await sent;
  const invitation = callee.invitations[before];
  return { inviter, invitation };
}

/** An established call from `caller` to `callee`. */
export async function establishedCall(caller, callee, options = {}) {
  const call = await startCall(caller, callee, options);
  if (!call.invitation) throw new Error("the INVITE did not reach " + callee.name);
  const accepted = call.invitation.accept(options.acceptOptions);
  await settle();
  await accepted;
  return call;
}

// ---- scripted peers ----

/**
 * An endpoint named `name` on `network` driven with wire text. `onRequest(text)` runs for each
 * request it receives (default: answer 200 to anything but ACK).
 */
export class ScriptedPeer {
  constructor(network, name) {
    this.network = network;
    this.name = name;
    this.received = [];
    this.onRequest = (text) => {
      if (describe(text).method !== "ACK") this.send(respond(text, 200, { toTag: this.name }));
    };
    this.onResponse = undefined;
    network.attach(name, this);
  }
  receive(text) {
    this.received.push(text);
    if (describe(text).request) this.onRequest(text);
    else if (this.onResponse) this.onResponse(text);
  }
  send(text) {
    this.network.send(this.name, text);
  }
  requests(method) {
    return this.received.filter((t) => describe(t).method === method);
  }
}
