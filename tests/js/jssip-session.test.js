// Web.JsSIPSession: JsSIP's Session surface over the package's Inviter/Invitation. Two UserAgents
// (alice calls, bob answers) talk through an in-memory network that records every message, so the
// tests check the SIP on the wire (CANCEL / non-2xx / BYE, INFO bodies and spacing) as well as the
// events. A fake session description handler resolves fixed SDP. Fake timers (setImmediate and
// microtasks left real) drive the DTMF spacing and the core's transaction timers.
import { jest } from "@jest/globals";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EmitterImpl, SessionState, TransportState, UserAgent } from "../../lib/api/index.js";
import { Web } from "../../lib/index.js";

const { JsSIPSession } = Web;
const C = JsSIPSession.C;
const causes = JsSIPSession.causes;

// ---------------------------------------------------------------------------------------------
// The network: two named transports; every message is recorded, then delivered to the other side
// on a microtask, unless dropped or held back.

class Network {
  constructor() {
    this.transports = new Map();
    this.wire = []; // { from, text }
    this.held = new Map(); // from -> [text] while holding
    this.drop = () => false;
  }
  hold(from) {
    if (!this.held.has(from)) this.held.set(from, []);
  }
  release(from) {
    const queue = this.held.get(from) || [];
    this.held.delete(from);
    for (const text of queue) this.deliver(from, text);
  }
  send(from, text) {
    this.wire.push({ from, text });
    if (this.drop(text, from)) return;
    if (this.held.has(from)) this.held.get(from).push(text);
    else this.deliver(from, text);
  }
  deliver(from, text) {
    for (const [name, transport] of this.transports) {
      if (name !== from) Promise.resolve().then(() => transport.onMessage && transport.onMessage(text));
    }
  }
  /** The messages sent by `from` (or by anyone) whose first line matches `re`. */
  find(re, from) {
    return this.wire.filter((m) => (!from || m.from === from) && re.test(firstLine(m.text))).map((m) => m.text);
  }
}

// The Transport interface of the API, in memory.
class MemoryTransport {
  constructor(logger, options) {
    this.logger = logger;
    this.network = options.network;
    this.name = options.name;
    this.network.transports.set(this.name, this);
    this.protocol = "WSS";
    this.state = TransportState.Disconnected;
    this.stateChange = new EmitterImpl();
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
  }
  connect() {
    this.state = TransportState.Connected;
    this.stateChange.emit(this.state);
    if (this.onConnect) this.onConnect();
    return Promise.resolve();
  }
  disconnect() {
    this.state = TransportState.Disconnected;
    this.stateChange.emit(this.state);
    return Promise.resolve();
  }
  dispose() {
    return this.disconnect();
  }
  isConnected() {
    return this.state === TransportState.Connected;
  }
  send(message) {
    this.network.send(this.name, message);
    return Promise.resolve();
  }
}

// ---------------------------------------------------------------------------------------------
// A session description handler that answers with fixed SDP, with streams to report.

const sdpOf = (who) =>
  ["v=0", `o=${who} 1 1 IN IP4 127.0.0.1`, "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 9 RTP/AVP 0", "a=sendrecv", ""].join("\r\n");

class FakeStream {
  constructor(tracks) {
    this.tracks = tracks;
  }
  getTracks() {
    return this.tracks.slice();
  }
}

class FakeSDH {
  constructor(who, behaviour = {}) {
    this.who = who;
    this.behaviour = behaviour;
    this.calls = [];
    this.closed = false;
    this.localMediaStream = new FakeStream([]);
    this.remoteMediaStream = new FakeStream([]);
    this.peerConnection = { fake: `${who} pc` };
  }
  getDescription(options, modifiers) {
    this.calls.push({ method: "getDescription", options });
    if (this.behaviour.getDescriptionError) return Promise.reject(this.behaviour.getDescriptionError);
    return Promise.resolve().then(() => {
      if (this.localMediaStream) this.localMediaStream.tracks = [{ kind: "audio", id: `${this.who}-mic` }];
      return { body: sdpOf(this.who), contentType: "application/sdp" };
    });
  }
  hasDescription(contentType) {
    return contentType === "application/sdp";
  }
  setDescription(sdp, options) {
    this.calls.push({ method: "setDescription", sdp, options });
    if (this.behaviour.setDescriptionError) return Promise.reject(this.behaviour.setDescriptionError);
    if (this.remoteMediaStream) this.remoteMediaStream.tracks = [{ kind: "audio", id: `${this.who}-remote` }];
    return Promise.resolve();
  }
  sendDtmf() {
    return false;
  }
  close() {
    this.closed = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Wire helpers

const firstLine = (text) => text.split("\r\n")[0];
function header(text, name) {
  const head = text.split("\r\n\r\n")[0];
  const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, "mi").exec(head);
  return m ? m[1].trim() : undefined;
}
const bodyOf = (text) => text.slice(text.indexOf("\r\n\r\n") + 4);
const statusOf = (text) => Number(/^SIP\/2\.0 (\d{3})/.exec(text)[1]);

// Lets messages cross and promises settle (setImmediate stays real under our fake timers).
async function settle(rounds = 12) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------
// Two user agents

let network;
let agents;

// The UserAgents do not ring by themselves (sendInitialProvisionalResponse: false), so that each
// test says who sends the 180; one test checks the default.
function makeAgent(name, { sdh = {}, delegate, userAgentOptions = {} } = {}) {
  const agent = { name, invitations: [], sdhs: [], logs: [] };
  agent.ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${name}@example.com`),
    displayName: name[0].toUpperCase() + name.slice(1),
    transportConstructor: MemoryTransport,
    transportOptions: { network, name },
    logBuiltinEnabled: false,
    sendInitialProvisionalResponse: false,
    logConnector: (level, category, label, content) => agent.logs.push(`${level} ${category} ${content}`),
    sessionDescriptionHandlerFactory: () => {
      const handler = new FakeSDH(name, typeof sdh === "function" ? sdh() : sdh);
      agent.sdhs.push(handler);
      return handler;
    },
    delegate: {
      onInvite: (invitation) => {
        if (delegate) invitation.delegate = delegate;
        agent.invitations.push(invitation);
      }
    },
    ...userAgentOptions
  });
  agents.push(agent);
  return agent;
}

/** Every event of a JsSIPSession, in order: [name, data]. */
function record(session) {
  const events = [];
  for (const name of ["progress", "started", "ended", "failed", "newDTMF"]) {
    session.on(name, (data) => events.push([name, data]));
  }
  return events;
}
const names = (events) => events.map(([name]) => name);
const eventData = (events, name) => (events.find(([n]) => n === name) || [])[1];

beforeEach(async () => {
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
  network = new Network();
  agents = [];
});

afterEach(async () => {
  for (const agent of agents) await agent.ua.stop().catch(() => undefined);
  await settle();
  jest.useRealTimers();
});

async function startAgents(options = {}) {
  const alice = makeAgent("alice", options.alice);
  const bob = makeAgent("bob", options.bob);
  await alice.ua.start();
  await bob.ua.start();
  return { alice, bob };
}

/** alice calls bob; resolves once bob has the Invitation. */
async function dial(alice, bob, options = {}) {
  const call = JsSIPSession.call(alice.ua, "sip:bob@example.com", options);
  const events = record(call);
  await settle();
  expect(bob.invitations).toHaveLength(1);
  return { call, events, invitation: bob.invitations[0] };
}

/** alice calls bob, bob takes the call with a JsSIPSession and answers it. */
async function establish(options = {}) {
  const { alice, bob } = await startAgents(options);
  const { call, events } = await dial(alice, bob, options.call);
  const incoming = JsSIPSession.fromInvitation(bob.invitations[0], options.incoming);
  const incomingEvents = record(incoming);
  await settle();
  incoming.answer(options.answer);
  await settle();
  expect(call.status).toBe(C.STATUS_CONFIRMED);
  expect(incoming.status).toBe(C.STATUS_CONFIRMED);
  return { alice, bob, call, events, incoming, incomingEvents };
}

// ---------------------------------------------------------------------------------------------

describe("a call, both ends", () => {
  test("outgoing: direction, identities, data; progress on 180, started on 200 with the responses", async () => {
    const { alice, bob } = await startAgents();
    const { call, events, invitation } = await dial(alice, bob, { data: { id: 7 } });
    expect(call.direction).toBe("outgoing");
    expect(call.local_identity.uri.toString()).toBe("sip:alice@example.com");
    expect(call.local_identity.displayName).toBe("Alice");
    expect(call.remote_identity.uri.toString()).toBe("sip:bob@example.com");
    expect(call.data).toEqual({ id: 7 });
    expect(call.status).toBe(C.STATUS_INVITE_SENT);
    expect(call.isInProgress()).toBe(true);
    expect(call.start_time).toBeUndefined();
    expect(events).toEqual([]);

    const incoming = JsSIPSession.fromInvitation(invitation);
    await settle();
    expect(names(events)).toEqual(["progress"]);
    const progress = eventData(events, "progress");
    expect(progress.originator).toBe("remote");
    expect(progress.response.statusCode).toBe(180);
    expect(progress.response.reasonPhrase).toBe("Ringing");
    expect(call.status).toBe(C.STATUS_1XX_RECEIVED);

    incoming.answer();
    await settle();
    expect(names(events)).toEqual(["progress", "started"]);
    const started = eventData(events, "started");
    expect(started.originator).toBe("remote");
    expect(started.response.statusCode).toBe(200);
    expect(started.response.body).toBe(sdpOf("bob"));
    expect(call.start_time).toBeInstanceOf(Date);
    expect(call.status).toBe(C.STATUS_CONFIRMED);
    expect(call.isEstablished()).toBe(true);
    expect(call.isEnded()).toBe(false);
    expect(call.session.state).toBe(SessionState.Established);
    // The ACK went out.
    expect(network.find(/^ACK /, "alice")).toHaveLength(1);
  });

  test("incoming: rings (180 on the wire, progress local), answer() sends 200 with our answer, started local", async () => {
    const { alice, bob } = await startAgents();
    const { invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation, { data: "mine" });
    const events = record(incoming);
    expect(incoming.direction).toBe("incoming");
    expect(incoming.local_identity.uri.toString()).toBe("sip:bob@example.com");
    expect(incoming.remote_identity.uri.toString()).toBe("sip:alice@example.com");
    expect(incoming.remote_identity.displayName).toBe("Alice");
    expect(incoming.data).toBe("mine");
    incoming.data = { changed: true };
    expect(incoming.data).toEqual({ changed: true });
    expect(incoming.status).toBe(C.STATUS_WAITING_FOR_ANSWER);
    await settle();
    expect(network.find(/^SIP\/2\.0 180 /, "bob")).toHaveLength(1);
    expect(events).toEqual([["progress", { originator: "local", response: null }]]);

    incoming.answer({ extraHeaders: ["X-Answered-By: test"] });
    expect(incoming.status).toBe(C.STATUS_ANSWERED);
    expect(incoming.isEstablished()).toBe(true);
    await settle();
    const ok = network.find(/^SIP\/2\.0 200 /, "bob").find((t) => /INVITE/.test(header(t, "CSeq")));
    expect(header(ok, "X-Answered-By")).toBe("test");
    expect(bodyOf(ok)).toBe(sdpOf("bob"));
    expect(names(events)).toEqual(["progress", "started"]);
    expect(eventData(events, "started")).toEqual({ originator: "local", response: null });
    expect(incoming.start_time).toBeInstanceOf(Date);
    // bob's handler got alice's offer; the ACK arrived, so the call is confirmed.
    expect(bob.sdhs[0].calls.find((c) => c.method === "setDescription").sdp).toBe(sdpOf("alice"));
    expect(incoming.status).toBe(C.STATUS_CONFIRMED);
  });

  test("a UserAgent that rings by itself (sendInitialProvisionalResponse, its default): no second 180, progress local still", async () => {
    const { alice, bob } = await startAgents({ bob: { userAgentOptions: { sendInitialProvisionalResponse: true } } });
    const { events: callerEvents, invitation } = await dial(alice, bob);
    expect(network.find(/^SIP\/2\.0 180 /, "bob")).toHaveLength(1);
    expect(names(callerEvents)).toEqual(["progress"]);
    const incoming = JsSIPSession.fromInvitation(invitation);
    const events = record(incoming);
    await settle();
    expect(network.find(/^SIP\/2\.0 180 /, "bob")).toHaveLength(1);
    expect(events).toEqual([["progress", { originator: "local", response: null }]]);
    expect(incoming.status).toBe(C.STATUS_WAITING_FOR_ANSWER);
  });

  test("mediaConstraints reach the session description handler; JsSIP's default is audio and video", async () => {
    const { alice, bob } = await startAgents();
    JsSIPSession.call(alice.ua, "sip:bob@example.com", { mediaConstraints: { audio: true, video: false } });
    await settle();
    expect(alice.sdhs[0].calls[0].options.constraints).toEqual({ audio: true, video: false });
    JsSIPSession.fromInvitation(bob.invitations[0]).answer();
    await settle();
    expect(bob.sdhs[0].calls.find((c) => c.method === "setDescription").options.constraints).toEqual({ audio: true, video: true });
  });

  test("the target: a string with or without scheme and domain, or a URI; garbage throws TypeError", async () => {
    const { alice } = await startAgents();
    JsSIPSession.call(alice.ua, "bob");
    JsSIPSession.call(alice.ua, "bob@example.com");
    JsSIPSession.call(alice.ua, UserAgent.makeURI("sip:bob@example.com"));
    await settle();
    const ruris = network.find(/^INVITE /, "alice").map((t) => firstLine(t).split(" ")[1]);
    expect(ruris).toEqual(["sip:bob@example.com", "sip:bob@example.com", "sip:bob@example.com"]);
    expect(() => JsSIPSession.call(alice.ua, "")).toThrow(TypeError);
    expect(() => JsSIPSession.call(alice.ua, 42)).toThrow(/Invalid target/);
    expect(() => JsSIPSession.call(alice.ua, "sip:bob@exa mple.com")).toThrow(/Invalid target/);
    expect(() => JsSIPSession.call(alice.ua, "bob", { extraHeaders: "X: 1" })).toThrow(/extraHeaders/);
    expect(() => JsSIPSession.call(alice.ua, "bob", { eventHandlers: { started: 1 } })).toThrow(/eventHandlers\.started/);
    expect(() => JsSIPSession.call({}, "bob")).toThrow(/UserAgent/);
    expect(() => JsSIPSession.fromInvitation({})).toThrow(/Invitation/);
  });

  test("eventHandlers are attached before anything happens; once/off work", async () => {
    const { alice, bob } = await startAgents();
    const seen = [];
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com", {
      eventHandlers: { progress: (e) => seen.push(["handler", e.response.statusCode]) }
    });
    const onceListener = jest.fn();
    const offListener = jest.fn();
    call.once("progress", onceListener);
    call.on("progress", offListener);
    call.off("progress", offListener);
    await settle();
    const invitation = bob.invitations[0];
    await invitation.progress();
    await invitation.progress({ statusCode: 183 });
    await settle();
    expect(seen).toEqual([
      ["handler", 180],
      ["handler", 183]
    ]);
    expect(onceListener).toHaveBeenCalledTimes(1);
    expect(offListener).not.toHaveBeenCalled();
  });

  test("a listener that throws does not stop the other listeners nor the call (the error is logged)", async () => {
    const { alice, bob } = await startAgents();
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const after = jest.fn();
    call.on("started", () => {
      throw new Error("listener bug");
    });
    call.on("started", after);
    await settle();
    JsSIPSession.fromInvitation(bob.invitations[0]).answer();
    await settle();
    expect(after).toHaveBeenCalledTimes(1);
    expect(call.status).toBe(C.STATUS_CONFIRMED);
    expect(alice.logs.some((l) => /^error sip\.JsSIPSession .*"started" listener threw: Error: listener bug/.test(l))).toBe(true);
  });
});

describe("terminate()", () => {
  test("outgoing, no provisional response yet: no CANCEL until one arrives, then CANCEL; failed local Canceled once", async () => {
    const { alice, bob } = await startAgents();
    network.hold("bob"); // bob's responses wait
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const events = record(call);
    await settle();
    const incoming = JsSIPSession.fromInvitation(bob.invitations[0]);
    const incomingEvents = record(incoming);
    await settle();
    call.terminate();
    expect(call.status).toBe(C.STATUS_CANCELED);
    expect(call.isEnded()).toBe(true);
    expect(events).toEqual([["failed", { originator: "local", message: null, response: null, cause: causes.CANCELED }]]);
    await settle();
    expect(network.find(/^CANCEL /)).toEqual([]);

    network.release("bob");
    await settle();
    const cancels = network.find(/^CANCEL /, "alice");
    expect(cancels).toHaveLength(1);
    expect(header(cancels[0], "Reason")).toBeUndefined();
    expect(network.find(/^SIP\/2\.0 487 /, "bob")).toHaveLength(1);
    // No progress for a call we canceled, no second failed.
    expect(names(events)).toEqual(["failed"]);
    // bob: failed remote Canceled with the CANCEL request.
    const failed = eventData(incomingEvents, "failed");
    expect(failed.originator).toBe("remote");
    expect(failed.cause).toBe(causes.CANCELED);
    expect(failed.message.method).toBe("CANCEL");
    expect(failed.response).toBe(failed.message);
    expect(incoming.status).toBe(C.STATUS_TERMINATED);
    expect(() => call.terminate()).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", code: 2, status: C.STATUS_CANCELED }));
  });

  test("outgoing after 180: CANCEL at once, with a Reason header built from statusCode/reasonPhrase", async () => {
    const { alice, bob } = await startAgents();
    const { call, events, invitation } = await dial(alice, bob);
    JsSIPSession.fromInvitation(invitation);
    await settle();
    expect(call.status).toBe(C.STATUS_1XX_RECEIVED);
    call.terminate({ statusCode: 200, reasonPhrase: 'Call "completed" elsewhere', extraHeaders: ["X-Not: in a CANCEL"] });
    await settle();
    const cancel = network.find(/^CANCEL /, "alice")[0];
    expect(header(cancel, "Reason")).toBe('SIP ;cause=200 ;text="Call \\"completed\\" elsewhere"');
    expect(header(cancel, "X-Not")).toBeUndefined();
    expect(names(events)).toEqual(["progress", "failed"]);
    expect(eventData(events, "failed").cause).toBe(causes.CANCELED);
  });

  test("outgoing, JsSIP 3 spelling status_code: the Reason text defaults to the standard phrase", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    JsSIPSession.fromInvitation(invitation);
    await settle();
    call.terminate({ status_code: 603 });
    await settle();
    expect(header(network.find(/^CANCEL /, "alice")[0], "Reason")).toBe('SIP ;cause=603 ;text="Decline"');
  });

  test("outgoing before the INVITE left: it never leaves", async () => {
    const { alice } = await startAgents();
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const events = record(call);
    expect(call.status).toBe(C.STATUS_NULL);
    call.terminate();
    await settle();
    expect(network.find(/^INVITE /)).toEqual([]);
    expect(network.find(/^CANCEL /)).toEqual([]);
    expect(events).toEqual([["failed", { originator: "local", message: null, response: null, cause: causes.CANCELED }]]);
  });

  test("incoming, not answered: 480 by default; failed local Rejected here, remote Unavailable there", async () => {
    const { alice, bob } = await startAgents();
    const { call, events, invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    const incomingEvents = record(incoming);
    await settle();
    incoming.terminate();
    await settle();
    expect(network.find(/^SIP\/2\.0 480 Temporarily Unavailable/, "bob")).toHaveLength(1);
    expect(eventData(incomingEvents, "failed")).toEqual({ originator: "local", message: null, response: null, cause: causes.REJECTED });
    const failed = eventData(events, "failed");
    expect(failed.originator).toBe("remote");
    expect(failed.response.statusCode).toBe(480);
    expect(failed.cause).toBe(causes.UNAVAILABLE);
    expect(call.status).toBe(C.STATUS_TERMINATED);
  });

  test("incoming, not answered: 486 with reason phrase and extra headers; the caller fails with Busy", async () => {
    const { alice, bob } = await startAgents();
    const { events, invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    await settle();
    incoming.terminate({ statusCode: 486, reasonPhrase: "Not Now", extraHeaders: ["X-Why: busy"] });
    await settle();
    const busy = network.find(/^SIP\/2\.0 486 /, "bob")[0];
    expect(firstLine(busy)).toBe("SIP/2.0 486 Not Now");
    expect(header(busy, "X-Why")).toBe("busy");
    expect(eventData(events, "failed").cause).toBe(causes.BUSY);
  });

  test("answered: BYE (with a Reason when statusCode is given); ended local here, ended remote with the BYE there", async () => {
    const { call, events, incoming, incomingEvents } = await establish();
    call.terminate({ statusCode: 200, extraHeaders: ["X-Bye: 1"], cause: "My cause" });
    expect(call.status).toBe(C.STATUS_TERMINATED);
    await settle();
    const bye = network.find(/^BYE /, "alice")[0];
    expect(header(bye, "Reason")).toBe('SIP ;cause=200 ;text="OK"');
    expect(header(bye, "X-Bye")).toBe("1");
    expect(network.find(/^SIP\/2\.0 200 /, "bob").some((t) => /BYE/.test(header(t, "CSeq")))).toBe(true);
    expect(eventData(events, "ended")).toEqual({ originator: "local", message: null, response: null, cause: "My cause" });
    expect(call.end_time).toBeInstanceOf(Date);
    const ended = eventData(incomingEvents, "ended");
    expect(ended.originator).toBe("remote");
    expect(ended.cause).toBe(causes.BYE);
    expect(ended.message.method).toBe("BYE");
    expect(incoming.end_time).toBeInstanceOf(Date);
    expect(incoming.status).toBe(C.STATUS_TERMINATED);
    expect(names(incomingEvents)).toEqual(["progress", "started", "ended"]);
  });

  test("answered, the callee hangs up before the ACK arrived: the BYE waits for the ACK (RFC 3261 §15)", async () => {
    const { alice, bob } = await startAgents();
    const { events, invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    const incomingEvents = record(incoming);
    await settle();
    network.hold("alice");
    incoming.answer();
    await settle();
    expect(incoming.status).toBe(C.STATUS_WAITING_FOR_ACK);
    incoming.terminate();
    await settle();
    expect(network.find(/^BYE /)).toEqual([]);
    expect(eventData(incomingEvents, "ended")).toEqual({ originator: "local", message: null, response: null, cause: causes.BYE });
    network.release("alice");
    await settle();
    expect(network.find(/^BYE /, "bob")).toHaveLength(1);
    expect(names(events)).toEqual(["progress", "started", "ended"]);
    expect(eventData(events, "ended").originator).toBe("remote");
  });

  test("bad statusCodes throw TypeError and change nothing", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    await settle();
    expect(() => incoming.terminate({ statusCode: 200 })).toThrow(/Invalid statusCode: 200/);
    expect(() => incoming.terminate({ statusCode: 700 })).toThrow(TypeError);
    expect(() => call.terminate({ statusCode: 180 })).toThrow(/Invalid statusCode: 180/);
    expect(() => call.terminate({ statusCode: "486" })).toThrow(TypeError);
    expect(() => call.terminate({ statusCode: 486, reasonPhrase: "a\r\nX: y" })).toThrow(/reasonPhrase/);
    expect(() => incoming.terminate({ extraHeaders: ["X: 1\r\nY: 2"] })).toThrow(/extraHeaders/);
    await settle();
    expect(incoming.status).toBe(C.STATUS_WAITING_FOR_ANSWER);
    expect(call.status).toBe(C.STATUS_1XX_RECEIVED);
    expect(network.find(/^CANCEL /)).toEqual([]);
  });
});

describe("failures and endings the peer or the stack causes", () => {
  test.each([
    [404, causes.NOT_FOUND],
    [486, causes.BUSY],
    [600, causes.BUSY],
    [603, causes.REJECTED],
    [488, causes.INCOMPATIBLE_SDP],
    [410, causes.UNAVAILABLE],
    [484, causes.ADDRESS_INCOMPLETE],
    [500, causes.SIP_FAILURE_CODE],
    [302, causes.REDIRECTED]
  ])("a %i final response: failed remote, cause %s, with the response", async (code, cause) => {
    const { alice, bob } = await startAgents();
    const { call, events, invitation } = await dial(alice, bob);
    await invitation.reject({ statusCode: code });
    await settle();
    expect(names(events)).toEqual(["failed"]);
    const failed = eventData(events, "failed");
    expect(failed.originator).toBe("remote");
    expect(failed.cause).toBe(cause);
    expect(failed.response.statusCode).toBe(code);
    expect(failed.message).toBe(failed.response);
    expect(call.status).toBe(C.STATUS_TERMINATED);
    expect(call.end_time).toBeUndefined();
  });

  test("the peer hangs up: ended remote, cause Terminated, with the BYE", async () => {
    const { call, events, incoming } = await establish();
    incoming.session.bye();
    await settle();
    const ended = eventData(events, "ended");
    expect(ended.originator).toBe("remote");
    expect(ended.cause).toBe(causes.BYE);
    expect(ended.message.method).toBe("BYE");
    expect(call.status).toBe(C.STATUS_TERMINATED);
    expect(call.end_time.getTime()).toBeGreaterThanOrEqual(call.start_time.getTime());
  });

  test("no answer to the INVITE at all: failed remote, cause Request Timeout (after Timer B)", async () => {
    const { alice } = await startAgents();
    network.drop = (text) => /^INVITE /.test(text);
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const events = record(call);
    await settle();
    jest.advanceTimersByTime(31000);
    await settle();
    expect(events).toEqual([]);
    jest.advanceTimersByTime(2000);
    await settle();
    expect(names(events)).toEqual(["failed"]);
    expect(eventData(events, "failed").cause).toBe(causes.REQUEST_TIMEOUT);
  });

  test("the ACK never arrives: the callee ends the call, cause No ACK", async () => {
    const { alice, bob } = await startAgents();
    network.drop = (text) => /^ACK /.test(text);
    const { invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    const events = record(incoming);
    await settle();
    incoming.answer();
    await settle();
    expect(incoming.status).toBe(C.STATUS_WAITING_FOR_ACK);
    jest.advanceTimersByTime(33000);
    await settle();
    expect(eventData(events, "ended")).toEqual({ originator: "remote", message: null, response: null, cause: causes.NO_ACK });
    expect(network.find(/^BYE /, "bob")).toHaveLength(1);
  });

  test("the offer cannot be made: no INVITE, failed local (WebRTC Error, or User Denied Media Access)", async () => {
    const webrtc = new Error("createOffer failed");
    const denied = Object.assign(new Error("Permission denied"), { name: "NotAllowedError" });
    const errors = [webrtc, denied];
    const { alice } = await startAgents({ alice: { sdh: () => ({ getDescriptionError: errors.shift() }) } });
    const first = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const second = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    const events = [record(first), record(second)];
    await settle();
    expect(network.find(/^INVITE /)).toEqual([]);
    expect(events[0]).toEqual([["failed", { originator: "local", message: null, response: null, cause: causes.WEBRTC_ERROR }]]);
    expect(events[1]).toEqual([["failed", { originator: "local", message: null, response: null, cause: causes.USER_DENIED_MEDIA_ACCESS }]]);
    expect(first.status).toBe(C.STATUS_TERMINATED);
  });

  test("a 2xx whose answer cannot be used: ACK and BYE go out, failed remote Bad Media Description", async () => {
    const { alice, bob } = await startAgents({ alice: { sdh: { setDescriptionError: new Error("bad answer") } } });
    const { events, invitation } = await dial(alice, bob);
    await invitation.accept();
    await settle();
    expect(network.find(/^ACK /, "alice")).toHaveLength(1);
    expect(network.find(/^BYE /, "alice")).toHaveLength(1);
    expect(names(events)).toEqual(["failed"]);
    expect(eventData(events, "failed").cause).toBe(causes.BAD_MEDIA_DESCRIPTION);
    expect(eventData(events, "failed").response.statusCode).toBe(200);
  });

  test("the answer cannot be made: the callee rejects the INVITE, failed local WebRTC Error", async () => {
    const { alice, bob } = await startAgents({ bob: { sdh: { setDescriptionError: new Error("bad offer") } } });
    const { events, invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    const incomingEvents = record(incoming);
    await settle();
    incoming.answer();
    await settle();
    expect(eventData(incomingEvents, "failed")).toEqual({ originator: "local", message: null, response: null, cause: causes.WEBRTC_ERROR });
    expect(names(incomingEvents)).toEqual(["progress", "failed"]);
    // The Invitation turns a handler error that is not a SessionDescriptionHandlerError into 480, as sip.js does.
    expect(network.find(/^SIP\/2\.0 480 /, "bob")).toHaveLength(1);
    expect(eventData(events, "failed").cause).toBe(causes.UNAVAILABLE);
  });

  test("userAgent.stop() during an answered call: BYE, ended local on our side", async () => {
    const { alice, call, events, incomingEvents } = await establish();
    await alice.ua.stop();
    await settle();
    expect(network.find(/^BYE /, "alice")).toHaveLength(1);
    expect(eventData(events, "ended")).toEqual({ originator: "local", message: null, response: null, cause: causes.BYE });
    expect(eventData(incomingEvents, "ended").originator).toBe("remote");
    expect(call.isEnded()).toBe(true);
  });
});

describe("answer()", () => {
  test("INVALID_STATE_ERROR on an outgoing call, twice, and after the end", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    expect(() => call.answer()).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR" }));
    expect(() => call.answer()).toThrow(JsSIPSession.InvalidStateError);
    const incoming = JsSIPSession.fromInvitation(invitation);
    incoming.answer();
    expect(() => incoming.answer()).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_ANSWERED }));
    await settle();
    incoming.terminate();
    expect(() => incoming.answer()).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_TERMINATED }));
    expect(() => incoming.terminate()).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", message: `Invalid status: ${C.STATUS_TERMINATED}` }));
  });

  test("fromInvitation refuses an Invitation already answered", async () => {
    const { alice, bob } = await startAgents();
    const { invitation } = await dial(alice, bob);
    await invitation.accept();
    expect(() => JsSIPSession.fromInvitation(invitation)).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR" }));
  });

  test("mediaStream: the handler sends that stream instead of asking its media stream factory", async () => {
    const stream = new FakeStream([{ kind: "audio", id: "given" }]);
    const { alice, bob } = await startAgents({
      bob: {
        sdh: () => ({})
      }
    });
    const { invitation } = await dial(alice, bob);
    const incoming = JsSIPSession.fromInvitation(invitation);
    await settle();
    // A web-like handler: the description comes from getLocalMediaStream() first.
    const handlerCalls = [];
    bob.ua.configuration.sessionDescriptionHandlerFactory = () => {
      const sdh = new FakeSDH("bob");
      sdh.getLocalMediaStream = () => {
        handlerCalls.push("factory");
        return Promise.resolve();
      };
      sdh.setLocalMediaStream = (s) => {
        handlerCalls.push(s);
        sdh.localMediaStream = s;
        return Promise.resolve();
      };
      const setDescription = sdh.setDescription.bind(sdh);
      sdh.setDescription = (sdp, options) => sdh.getLocalMediaStream(options).then(() => setDescription(sdp, options));
      const getDescription = sdh.getDescription.bind(sdh);
      sdh.getDescription = (options) => sdh.getLocalMediaStream(options).then(() => getDescription(options));
      bob.sdhs.push(sdh);
      return sdh;
    };
    incoming.answer({ mediaStream: stream });
    await settle();
    expect(handlerCalls).toEqual([stream]);
    expect(incoming.status).toBe(C.STATUS_CONFIRMED);
  });
});

describe("sendDTMF()", () => {
  test("one INFO per tone, application/dtmf-relay, spaced by duration + interToneGap; newDTMF on both sides", async () => {
    const { call, events, incomingEvents } = await establish();
    const start = Date.now();
    const sent = () => network.find(/^INFO /, "alice");
    call.sendDTMF("1a#", { duration: 160, interToneGap: 1200, extraHeaders: ["X-Foo: foo", "X-Bar: bar"] });
    await settle();
    expect(sent()).toHaveLength(1);
    const first = sent()[0];
    expect(header(first, "Content-Type")).toBe("application/dtmf-relay");
    expect(header(first, "X-Foo")).toBe("foo");
    expect(header(first, "X-Bar")).toBe("bar");
    expect(bodyOf(first)).toBe("Signal=1\r\nDuration=160");
    jest.advanceTimersByTime(1359);
    await settle();
    expect(sent()).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await settle();
    expect(sent()).toHaveLength(2);
    expect(bodyOf(sent()[1])).toBe("Signal=A\r\nDuration=160");
    jest.advanceTimersByTime(1360);
    await settle();
    expect(sent().map(bodyOf)).toEqual(["Signal=1\r\nDuration=160", "Signal=A\r\nDuration=160", "Signal=#\r\nDuration=160"]);
    expect(Date.now() - start).toBe(2720);
    jest.advanceTimersByTime(10000);
    await settle();
    expect(sent()).toHaveLength(3);

    const local = events.filter(([n]) => n === "newDTMF").map(([, d]) => d);
    expect(local.map((d) => [d.originator, d.dtmf.direction, d.dtmf.tone, d.dtmf.duration])).toEqual([
      ["local", "outgoing", "1", 160],
      ["local", "outgoing", "A", 160],
      ["local", "outgoing", "#", 160]
    ]);
    expect(local[0].request.method).toBe("INFO");
    const remote = incomingEvents.filter(([n]) => n === "newDTMF").map(([, d]) => d);
    expect(remote.map((d) => [d.originator, d.dtmf.direction, d.dtmf.tone, d.dtmf.duration])).toEqual([
      ["remote", "incoming", "1", 160],
      ["remote", "incoming", "A", 160],
      ["remote", "incoming", "#", 160]
    ]);
    expect(remote[0].request.method).toBe("INFO");
    expect(remote[0].request.getHeader("X-Foo")).toBe("foo");
    // Each INFO was answered 200, and the tone said so.
    expect(network.find(/^SIP\/2\.0 200 /, "bob").filter((t) => /INFO/.test(header(t, "CSeq")))).toHaveLength(3);
  });

  test("JsSIP's defaults (100 ms, 500 ms gap), a number as tones, ',' pauses 2 s, tones queue behind running ones", async () => {
    const { call } = await establish();
    const sent = () => network.find(/^INFO /, "alice").map(bodyOf);
    call.sendDTMF(4);
    call.sendDTMF("5,6");
    await settle();
    expect(sent()).toEqual(["Signal=4\r\nDuration=100"]);
    jest.advanceTimersByTime(600);
    await settle();
    expect(sent()).toHaveLength(2);
    expect(sent()[1]).toBe("Signal=5\r\nDuration=100");
    jest.advanceTimersByTime(600); // the "," now
    await settle();
    expect(sent()).toHaveLength(2);
    jest.advanceTimersByTime(1999);
    await settle();
    expect(sent()).toHaveLength(2);
    jest.advanceTimersByTime(1);
    await settle();
    expect(sent()[2]).toBe("Signal=6\r\nDuration=100");
  });

  test("durations are clamped to 70..6000 ms and the gap to at least 50 ms, as JsSIP does", async () => {
    const { call } = await establish();
    const sent = () => network.find(/^INFO /, "alice").map(bodyOf);
    call.sendDTMF("12", { duration: 10, interToneGap: 1 });
    await settle();
    expect(sent()).toEqual(["Signal=1\r\nDuration=70"]);
    jest.advanceTimersByTime(119);
    await settle();
    expect(sent()).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await settle();
    expect(sent()).toHaveLength(2);
    jest.advanceTimersByTime(1000);
    await settle();
    call.sendDTMF("3", { duration: "9000" });
    await settle();
    expect(sent()[2]).toBe("Signal=3\r\nDuration=6000");
  });

  test("invalid tones and options throw TypeError; nothing is sent", async () => {
    const { call } = await establish();
    expect(() => call.sendDTMF()).toThrow(/Not enough arguments/);
    expect(() => call.sendDTMF("")).toThrow(/Invalid tones/);
    expect(() => call.sendDTMF("12x")).toThrow(/Invalid tones: 12x/);
    expect(() => call.sendDTMF({})).toThrow(TypeError);
    expect(() => call.sendDTMF("1", { duration: 100.5 })).toThrow(/Invalid tone duration/);
    expect(() => call.sendDTMF("1", { duration: "abc" })).toThrow(/Invalid tone duration/);
    expect(() => call.sendDTMF("1", { interToneGap: "x" })).toThrow(/Invalid interToneGap/);
    expect(() => call.sendDTMF("1", { extraHeaders: "X: 1" })).toThrow(/extraHeaders/);
    await settle();
    expect(network.find(/^INFO /)).toEqual([]);
  });

  test("INVALID_STATE_ERROR before the call is answered and after it ended; a hang-up stops queued tones", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    expect(() => call.sendDTMF("1")).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_INVITE_SENT }));
    const incoming = JsSIPSession.fromInvitation(invitation);
    expect(() => incoming.sendDTMF("1")).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_WAITING_FOR_ANSWER }));
    await settle();
    expect(() => call.sendDTMF("1")).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_1XX_RECEIVED }));
    incoming.answer();
    await settle();
    call.sendDTMF("123");
    await settle();
    call.terminate();
    jest.advanceTimersByTime(5000);
    await settle();
    expect(network.find(/^INFO /)).toHaveLength(1);
    expect(() => call.sendDTMF("1")).toThrow(expect.objectContaining({ name: "INVALID_STATE_ERROR", status: C.STATUS_TERMINATED }));
  });

  test("a peer that refuses an INFO: that tone fails (with the response), the queued ones are dropped", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    invitation.delegate = { onInfo: (info) => info.reject({ statusCode: 415 }) };
    await invitation.accept();
    await settle();
    call.sendDTMF("123");
    const local = [];
    call.on("newDTMF", (e) => {
      local.push(e.dtmf.tone);
      e.dtmf.on("failed", (f) => local.push(["failed", f.originator, f.response.statusCode]));
    });
    await settle();
    jest.advanceTimersByTime(5000);
    await settle();
    expect(network.find(/^INFO /)).toHaveLength(1);
    expect(local).toEqual(["1", ["failed", "remote", 415]]);
  });

  test("received INFOs: 200 always; newDTMF only for a valid tone (default duration 100); other INFOs go to the app", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    const appInfos = [];
    invitation.delegate = { onInfo: (info) => (appInfos.push(info.request.body), info.accept()) };
    const incoming = JsSIPSession.fromInvitation(invitation);
    const events = record(incoming);
    incoming.answer();
    await settle();
    const send = (contentType, content) =>
      call.session.info({ requestOptions: { body: { contentDisposition: "render", contentType, content } } });
    await send("application/dtmf-relay", "Signal= 9\r\n");
    await send("application/dtmf-relay", "Signal=x\r\nDuration=100");
    await send("application/dtmf-relay", "signal=*\nduration=250\n");
    await send("application/json", '{"hello":1}');
    await settle();
    const dtmf = events.filter(([n]) => n === "newDTMF").map(([, d]) => [d.dtmf.tone, d.dtmf.duration]);
    expect(dtmf).toEqual([
      ["9", 100],
      ["*", 250]
    ]);
    expect(appInfos).toEqual(['{"hello":1}']);
    expect(network.find(/^SIP\/2\.0 200 /, "bob").filter((t) => /INFO/.test(header(t, "CSeq")))).toHaveLength(4);
  });
});

describe("getLocalStreams() / getRemoteStreams()", () => {
  test("empty before media, the handler's streams during the call, empty once it ended", async () => {
    const { alice, bob } = await startAgents();
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    expect(call.getLocalStreams()).toEqual([]);
    expect(call.getRemoteStreams()).toEqual([]);
    await settle();
    // The offer is made: we send, we do not receive yet.
    expect(call.getLocalStreams()).toEqual([alice.sdhs[0].localMediaStream]);
    expect(call.getRemoteStreams()).toEqual([]);
    expect(call.connection).toBe(alice.sdhs[0].peerConnection);
    const incoming = JsSIPSession.fromInvitation(bob.invitations[0]);
    incoming.answer();
    await settle();
    expect(call.getRemoteStreams()).toEqual([alice.sdhs[0].remoteMediaStream]);
    expect(call.getRemoteStreams()[0].getTracks()[0].id).toBe("alice-remote");
    expect(incoming.getLocalStreams()[0].getTracks()[0].id).toBe("bob-mic");
    expect(incoming.getRemoteStreams()[0].getTracks()[0].id).toBe("bob-remote");
    call.terminate();
    expect(call.getLocalStreams()).toEqual([]);
    expect(call.getRemoteStreams()).toEqual([]);
  });

  test("a handler without the web handler's streams: its peer connection's legacy getLocalStreams/getRemoteStreams", async () => {
    const local = new FakeStream([{ kind: "audio" }]);
    const remote = new FakeStream([{ kind: "video" }]);
    const { alice } = await startAgents();
    alice.ua.configuration.sessionDescriptionHandlerFactory = () => {
      const sdh = new FakeSDH("alice");
      delete sdh.localMediaStream;
      delete sdh.remoteMediaStream;
      sdh.peerConnection = { getLocalStreams: () => [local], getRemoteStreams: () => [remote] };
      return sdh;
    };
    const call = JsSIPSession.call(alice.ua, "sip:bob@example.com");
    await settle();
    expect(call.getLocalStreams()).toEqual([local]);
    expect(call.getRemoteStreams()).toEqual([remote]);
  });
});

describe("the session's own delegate", () => {
  test("the application's delegate keeps ACK, BYE and other requests (MESSAGE); ours sees them too", async () => {
    const { alice, bob } = await startAgents();
    const { call, invitation } = await dial(alice, bob);
    const seen = [];
    invitation.delegate = {
      onAck: () => seen.push("ack"),
      onBye: (bye) => {
        seen.push("bye");
        bye.accept();
      },
      onMessage: (message) => {
        seen.push("message");
        message.accept();
      }
    };
    const incoming = JsSIPSession.fromInvitation(invitation);
    const events = record(incoming);
    incoming.answer();
    await settle();
    await call.session.message({ requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content: "hi" } } });
    await settle();
    call.terminate();
    await settle();
    expect(seen).toEqual(["ack", "message", "bye"]);
    expect(eventData(events, "ended").message.method).toBe("BYE");
    expect(network.find(/^SIP\/2\.0 200 /, "bob").filter((t) => /BYE|MESSAGE/.test(header(t, "CSeq")))).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

test("the TypeScript declarations: JsSIP-style code compiles against Web.JsSIPSession", () => {
  const lib = path.join(root, "lib").split(path.sep).join("/");
  const source = `
import { UserAgent, Invitation, Web } from "${lib}/index.js";
declare const ua: UserAgent;
declare const invitation: Invitation;
const call: Web.JsSIPSession = Web.JsSIPSession.call(ua, "sip:bob@example.com", {
  mediaConstraints: { audio: true, video: false },
  extraHeaders: ["X-A: 1"],
  eventHandlers: { failed: (e) => console.log(e.cause) },
});
call.on("progress", (e) => console.log(e.originator, e.response?.statusCode));
call.on("started", () => call.sendDTMF("1234#", { duration: 160, interToneGap: 1200, extraHeaders: ["X-Foo: foo"] }));
call.once("ended", (e) => console.log(e.cause, call.end_time?.getTime()));
call.on("newDTMF", (e) => console.log(e.dtmf.tone, e.dtmf.duration, e.request.method));
const incoming = Web.JsSIPSession.fromInvitation(invitation, { data: { n: 1 } });
incoming.answer({ mediaConstraints: { audio: true, video: false }, extraHeaders: [] });
incoming.terminate({ statusCode: 486, reasonPhrase: "Busy Here" });
const who: string = call.remote_identity.uri.toString() + call.local_identity.displayName + call.direction;
const streams: Array<MediaStream> = call.getLocalStreams().concat(call.getRemoteStreams());
const started: Date | undefined = call.start_time;
call.data.anything = 1;
const confirmed: boolean = call.status === Web.JsSIPSession.C.STATUS_CONFIRMED;
const busy: string = Web.JsSIPSession.causes.BUSY;
try { call.answer(); } catch (e) { if (e instanceof Web.JsSIPSession.InvalidStateError) console.log(e.status, e.name); }
export {};
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipwasm-jssip-types-"));
  let output = "";
  try {
    fs.writeFileSync(path.join(dir, "use.ts"), source);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "es2020", "--module", "node16", "--moduleResolution", "node16", "--skipLibCheck", "false", path.join(dir, "use.ts")], {
      encoding: "utf8",
      cwd: dir,
      timeout: 120000
    });
  } catch (e) {
    output = String(e.stdout || "") + String(e.stderr || "");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(output).toBe("");
}, 120000);
