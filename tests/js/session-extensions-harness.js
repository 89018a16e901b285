// Test harness for the session extensions beyond SIP.js (session timers, UPDATE): user agents of
// this package and of sip.js 0.21.2 (any package with SIP.js's API) on an in-memory network that
// records every message and can drop some, fake session description handlers that record what
// they are asked, and helpers to run a jest fake clock while messages cross (setImmediate and
// microtasks stay real: deliveries go through microtasks, timers through the fake clock).
import { jest } from "@jest/globals";

// ---- the network: two or more named transports; every message is recorded, then delivered to
// the other side on a microtask unless `drop(text, from)` says to lose it or `hold(text, from)` to
// keep it until release().

export class Network {
  constructor() {
    this.transports = new Map();
    this.wire = []; // { from, text }
    this.drop = () => false;
    this.hold = () => false;
    this.held = [];
  }
  send(from, text) {
    this.wire.push({ from, text });
    if (this.drop(text, from)) return;
    if (this.hold(text, from)) {
      this.held.push({ from, text });
      return;
    }
    this.deliver(from, text);
  }
  /** Delivers what hold() kept, in order, and holds nothing more. */
  release() {
    this.hold = () => false;
    const held = this.held;
    this.held = [];
    for (const { from, text } of held) this.deliver(from, text);
  }
  /** Requests go to the user of the To URI, responses to the user of the From URI. */
  deliver(from, text) {
    const isResponse = text.startsWith("SIP/2.0 ");
    const to = userOf(header(text, isResponse ? "From" : "To"));
    const transport = this.transports.get(to);
    if (!transport || to === from) return;
    Promise.resolve().then(() => transport.connected && transport.onMessage && transport.onMessage(text));
  }
  /** Messages sent by `from` (or anyone) whose first line matches `re`. */
  find(re, from) {
    return this.wire.filter((m) => (!from || m.from === from) && re.test(firstLine(m.text))).map((m) => m.text);
  }
  /** Requests of `method` sent by `from` (or anyone). */
  requests(method, from) {
    return this.find(new RegExp(`^${method} `), from);
  }
  /** Responses `status` (a number, or a RegExp for the code) to `method`, sent by `from`. */
  responses(status, method, from) {
    return this.find(/^SIP\/2\.0 /, from).filter(
      (text) => new RegExp(`^SIP/2\\.0 ${status} `).test(firstLine(text)) && cseqMethod(text) === method
    );
  }
}

class Emitter {
  constructor() {
    this.listeners = [];
  }
  addListener(listener) {
    this.listeners.push(listener);
  }
  removeListener(listener) {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  on(listener) {
    this.addListener(listener);
  }
  off(listener) {
    this.removeListener(listener);
  }
  emit(value) {
    for (const l of this.listeners.slice()) l(value);
  }
}

/** SIP.js's Transport interface over a Network (transportOptions: { network, name }). */
export class MemoryTransport {
  constructor(logger, options) {
    this.logger = logger;
    this.network = options.network;
    this.name = options.name;
    this.network.transports.set(this.name, this);
    this.protocol = "WSS";
    this.state = "Disconnected";
    this.stateChange = new Emitter();
    this.connected = false;
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
  }
  connect() {
    this.connected = true;
    this.state = "Connected";
    this.stateChange.emit(this.state);
    if (this.onConnect) this.onConnect();
    return Promise.resolve();
  }
  disconnect() {
    this.connected = false;
    this.state = "Disconnected";
    this.stateChange.emit(this.state);
    return Promise.resolve();
  }
  dispose() {
    return this.disconnect();
  }
  isConnected() {
    return this.connected;
  }
  send(message) {
    this.network.send(this.name, message);
    return Promise.resolve();
  }
}

// ---- a session description handler that offers and answers fixed SDP and records its calls

export const sdpOf = (who, version, direction = "sendrecv") =>
  ["v=0", `o=${who} 1 ${version} IN IP4 127.0.0.1`, "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 9 RTP/AVP 0", `a=${direction}`, ""].join(
    "\r\n"
  );

export class FakeSDH {
  constructor(who) {
    this.who = who;
    this.calls = []; // { method, options, sdp }
    this.version = 0;
    this.refuse = false; // setDescription rejects (the offer is unacceptable)
    this.closed = false;
  }
  getDescription(options = {}) {
    this.calls.push({ method: "getDescription", options });
    this.version += 1;
    const direction = options.hold ? "sendonly" : "sendrecv";
    return Promise.resolve().then(() => ({ body: sdpOf(this.who, this.version, direction), contentType: "application/sdp" }));
  }
  setDescription(sdp, options = {}) {
    this.calls.push({ method: "setDescription", options, sdp });
    if (this.refuse) return Promise.reject(new Error(`${this.who}: refused (fake SDH)`));
    return Promise.resolve();
  }
  hasDescription(contentType) {
    return contentType === "application/sdp";
  }
  rollbackDescription() {
    this.calls.push({ method: "rollbackDescription" });
    return Promise.resolve();
  }
  sendDtmf() {
    return false;
  }
  close() {
    this.closed = true;
  }
  count(method) {
    return this.calls.filter((c) => c.method === method).length;
  }
}

// ---- wire helpers

export const firstLine = (text) => text.split("\r\n")[0];
/** The first value of header `name` (long or compact form `compact`), or undefined. */
export function header(text, name) {
  const head = text.split("\r\n\r\n")[0].split("\r\n").slice(1);
  for (const line of head) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name.toLowerCase()) return line.slice(colon + 1).trim();
  }
  return undefined;
}
const userOf = (value) => (/sips?:([^@>;\s]+)@/.exec(value || "") || [])[1];
export const bodyOf = (text) => text.slice(text.indexOf("\r\n\r\n") + 4);
export const statusOf = (text) => Number(/^SIP\/2\.0 (\d{3})/.exec(text)[1]);
export const cseqMethod = (text) => (header(text, "CSeq") || "").split(/\s+/)[1];
export const cseqNumber = (text) => Number((header(text, "CSeq") || "").split(/\s+/)[0]);
export const tokens = (text, name) =>
  (header(text, name) || "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

// ---- time

/** Lets messages cross and promises settle (setImmediate stays real under the fake timers). */
export async function settle(rounds = 10) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Stops the agents' user agents, running the fake clock while they wait (a BYE to a peer that is gone). */
export async function stopAll(network, agents) {
  network.drop = () => false;
  network.release();
  let stopped = false;
  Promise.all(agents.map((a) => a.ua.stop().catch(() => undefined))).then(() => (stopped = true));
  for (let i = 0; i < 120 && !stopped; i++) {
    jest.advanceTimersByTime(1000);
    await settle();
  }
}

/** Runs the fake clock `ms` forward in `step`s, letting messages cross after each step. */
export async function advance(ms, step = 1000) {
  for (let done = 0; done < ms; done += step) {
    jest.advanceTimersByTime(Math.min(step, ms - done));
    await settle();
  }
}

export function useFakeClock() {
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
}

// ---- user agents

/**
 * A started UserAgent of `api` (this package's or sip.js's module namespace) named `name`
 * (sip:<name>@example.com) on `network`. Incoming invitations are collected in `agent.invitations`
 * and left to the test; every SDH made is in `agent.sdhs`. `options` are more UserAgentOptions.
 */
export async function makeAgent(api, network, name, options = {}) {
  const agent = { name, invitations: [], sdhs: [], logs: [] };
  agent.ua = new api.UserAgent({
    uri: api.UserAgent.makeURI(`sip:${name}@example.com`),
    transportConstructor: MemoryTransport,
    transportOptions: { network, name },
    logBuiltinEnabled: false,
    logLevel: "warn",
    logConnector: (level, category, label, content) => agent.logs.push(`${level} ${category} ${content}`),
    sendInitialProvisionalResponse: false,
    sessionDescriptionHandlerFactory: () => {
      const sdh = new FakeSDH(name);
      agent.sdhs.push(sdh);
      return sdh;
    },
    delegate: {
      onInvite: (invitation) => {
        agent.invitations.push(invitation);
        if (agent.onInvite) agent.onInvite(invitation);
      }
    },
    ...options
  });
  await agent.ua.start();
  return agent;
}

/**
 * `caller` invites `callee` (whose package's Invitation is accepted with `acceptOptions`);
 * resolves once both sessions are Established, to { inviter, invitation }.
 */
export async function call(api, caller, callee, { inviterOptions = {}, acceptOptions = {}, inviteOptions = {} } = {}) {
  const inviter = new api.Inviter(caller.ua, api.UserAgent.makeURI(`sip:${callee.name}@example.com`), inviterOptions);
  const before = callee.invitations.length;
  await inviter.invite(inviteOptions);
  await settle();
  if (callee.invitations.length !== before + 1) throw new Error(`${callee.name} got no INVITE`);
  const invitation = callee.invitations[before];
  await invitation.accept(acceptOptions);
  await settle();
  if (inviter.state !== "Established" || invitation.state !== "Established") {
    throw new Error(`call not established: caller ${inviter.state}, callee ${invitation.state}`);
  }
  return { inviter, invitation };
}
