// Web.SimpleUser under Node: two users on the in-memory SIP network with fake session description
// handlers (tests/js/web-session-manager-harness.js). One call at a time: call, answer, hold,
// DTMF, message, hang-up; the delegate methods (no session argument) in sip.js 0.21.2's order;
// the errors for calls made without a call or with one already there.
import { SessionState, UserAgentState, Web } from "../../lib/index.js";
import { DOMAIN, InMemoryNetwork, until, userAgentOptionsFor } from "./web-session-manager-harness.js";

const DELEGATE_METHODS = [
  "onCallAnswered",
  "onCallCreated",
  "onCallReceived",
  "onCallHangup",
  "onCallHold",
  "onCallDTMFReceived",
  "onMessageReceived",
  "onRegistered",
  "onUnregistered",
  "onServerConnect",
  "onServerDisconnect"
];

const users = [];

function makeUser(network, name, options = {}) {
  const user = { name, events: [], on: {} };
  const delegate = {};
  for (const method of DELEGATE_METHODS) {
    delegate[method] = (...args) => {
      user.events.push([method, ...args]);
      if (user.on[method]) user.on[method](...args);
    };
  }
  user.simple = new Web.SimpleUser("ws://unused.invalid", {
    aor: `sip:${name}@${DOMAIN}`,
    delegate,
    ...options,
    userAgentOptions: userAgentOptionsFor(network, name, { displayName: name, ...(options.userAgentOptions || {}) })
  });
  users.push(user.simple);
  user.names = () => user.events.map(([method]) => method);
  user.sdhs = () => user.simple.sessionManager.userAgent.configuration.sessionDescriptionHandlerFactory.made;
  return user;
}

async function online(...list) {
  for (const user of list) {
    await user.simple.connect();
    await user.simple.register();
  }
  await until(() => list.every((u) => u.names().includes("onRegistered")), "registration");
  for (const user of list) user.events.length = 0;
}

afterEach(async () => {
  for (const simple of users.splice(0)) {
    if (simple.sessionManager.userAgent.state !== UserAgentState.Stopped) await simple.disconnect().catch(() => undefined);
  }
});

test("connect and register: onServerConnect, onRegistered; isConnected; id is the display name", async () => {
  const network = new InMemoryNetwork();
  const alice = makeUser(network, "alice");
  expect(alice.simple.id).toBe("alice");
  expect(alice.simple.isConnected()).toBe(false);
  await alice.simple.connect();
  expect(alice.simple.isConnected()).toBe(true);
  await alice.simple.register();
  await until(() => alice.names().includes("onRegistered"), "onRegistered");
  expect(alice.events).toEqual([["onServerConnect"], ["onRegistered"]]);
  await alice.simple.unregister();
  await until(() => alice.names().includes("onUnregistered"), "onUnregistered");
  await alice.simple.disconnect();
  expect(alice.events).toEqual([["onServerConnect"], ["onRegistered"], ["onUnregistered"], ["onServerDisconnect", undefined]]);
  const anonymous = new Web.SimpleUser("ws://127.0.0.1:1", { userAgentOptions: { logBuiltinEnabled: false } });
  expect(anonymous.id).toBe("Anonymous");
});

test("a call: created, received, answered, held, DTMF both ways, messages, hung up", async () => {
  const network = new InMemoryNetwork();
  const alice = makeUser(network, "alice");
  const bob = makeUser(network, "bob");
  await online(alice, bob);

  bob.on.onCallReceived = () => bob.simple.answer();
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  expect(alice.names()).toEqual(["onCallCreated"]);
  await until(() => alice.names().includes("onCallAnswered") && bob.names().includes("onCallAnswered"), "the answer");
  expect(alice.events).toEqual([["onCallCreated"], ["onCallAnswered"]]);
  expect(bob.events).toEqual([["onCallCreated"], ["onCallReceived"], ["onCallAnswered"]]);
  expect(alice.simple.localMediaStream).toBe(alice.sdhs()[0].localMediaStream);
  expect(alice.simple.remoteMediaStream).toBe(alice.sdhs()[0].remoteMediaStream);
  expect(alice.simple.remoteAudioTrack.kind).toBe("audio");
  expect(alice.simple.localVideoTrack).toBeUndefined();

  await alice.simple.hold();
  expect(alice.simple.isHeld()).toBe(true);
  await until(() => alice.names().includes("onCallHold"), "onCallHold");
  await alice.simple.unhold();
  await until(() => alice.names().filter((n) => n === "onCallHold").length === 2, "the second onCallHold");
  expect(alice.events.filter(([n]) => n === "onCallHold")).toEqual([["onCallHold", true], ["onCallHold", false]]);
  expect(alice.simple.isHeld()).toBe(false);

  alice.simple.mute();
  expect(alice.simple.isMuted()).toBe(true);
  expect(alice.sdhs()[0].senderEnabled).toBe(false);
  alice.simple.unmute();
  expect(alice.simple.isMuted()).toBe(false);

  await alice.simple.sendDTMF("1");
  await bob.simple.sendDTMF("*");
  await until(() => bob.names().includes("onCallDTMFReceived") && alice.names().includes("onCallDTMFReceived"), "the tones");
  expect(bob.events.find(([n]) => n === "onCallDTMFReceived")).toEqual(["onCallDTMFReceived", "1", 2000]);
  expect(alice.events.find(([n]) => n === "onCallDTMFReceived")).toEqual(["onCallDTMFReceived", "*", 2000]);

  await bob.simple.message(`sip:alice@${DOMAIN}`, "hi alice");
  await until(() => alice.names().includes("onMessageReceived"), "the message");
  expect(alice.events.find(([n]) => n === "onMessageReceived")).toEqual(["onMessageReceived", "hi alice"]);

  await bob.simple.hangup();
  await until(() => alice.names().includes("onCallHangup") && bob.names().includes("onCallHangup"), "the hang-up");
  expect(alice.names().slice(-1)).toEqual(["onCallHangup"]);
  expect(network.messages({ method: "BYE" }).map((m) => m.from)).toEqual(["bob"]);
  expect(alice.simple.localMediaStream).toBeUndefined();
  expect(alice.simple.isHeld()).toBe(false);

  // A new call after the first one ended.
  alice.events.length = 0;
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => alice.names().includes("onCallAnswered"), "the second call");
  await alice.simple.hangup();
  await until(() => alice.names().includes("onCallHangup"), "its hang-up");
  expect(alice.events).toEqual([["onCallCreated"], ["onCallAnswered"], ["onCallHangup"]]);
});

test("decline and cancel", async () => {
  const network = new InMemoryNetwork();
  const alice = makeUser(network, "alice");
  const bob = makeUser(network, "bob");
  await online(alice, bob);
  bob.on.onCallReceived = () => bob.simple.decline();
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => alice.names().includes("onCallHangup"), "the decline");
  expect(network.messages({ status: 480 })).toHaveLength(1);
  expect(alice.events).toEqual([["onCallCreated"], ["onCallHangup"]]);

  bob.on.onCallReceived = undefined;
  alice.events.length = 0;
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => bob.names().filter((n) => n === "onCallReceived").length === 2, "the second INVITE");
  await alice.simple.hangup(); // ringing: CANCEL
  await until(() => alice.names().includes("onCallHangup") && bob.names().filter((n) => n === "onCallHangup").length === 2, "the cancel");
  expect(network.messages({ method: "CANCEL" })).toHaveLength(1);
});

test("without a call, the call methods reject 'Session does not exist.'; with one, call() rejects 'Session already exists.'", async () => {
  const network = new InMemoryNetwork();
  const alice = makeUser(network, "alice");
  const bob = makeUser(network, "bob");
  const carol = makeUser(network, "carol");
  await online(alice, bob, carol);
  for (const method of ["hangup", "answer", "decline", "hold", "unhold"]) {
    await expect(alice.simple[method]()).rejects.toThrow("Session does not exist.");
  }
  await expect(alice.simple.sendDTMF("1")).rejects.toThrow("Session does not exist.");
  expect(alice.simple.isHeld()).toBe(false);
  expect(alice.simple.isMuted()).toBe(false);
  expect(alice.simple.mute()).toBeUndefined();
  expect(alice.simple.localMediaStream).toBeUndefined();
  expect(alice.simple.remoteAudioTrack).toBeUndefined();

  bob.on.onCallReceived = () => bob.simple.answer();
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => alice.names().includes("onCallAnswered"), "the call");
  await expect(alice.simple.call(`sip:carol@${DOMAIN}`)).rejects.toThrow("Session already exists.");
  // The caller cannot answer its own outgoing call.
  await expect(alice.simple.answer()).rejects.toThrow("Session not instance of Invitation.");
  await expect(alice.simple.sendDTMF("E")).rejects.toThrow("Invalid DTMF tone.");

  // One call at a time: carol's INVITE to busy bob is refused, bob's call is untouched.
  carol.on.onCallHangup = () => undefined;
  await carol.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => carol.names().includes("onCallHangup"), "the refusal");
  expect(bob.names().filter((n) => n === "onCallReceived")).toHaveLength(1);
  await bob.simple.sendDTMF("4");
  await until(() => alice.names().includes("onCallDTMFReceived"), "bob's call still works");
  const session = bob.simple.sessionManager.managedSessions[0].session;
  expect(session.state).toBe(SessionState.Established);
});

test("a lost connection: onServerDisconnect with the error, the call ends", async () => {
  const network = new InMemoryNetwork();
  const alice = makeUser(network, "alice", { reconnectionAttempts: 0 });
  const bob = makeUser(network, "bob");
  await online(alice, bob);
  bob.on.onCallReceived = () => bob.simple.answer();
  await alice.simple.call(`sip:bob@${DOMAIN}`);
  await until(() => alice.names().includes("onCallAnswered"), "the call");
  network.drop("alice");
  await until(() => alice.names().includes("onCallHangup"), "the call to end");
  const disconnect = alice.events.find(([n]) => n === "onServerDisconnect");
  expect(disconnect[1]).toBeInstanceOf(Error);
  expect(alice.simple.isConnected()).toBe(false);
});
