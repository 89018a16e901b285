// Web.SessionManager under Node: user agents wired together by an in-memory SIP network, with fake
// session description handlers (tests/js/web-session-manager-harness.js). Calls, answers, hold
// and unhold, mute, DTMF over INFO (and through the SDH), MESSAGE, blind transfer, hang-up,
// CANCEL and decline; the delegate methods in sip.js 0.21.2's order; the errors for calls made in
// the wrong state; registration, reconnection and the browser hooks.
import { jest } from "@jest/globals";
import { Invitation, Inviter, RequestPendingError, SessionState, UserAgent, UserAgentState, Web } from "../../lib/index.js";
import { DOMAIN, InMemoryNetwork, InMemoryTransport, headerOf, until, userAgentOptionsFor, userOf } from "./web-session-manager-harness.js";

const DELEGATE_METHODS = [
  "onCallAnswered",
  "onCallCreated",
  "onCallReceived",
  "onCallHangup",
  "onCallHold",
  "onCallDTMFReceived",
  "onMessageReceived",
  "onNotificationReceived",
  "onRegistered",
  "onUnregistered",
  "onServerConnect",
  "onServerDisconnect"
];

const managers = [];

/**
 * A SessionManager for `user` on `network` whose delegate records every call in `phone.events`
 * as [name, ...args]; `phone.on.<name>` can add behaviour (e.g. answering in onCallReceived).
 */
function makePhone(network, user, { options = {}, userAgentOptions = {} } = {}) {
  const phone = { user, events: [], on: {} };
  const delegate = {};
  for (const name of DELEGATE_METHODS) {
    delegate[name] = (...args) => {
      phone.events.push([name, ...args]);
      if (phone.on[name]) phone.on[name](...args);
    };
  }
  phone.manager = new Web.SessionManager("ws://unused.invalid", {
    aor: `sip:${user}@${DOMAIN}`,
    delegate,
    // A registration lost with the connection is retried after 1-2x this (sip.js: 3 s).
    registrationRetryInterval: 0.05,
    ...options,
    userAgentOptions: userAgentOptionsFor(network, user, userAgentOptions)
  });
  managers.push(phone.manager);
  phone.names = () => phone.events.map(([name]) => name);
  phone.transport = () => phone.manager.userAgent.transport;
  phone.sdhs = () => phone.manager.userAgent.configuration.sessionDescriptionHandlerFactory.made;
  phone.session = () => (phone.manager.managedSessions[0] || {}).session;
  return phone;
}

async function connectAndRegister(...phones) {
  for (const phone of phones) {
    await phone.manager.connect();
    await phone.manager.register();
  }
  await until(() => phones.every((p) => p.names().includes("onRegistered")), "registration");
}

/** alice calls bob, bob answers in onCallReceived; resolves once both are established. */
async function establishCall(alice, bob) {
  bob.on.onCallReceived = (session) => bob.manager.answer(session);
  const inviter = await alice.manager.call(`sip:${bob.user}@${DOMAIN}`);
  await until(() => alice.names().includes("onCallAnswered") && bob.names().includes("onCallAnswered"), "the call to be answered");
  return { inviter, invitation: bob.session() };
}

afterEach(async () => {
  for (const manager of managers.splice(0)) {
    if (manager.userAgent.state !== UserAgentState.Stopped) await manager.disconnect().catch(() => undefined);
  }
});

describe("construction", () => {
  test("the user agent gets the AOR as its URI, the server as transportOptions and the web transport by default", () => {
    const manager = new Web.SessionManager("ws://127.0.0.1:1/sip", {
      aor: "sip:carol@sipwasm.test",
      autoStop: false,
      userAgentOptions: { logBuiltinEnabled: false }
    });
    expect(manager.userAgent).toBeInstanceOf(UserAgent);
    expect(manager.userAgent.configuration.uri.toString()).toBe("sip:carol@sipwasm.test");
    expect(manager.userAgent.configuration.transportOptions).toEqual({ server: "ws://127.0.0.1:1/sip" });
    expect(manager.userAgent.transport).toBeInstanceOf(Web.Transport);
    expect(manager.managedSessions).toEqual([]);
    expect(manager.delegate).toBeUndefined();
    expect(manager.isConnected()).toBe(false);
  });

  test("userAgentOptions win over the server argument, and an AOR that is not a URI is refused", () => {
    const network = new InMemoryNetwork();
    const phone = makePhone(network, "dave");
    expect(phone.transport()).toBeInstanceOf(InMemoryTransport);
    expect(() => new Web.SessionManager("ws://x.invalid", { aor: "not a uri" })).toThrow("Failed to create valid URI from not a uri");
  });

  test("defaultManagedSessionFactory makes a record neither held nor muted", () => {
    const session = { id: "s1" };
    expect(Web.defaultManagedSessionFactory()(undefined, session)).toEqual({ session, held: false, muted: false });
  });
});

describe("connection and registration", () => {
  test("connect() starts the user agent (onServerConnect), register() sends REGISTER (onRegistered)", async () => {
    const network = new InMemoryNetwork();
    const alice = makePhone(network, "alice");
    await alice.manager.connect();
    expect(alice.manager.userAgent.state).toBe(UserAgentState.Started);
    expect(alice.manager.isConnected()).toBe(true);
    expect(alice.names()).toEqual(["onServerConnect"]);
    await alice.manager.register();
    await until(() => alice.names().includes("onRegistered"), "onRegistered");
    expect(alice.names()).toEqual(["onServerConnect", "onRegistered"]);
    expect(network.messages({ method: "REGISTER" })).toHaveLength(1);

    await alice.manager.unregister();
    await until(() => alice.names().includes("onUnregistered"), "onUnregistered");
    const registers = network.messages({ method: "REGISTER" });
    expect(registers).toHaveLength(2);
    expect(registers[1].text).toMatch(/\r\nExpires: 0\r\n|;expires=0/i);

    await alice.manager.disconnect();
    expect(alice.manager.userAgent.state).toBe(UserAgentState.Stopped);
    expect(alice.names().slice(-1)).toEqual(["onServerDisconnect"]);
    expect(alice.events.slice(-1)[0][1]).toBeUndefined(); // asked for: no error
    await alice.manager.disconnect(); // already stopped: nothing to do
  });

  test("register() before connect() registers once connected", async () => {
    const network = new InMemoryNetwork();
    const alice = makePhone(network, "alice");
    await alice.manager.register(); // not connected: nothing sent yet
    expect(network.messages({ method: "REGISTER" })).toHaveLength(0);
    await alice.manager.connect();
    await until(() => alice.names().includes("onRegistered"), "onRegistered");
    expect(alice.names()).toEqual(["onServerConnect", "onRegistered"]);
  });

  test("registrationRetry: a rejected REGISTER is sent again after registrationRetryInterval, the app's onReject first", async () => {
    const network = new InMemoryNetwork();
    network.registerResponder = (_text, count) => (count === 1 ? 403 : 200);
    const rejected = [];
    const alice = makePhone(network, "alice", {
      options: {
        registrationRetry: true,
        registrationRetryInterval: 0.02,
        registererRegisterOptions: { requestDelegate: { onReject: (response) => rejected.push(response.message.statusCode) } }
      }
    });
    await alice.manager.connect();
    await alice.manager.register();
    await until(() => alice.names().includes("onRegistered"), "the retried registration", 5000);
    expect(rejected).toEqual([403]);
    expect(network.messages({ method: "REGISTER" })).toHaveLength(2);
    expect(network.messages({ status: 403 })).toHaveLength(1);
  });

  test("registerGuard resolving true holds the REGISTER back", async () => {
    const network = new InMemoryNetwork();
    let guarded = 0;
    const alice = makePhone(network, "alice", {
      options: {
        registerGuard: () => {
          guarded += 1;
          return Promise.resolve(true);
        }
      }
    });
    await alice.manager.connect();
    await alice.manager.register();
    expect(guarded).toBe(1);
    expect(network.messages({ method: "REGISTER" })).toHaveLength(0);
  });

  test("a connection the server drops: onServerDisconnect(error), the sessions are disposed, then it reconnects and registers again", async () => {
    const network = new InMemoryNetwork();
    const alice = makePhone(network, "alice");
    const bob = makePhone(network, "bob");
    await connectAndRegister(alice, bob);
    await establishCall(alice, bob);
    const connectsBefore = alice.transport().connectCalls;

    network.drop("alice");
    await until(() => alice.names().includes("onCallHangup"), "the session to be disposed");
    const disconnect = alice.events.find(([name]) => name === "onServerDisconnect");
    expect(disconnect[1]).toBeInstanceOf(Error);
    expect(alice.manager.managedSessions).toEqual([]);

    await until(() => alice.names().filter((n) => n === "onServerConnect").length === 2, "the reconnection");
    expect(alice.transport().connectCalls).toBe(connectsBefore + 1);
    await until(() => alice.names().filter((n) => n === "onRegistered").length === 2, "the new registration");
    expect(alice.names()).toEqual([
      "onServerConnect",
      "onRegistered",
      "onCallCreated",
      "onCallAnswered",
      "onServerDisconnect",
      "onCallHangup",
      "onUnregistered", // the disposed registerer; its retry timer registers the new one
      "onServerConnect",
      "onRegistered"
    ]);
  });

  test("reconnection gives up after reconnectionAttempts failed attempts, reconnectionDelay apart", async () => {
    const network = new InMemoryNetwork();
    const alice = makePhone(network, "alice", { options: { reconnectionAttempts: 2, reconnectionDelay: 0.02 } });
    await alice.manager.connect();
    alice.transport().refuseConnections = 5;
    const connectsBefore = alice.transport().connectCalls;
    network.drop("alice");
    await until(() => alice.transport().connectCalls === connectsBefore + 2, "two reconnection attempts");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alice.transport().connectCalls).toBe(connectsBefore + 2);
    expect(alice.manager.isConnected()).toBe(false);
  });

  test("optionsPingInterval: OPTIONS to the AOR's domain while connected; a 503 drops the transport, which reconnects", async () => {
    const network = new InMemoryNetwork();
    // 1 s is the shortest interval SessionManager takes.
    const alice = makePhone(network, "alice", { options: { optionsPingInterval: 1 } });
    await alice.manager.connect();
    await until(() => network.messages({ method: "OPTIONS" }).length === 1, "the first ping");
    const ping = network.messages({ method: "OPTIONS" })[0];
    expect(ping.text.split("\r\n", 1)[0]).toBe(`OPTIONS sip:${DOMAIN} SIP/2.0`);
    expect(userOf(headerOf(ping.text, "To"))).toBe("alice");
    expect(alice.names()).toEqual(["onServerConnect"]);

    network.optionsResponder = () => 503;
    await until(() => alice.names().includes("onServerDisconnect"), "the disconnect after a failed ping");
    expect(network.messages({ method: "OPTIONS" })).toHaveLength(2);
    // The failed ping counts as a lost connection: reconnect.
    network.optionsResponder = () => 200;
    await until(() => alice.names().filter((n) => n === "onServerConnect").length === 2, "the reconnection");
    const pings = network.messages({ method: "OPTIONS" }).length;
    await until(() => network.messages({ method: "OPTIONS" }).length > pings, "pings again");

    // disconnect() stops the pings.
    await alice.manager.disconnect();
    const total = network.messages({ method: "OPTIONS" }).length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(network.messages({ method: "OPTIONS" })).toHaveLength(total);
  }, 15000);

  test("in a page: the window's online event reconnects, beforeunload stops the user agent (autoStop)", async () => {
    const page = new EventTarget();
    globalThis.window = page;
    try {
      const network = new InMemoryNetwork();
      const alice = makePhone(network, "alice");
      const carol = makePhone(network, "carol", { options: { autoStop: false } });
      await alice.manager.connect();
      await carol.manager.connect();
      await alice.transport().disconnect();
      expect(alice.manager.isConnected()).toBe(false);
      page.dispatchEvent(new Event("online"));
      await until(() => alice.manager.isConnected(), "the reconnection on online");
      page.dispatchEvent(new Event("beforeunload"));
      await until(() => alice.manager.userAgent.state === UserAgentState.Stopped, "the stop on beforeunload");
      expect(carol.manager.userAgent.state).toBe(UserAgentState.Started);
    } finally {
      delete globalThis.window;
    }
  });
});

describe("a call between two session managers", () => {
  let network;
  let alice;
  let bob;

  beforeEach(async () => {
    network = new InMemoryNetwork();
    alice = makePhone(network, "alice");
    bob = makePhone(network, "bob");
    await connectAndRegister(alice, bob);
    alice.events.length = 0;
    bob.events.length = 0;
  });

  test("call and answer: the delegate methods in sip.js's order, with our media constraints", async () => {
    const received = [];
    bob.on.onCallReceived = (session) => {
      received.push(session);
      // Managed before the application hears of it.
      expect(bob.manager.managedSessions.map((m) => m.session)).toEqual([session]);
    };
    const calling = alice.manager.call(`sip:bob@${DOMAIN}`);
    // The Inviter is managed (onCallCreated) before its INVITE goes out.
    expect(alice.names()).toEqual(["onCallCreated"]);
    const inviter = await calling;
    expect(inviter).toBeInstanceOf(Inviter);
    expect(alice.events[0][1]).toBe(inviter);
    expect(alice.manager.managedSessions).toEqual([{ session: inviter, held: false, muted: false }]);

    await until(() => received.length === 1, "the INVITE at bob");
    const invitation = received[0];
    expect(invitation).toBeInstanceOf(Invitation);
    expect(bob.names()).toEqual(["onCallCreated", "onCallReceived"]);
    expect(bob.events[0][1]).toBe(invitation);

    await bob.manager.answer(invitation);
    await until(() => alice.names().includes("onCallAnswered") && bob.names().includes("onCallAnswered"), "both established");
    expect(alice.names()).toEqual(["onCallCreated", "onCallAnswered"]);
    expect(bob.names()).toEqual(["onCallCreated", "onCallReceived", "onCallAnswered"]);
    expect(inviter.state).toBe(SessionState.Established);
    expect(invitation.state).toBe(SessionState.Established);
    // Both SDHs were asked for audio only (SessionManager's default constraints).
    expect(alice.sdhs()[0].descriptionOptions[0].constraints).toEqual({ audio: true, video: false });
    expect(bob.sdhs()[0].descriptionOptions.map((o) => o.constraints)).toContainEqual({ audio: true, video: false });
    expect(alice.manager.getLocalMediaStream(inviter)).toBe(alice.sdhs()[0].localMediaStream);
    expect(alice.manager.getRemoteAudioTrack(inviter).kind).toBe("audio");
    expect(alice.manager.getLocalVideoTrack(inviter)).toBeUndefined();
  });

  test("media.constraints and media elements: streams attached on Established, detached on hang-up", async () => {
    const element = () => ({ srcObject: undefined, volume: 1, autoplay: false, played: 0, paused: 0, loaded: 0,
      play() { this.played += 1; return Promise.resolve(); }, pause() { this.paused += 1; }, load() { this.loaded += 1; } });
    const local = { video: element() };
    const remote = { audio: element() };
    const carol = makePhone(network, "carol", { options: { media: { constraints: { audio: true, video: true }, local, remote: () => remote } } });
    await connectAndRegister(carol);
    const { inviter } = await establishCall(carol, bob);
    expect(carol.sdhs()[0].descriptionOptions[0].constraints).toEqual({ audio: true, video: true });
    expect(local.video.srcObject).toBe(carol.sdhs()[0].localMediaStream);
    expect(local.video.volume).toBe(0);
    expect(remote.audio.srcObject).toBe(carol.sdhs()[0].remoteMediaStream);
    expect(remote.audio.autoplay).toBe(true);
    expect([local.video.played, remote.audio.played]).toEqual([1, 1]);
    carol.sdhs()[0].remoteMediaStream.onaddtrack();
    expect([remote.audio.loaded, remote.audio.played]).toEqual([1, 2]);

    await carol.manager.hangup(inviter);
    await until(() => carol.names().includes("onCallHangup"), "onCallHangup");
    expect(local.video.srcObject).toBeNull();
    expect(remote.audio.srcObject).toBeNull();
    expect([local.video.paused, remote.audio.paused]).toEqual([1, 1]);
  });

  test("hold and unhold: held at once, a sendonly re-INVITE, onCallHold once accepted, tracks follow", async () => {
    const { inviter, invitation } = await establishCall(alice, bob);
    const sdh = alice.sdhs()[0];
    const holding = alice.manager.hold(inviter);
    expect(alice.manager.isHeld(inviter)).toBe(true); // optimistic
    await holding;
    expect(alice.names()).not.toContain("onCallHold"); // sent, not yet answered
    await until(() => alice.names().includes("onCallHold"), "onCallHold");
    expect(alice.events.find(([n]) => n === "onCallHold")).toEqual(["onCallHold", inviter, true]);
    expect(sdh.senderEnabled).toBe(false);
    expect(sdh.receiverEnabled).toBe(false);
    const reInvites = network.messages({ method: "INVITE", from: "alice" });
    expect(reInvites).toHaveLength(2);
    expect(reInvites[1].body).toMatch(/a=sendonly/);
    expect(bob.sdhs()[0].remoteDescriptions.slice(-1)[0]).toMatch(/a=sendonly/);
    expect(bob.names()).not.toContain("onCallHold"); // the held party is not told

    // Already held: nothing is sent.
    await alice.manager.hold(inviter);
    expect(network.messages({ method: "INVITE", from: "alice" })).toHaveLength(2);

    await alice.manager.unhold(inviter);
    await until(() => alice.events.filter(([n]) => n === "onCallHold").length === 2, "the second onCallHold");
    expect(alice.events.filter(([n]) => n === "onCallHold").map(([, , held]) => held)).toEqual([true, false]);
    expect(alice.manager.isHeld(inviter)).toBe(false);
    expect(sdh.senderEnabled).toBe(true);
    expect(sdh.receiverEnabled).toBe(true);
    expect(network.messages({ method: "INVITE", from: "alice" })[2].body).toMatch(/a=sendrecv/);

    // The callee can hold too, once the ACK of the last re-INVITE reached it (until then sip.js
    // refuses a re-INVITE of its own).
    await until(() => network.messages({ method: "ACK" }).length === 3, "the ACKs");
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bob.manager.hold(invitation);
    await until(() => bob.names().includes("onCallHold"), "bob's onCallHold");
    expect(bob.manager.isHeld(invitation)).toBe(true);
  });

  test("a hold the peer refuses: held reverts and onCallHold tells so", async () => {
    const { inviter } = await establishCall(alice, bob);
    alice.sdhs()[0].refuseNextOffer = true; // bob's SDH refuses this offer: 488
    await alice.manager.hold(inviter);
    await until(() => alice.names().includes("onCallHold"), "onCallHold");
    expect(alice.events.find(([n]) => n === "onCallHold")).toEqual(["onCallHold", inviter, false]);
    expect(alice.manager.isHeld(inviter)).toBe(false);
    expect(network.messages({ status: 488, cseqMethod: "INVITE" })).toHaveLength(1);
    expect(inviter.state).toBe(SessionState.Established);
  });

  test("a second hold while the first re-INVITE is pending rejects with RequestPendingError and is undone", async () => {
    const { inviter } = await establishCall(alice, bob);
    const first = alice.manager.hold(inviter);
    const second = alice.manager.unhold(inviter);
    await first;
    await expect(second).rejects.toBeInstanceOf(RequestPendingError);
    expect(alice.manager.isHeld(inviter)).toBe(true); // the first one's value stays
    await until(() => alice.names().includes("onCallHold"), "onCallHold");
    expect(alice.events.filter(([n]) => n === "onCallHold")).toEqual([["onCallHold", inviter, true]]);
  });

  test("mute and unmute disable and enable the local tracks of an established call", async () => {
    const { inviter } = await establishCall(alice, bob);
    const sdh = alice.sdhs()[0];
    alice.manager.mute(inviter);
    expect(alice.manager.isMuted(inviter)).toBe(true);
    expect(sdh.senderEnabled).toBe(false);
    expect(sdh.receiverEnabled).toBe(true);
    alice.manager.unmute(inviter);
    expect(alice.manager.isMuted(inviter)).toBe(false);
    expect(sdh.senderEnabled).toBe(true);
    // Muted and held: unhold keeps the sender disabled.
    alice.manager.mute(inviter);
    await alice.manager.hold(inviter);
    await until(() => alice.names().includes("onCallHold"), "onCallHold");
    await alice.manager.unhold(inviter);
    await until(() => alice.names().filter((n) => n === "onCallHold").length === 2, "onCallHold twice");
    expect(sdh.receiverEnabled).toBe(true);
    expect(sdh.senderEnabled).toBe(false);
  });

  test("DTMF: an INFO with application/dtmf-relay, reported to the peer's onCallDTMFReceived after its 200", async () => {
    const { inviter, invitation } = await establishCall(alice, bob);
    for (const tone of ["5", "#", "A"]) await alice.manager.sendDTMF(inviter, tone);
    await until(() => bob.names().filter((n) => n === "onCallDTMFReceived").length === 3, "three tones at bob");
    expect(bob.events.filter(([n]) => n === "onCallDTMFReceived")).toEqual([
      ["onCallDTMFReceived", invitation, "5", 2000],
      ["onCallDTMFReceived", invitation, "#", 2000],
      ["onCallDTMFReceived", invitation, "A", 2000]
    ]);
    const infos = network.messages({ method: "INFO" });
    expect(infos).toHaveLength(3);
    expect(infos[0].body).toBe("Signal=5\r\nDuration=2000");
    expect(infos[0].text).toMatch(/\r\nContent-Type: application\/dtmf-relay\r\n/i);
    expect(network.messages({ status: 200, cseqMethod: "INFO" })).toHaveLength(3);

    // Back the other way.
    await bob.manager.sendDTMF(invitation, "9");
    await until(() => alice.names().includes("onCallDTMFReceived"), "the tone at alice");
    expect(alice.events.find(([n]) => n === "onCallDTMFReceived")).toEqual(["onCallDTMFReceived", inviter, "9", 2000]);
  });

  test("DTMF INFOs that are not well-formed are rejected and not reported", async () => {
    const { inviter } = await establishCall(alice, bob);
    const info = (contentType, content) => inviter.info({ requestOptions: { body: { contentDisposition: "render", contentType, content } } });
    await info("application/dtmf-relay", "Signal=Z\r\nDuration=100"); // not a tone
    await info("application/dtmf-relay", "Signal=1\r\nDuration=0"); // no duration
    await info("application/dtmf-relay", "Signal=1"); // one line
    await info("text/plain", "Signal=1\r\nDuration=100"); // another content type
    await info("application/dtmf-relay", "Signal= 7 \r\nDuration=250"); // fine, with spaces
    await until(() => network.messages({ request: false, cseqMethod: "INFO" }).length === 5, "five answers");
    const answers = network.messages({ request: false, cseqMethod: "INFO" }).map((m) => m.status);
    expect(answers.slice(0, 4).every((status) => status >= 400)).toBe(true);
    expect(answers[4]).toBe(200);
    expect(bob.events.filter(([n]) => n === "onCallDTMFReceived").map(([, , tone, duration]) => [tone, duration])).toEqual([["7", 250]]);
  });

  test("without onCallDTMFReceived the INFO is rejected", async () => {
    const carol = makePhone(network, "carol", { options: { delegate: { onCallReceived: (s) => carol.manager.answer(s) } } });
    await carol.manager.connect();
    const inviter = await alice.manager.call(`sip:carol@${DOMAIN}`);
    await until(() => inviter.state === SessionState.Established, "the call to carol");
    await alice.manager.sendDTMF(inviter, "1");
    await until(() => network.messages({ request: false, cseqMethod: "INFO" }).length === 1, "the answer to INFO");
    expect(network.messages({ request: false, cseqMethod: "INFO" })[0].status).toBeGreaterThanOrEqual(400);
  });

  test("sendDTMFUsingSessionDescriptionHandler: the tone goes to the SDH, no INFO", async () => {
    const carol = makePhone(network, "carol", { options: { sendDTMFUsingSessionDescriptionHandler: true } });
    await connectAndRegister(carol);
    const { inviter } = await establishCall(carol, bob);
    await carol.manager.sendDTMF(inviter, "7");
    await carol.manager.sendDTMF(inviter, ",");
    expect(carol.sdhs()[0].dtmf).toEqual(["7", ","]);
    expect(network.messages({ method: "INFO" })).toHaveLength(0);
    carol.sdhs()[0].sendDtmf = () => false;
    await expect(carol.manager.sendDTMF(inviter, "1")).rejects.toThrow("Failed to send DTMF");
  });

  test("message(): a MESSAGE the peer accepts and reports with onMessageReceived", async () => {
    await alice.manager.message(`sip:bob@${DOMAIN}`, "hello bob");
    await until(() => bob.names().includes("onMessageReceived"), "onMessageReceived");
    const [, message] = bob.events.find(([n]) => n === "onMessageReceived");
    expect(message.request.body).toBe("hello bob");
    expect(message.request.from.uri.user).toBe("alice");
    expect(network.messages({ status: 200, cseqMethod: "MESSAGE" })).toHaveLength(1);
    await expect(alice.manager.message("nonsense", "x")).rejects.toThrow('Failed to create a valid URI from "nonsense"');
  });

  test("hangup() of an established call sends BYE; both get onCallHangup once and stop managing the session", async () => {
    const { inviter, invitation } = await establishCall(alice, bob);
    await alice.manager.hangup(inviter);
    await until(() => bob.names().includes("onCallHangup") && alice.names().includes("onCallHangup"), "both hung up");
    await until(() => inviter.state === SessionState.Terminated && invitation.state === SessionState.Terminated, "Terminated");
    expect(alice.names()).toEqual(["onCallCreated", "onCallAnswered", "onCallHangup"]);
    expect(bob.names()).toEqual(["onCallCreated", "onCallReceived", "onCallAnswered", "onCallHangup"]);
    expect(alice.events[2][1]).toBe(inviter);
    expect(bob.events[3][1]).toBe(invitation);
    expect(network.messages({ method: "BYE" }).map((m) => m.from)).toEqual(["alice"]);
    expect(alice.manager.managedSessions).toEqual([]);
    expect(bob.manager.managedSessions).toEqual([]);
    await expect(alice.manager.hangup(inviter)).rejects.toThrow("Session does not exist.");
  });

  test("hangup() before the answer sends CANCEL; decline() answers 480", async () => {
    bob.on.onCallReceived = () => undefined; // ringing, unanswered
    const inviter = await alice.manager.call(`sip:bob@${DOMAIN}`);
    await until(() => bob.names().includes("onCallReceived"), "the INVITE at bob");
    await alice.manager.hangup(inviter);
    await until(() => bob.names().includes("onCallHangup") && alice.names().includes("onCallHangup"), "the cancel");
    expect(network.messages({ method: "CANCEL" })).toHaveLength(1);
    expect(network.messages({ status: 487 })).toHaveLength(1);
    await until(() => inviter.state === SessionState.Terminated, "the Inviter to terminate");

    alice.events.length = 0;
    bob.events.length = 0;
    const second = await alice.manager.call(`sip:bob@${DOMAIN}`);
    await until(() => bob.names().includes("onCallReceived"), "the second INVITE at bob");
    await bob.manager.decline(bob.session());
    await until(() => alice.names().includes("onCallHangup"), "the decline at alice");
    expect(network.messages({ status: 480 })).toHaveLength(1);
    expect(second.state).toBe(SessionState.Terminated);
    expect(alice.names()).toEqual(["onCallCreated", "onCallHangup"]);
    expect(bob.names()).toEqual(["onCallCreated", "onCallReceived", "onCallHangup"]);
  });

  test("a callee without onCallReceived rejects the INVITE (after onCallCreated)", async () => {
    const carol = makePhone(network, "carol");
    carol.manager.delegate = { onCallCreated: (s) => carol.events.push(["onCallCreated", s]), onCallHangup: (s) => carol.events.push(["onCallHangup", s]) };
    await carol.manager.connect();
    const inviter = await alice.manager.call(`sip:carol@${DOMAIN}`);
    await until(() => inviter.state === SessionState.Terminated, "the rejection");
    expect(network.messages({ status: 480, from: "carol", cseqMethod: "INVITE" })).toHaveLength(1);
    expect(carol.names()).toEqual(["onCallCreated", "onCallHangup"]);
    expect(alice.names()).toEqual(["onCallCreated", "onCallHangup"]);
  });

  test("blind transfer: the transferee accepts the REFER and calls the target", async () => {
    const carol = makePhone(network, "carol");
    carol.on.onCallReceived = (session) => carol.manager.answer(session);
    await connectAndRegister(carol);
    const { inviter } = await establishCall(alice, bob);
    await alice.manager.transfer(inviter, `sip:carol@${DOMAIN}`);
    await until(() => carol.names().includes("onCallAnswered"), "bob's call to carol");
    const refer = network.messages({ method: "REFER" });
    expect(refer).toHaveLength(1);
    expect(refer[0].text).toMatch(/\r\nRefer-To: <?sip:carol@sipwasm\.test>?\r\n/i);
    expect(network.messages({ status: 202, cseqMethod: "REFER" })).toHaveLength(1);
    // bob manages the new outgoing call as well (onCallCreated for the Inviter the REFER made).
    const created = bob.events.filter(([n]) => n === "onCallCreated").map(([, s]) => s);
    expect(created).toHaveLength(2);
    expect(created[1]).toBeInstanceOf(Inviter);
    await until(() => created[1].state === SessionState.Established, "bob's new call to be established");
    expect(network.messages({ method: "INVITE", from: "bob", to: "carol" })).toHaveLength(1);
    await expect(alice.manager.transfer(inviter, "no uri")).rejects.toThrow('Failed to create a valid URI from "no uri"');
  });

  test("attended transfer: a Session target makes a REFER with Replaces", async () => {
    const carol = makePhone(network, "carol");
    carol.on.onCallReceived = (session) => carol.manager.answer(session);
    await connectAndRegister(carol);
    const { inviter: toBob } = await establishCall(alice, bob);
    const toCarol = await alice.manager.call(`sip:carol@${DOMAIN}`);
    await until(() => toCarol.state === SessionState.Established, "alice's second call");
    await alice.manager.transfer(toBob, toCarol);
    const refer = network.messages({ method: "REFER" });
    expect(refer).toHaveLength(1);
    // Refer-To: carol's contact, with Replaces naming alice's dialog with carol.
    const referTo = decodeURIComponent(headerOfText(refer[0].text, "Refer-To"));
    expect(referTo).toContain(`?Replaces=${toCarol.request.callId};`);
    expect(referTo).toMatch(/<sip:[^@>]+@[^>]+\.invalid;transport=ws\?Replaces=/);
  });

  test("calls in the wrong state are refused with sip.js's errors", async () => {
    const { inviter, invitation } = await establishCall(alice, bob);
    await expect(alice.manager.answer(inviter)).rejects.toThrow("Session not instance of Invitation.");
    await expect(alice.manager.decline(inviter)).rejects.toThrow("Session not instance of Invitation.");
    // A session this manager does not manage. (Sessions are told apart by id, Call-ID + From tag,
    // which both ends of a dialog share: bob's Invitation would count as alice's session.)
    const stranger = new Inviter(alice.manager.userAgent, UserAgent.makeURI(`sip:carol@${DOMAIN}`));
    await expect(alice.manager.answer(stranger)).rejects.toThrow("Session does not exist.");
    await expect(alice.manager.decline(stranger)).rejects.toThrow("Session does not exist.");
    await expect(alice.manager.hangup(stranger)).rejects.toThrow("Session does not exist.");
    await expect(alice.manager.hold(stranger)).rejects.toThrow("Session does not exist.");
    await expect(alice.manager.sendDTMF(stranger, "1")).rejects.toThrow("Session does not exist.");
    await expect(alice.manager.sendDTMF(inviter, "x")).rejects.toThrow("Invalid DTMF tone.");
    await expect(alice.manager.sendDTMF(inviter, "12")).rejects.toThrow("Invalid DTMF tone.");
    await expect(alice.manager.call("not a uri")).rejects.toThrow('Failed to create a valid URI from "not a uri"');
    // An answered call cannot be answered again (the session says so).
    await expect(bob.manager.answer(invitation)).rejects.toThrow();
    // Mute of a session not managed does nothing.
    alice.manager.mute(stranger);
    expect(alice.manager.isMuted(stranger)).toBe(false);
    expect(alice.manager.isHeld(stranger)).toBe(false);
    // A session description handler that is not the web one cannot be held.
    Object.defineProperty(inviter, "sessionDescriptionHandler", { value: {}, configurable: true });
    await expect(alice.manager.hold(inviter)).rejects.toThrow("Session's session description handler not instance of SessionDescriptionHandler.");
    expect(() => alice.manager.getLocalMediaStream(inviter)).toThrow("Session description handler not instance of web SessionDescriptionHandler");
    expect(alice.manager.isHeld(inviter)).toBe(false);
  });

  test("maxSimultaneousSessions: calls and INVITEs beyond the limit are refused", async () => {
    const carol = makePhone(network, "carol", { options: { maxSimultaneousSessions: 1 } });
    carol.on.onCallReceived = (session) => carol.manager.answer(session);
    await connectAndRegister(carol);
    const first = await alice.manager.call(`sip:carol@${DOMAIN}`);
    await until(() => first.state === SessionState.Established, "the first call");
    // A second call to carol is refused (480) without carol's application hearing of it.
    const second = await bob.manager.call(`sip:carol@${DOMAIN}`);
    await until(() => second.state === SessionState.Terminated, "the refusal");
    expect(carol.names().filter((n) => n === "onCallReceived")).toHaveLength(1);
    expect(carol.manager.managedSessions).toHaveLength(1);
    // And carol cannot place one.
    await expect(carol.manager.call(`sip:bob@${DOMAIN}`)).rejects.toThrow("Maximum number of sessions already exists.");
  });

  test("a lost call (no answer from the callee's side) still ends with onCallHangup", async () => {
    bob.on.onCallReceived = () => undefined;
    const inviter = await alice.manager.call(`sip:bob@${DOMAIN}`);
    await until(() => bob.names().includes("onCallReceived"), "the INVITE at bob");
    await bob.manager.hangup(bob.session()); // callee hangs up while ringing: reject
    await until(() => alice.names().includes("onCallHangup"), "onCallHangup");
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(network.messages({ status: 480 })).toHaveLength(1);
  });
});

function headerOfText(text, name) {
  const line = text.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(line.indexOf(":") + 1).trim() : undefined;
}

test("the delegate may be replaced after construction (it is read at each event)", async () => {
  const network = new InMemoryNetwork();
  const manager = new Web.SessionManager("ws://unused.invalid", { aor: `sip:erin@${DOMAIN}`, userAgentOptions: userAgentOptionsFor(network, "erin") });
  managers.push(manager);
  const seen = jest.fn();
  manager.delegate = { onServerConnect: seen };
  await manager.connect();
  expect(seen).toHaveBeenCalledTimes(1);
});
