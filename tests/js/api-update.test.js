// Session.update() and incoming UPDATE (RFC 3311), beyond SIP.js: off unless the user agent's
// sipExtensionUpdate is "Supported" (then UPDATE is in Allow); an offer from the session
// description handler and its answer in the 2xx; UPDATE without a body; the SDH options used;
// RequestPendingError for a second offer of ours; 491 on glare; 488 when the peer's handler
// refuses; UPDATE in an early dialog (after a reliable provisional response).
import { jest } from "@jest/globals";
import * as Ours from "../../lib/api/index.js";
import { RequestPendingError } from "../../lib/api/index.js";
import {
  Network,
  bodyOf,
  call,
  header,
  makeAgent,
  settle,
  statusOf,
  stopAll,
  tokens,
  useFakeClock
} from "./session-extensions-harness.js";

const UPDATE = { sipExtensionUpdate: "Supported" };

let network;
let agents;

async function agent(name, options) {
  const a = await makeAgent(Ours, network, name, options);
  agents.push(a);
  return a;
}

/** alice (caller) and bob (callee), both with `options`, in an established call. */
async function established(options = UPDATE, bobOptions = options) {
  const alice = await agent("alice", options);
  const bob = await agent("bob", bobOptions);
  const bobUpdates = [];
  bob.onInvite = (invitation) => {
    invitation.delegate = { onUpdate: (request, response, statusCode) => bobUpdates.push({ request, response, statusCode }) };
  };
  const { inviter, invitation } = await call(Ours, alice, bob);
  return { alice, bob, inviter, invitation, bobUpdates, aliceSdh: alice.sdhs[0], bobSdh: bob.sdhs[0] };
}

/** A requestDelegate that records the status codes it hears, by callback. */
function recorder() {
  const heard = [];
  const delegate = {};
  for (const name of ["onAccept", "onProgress", "onRedirect", "onReject", "onTrying"]) {
    delegate[name] = (response) => heard.push(`${name} ${response.message.statusCode}`);
  }
  return { heard, delegate };
}

beforeEach(() => {
  useFakeClock();
  network = new Network();
  agents = [];
});

afterEach(async () => {
  await stopAll(network, agents);
  jest.useRealTimers();
});

describe("off by default", () => {
  test("Session.update() rejects saying how to enable it, and sends nothing", async () => {
    const { inviter } = await established({});
    const sent = network.wire.length;
    await expect(inviter.update()).rejects.toThrow(/sipExtensionUpdate/);
    await settle();
    expect(network.wire.length).toBe(sent);
    expect(inviter.state).toBe("Established");
  });

  test("an incoming UPDATE gets 405 with SIP.js's Allow; the sender rolls its offer back", async () => {
    const { inviter, aliceSdh } = await established(UPDATE, {});
    const { heard, delegate } = recorder();
    await inviter.update({ requestDelegate: delegate });
    await settle();
    const [refused] = network.responses(405, "UPDATE", "bob");
    expect(refused).toBeDefined();
    expect(tokens(refused, "Allow")).not.toContain("UPDATE");
    expect(heard).toEqual(["onReject 405"]);
    expect(aliceSdh.count("rollbackDescription")).toBe(1);
    expect(inviter.state).toBe("Established");
  });
});

describe("enabled", () => {
  test("UPDATE is listed in Allow of the INVITE and of its 2xx", async () => {
    await established();
    const [invite] = network.requests("INVITE", "alice");
    expect(header(invite, "Allow")).toBe("ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER,UPDATE");
    expect(tokens(network.responses(200, "INVITE", "bob")[0], "Allow")).toContain("UPDATE");
  });

  test("update() offers through the SDH; the peer answers through its SDH; both hear about it", async () => {
    const { inviter, aliceSdh, bobSdh, bobUpdates } = await established();
    const { heard, delegate } = recorder();
    const aliceBefore = aliceSdh.calls.length;
    const bobBefore = bobSdh.calls.length;
    const outgoing = await inviter.update({ requestDelegate: delegate });
    expect(outgoing.message.method).toBe("UPDATE");
    await settle();
    const [update] = network.requests("UPDATE", "alice");
    expect(header(update, "Content-Type")).toBe("application/sdp");
    expect(bodyOf(update)).toContain("o=alice 1 2 ");
    expect(header(update, "Contact")).toBeDefined();
    const [ok] = network.responses(200, "UPDATE", "bob");
    expect(bodyOf(ok)).toContain("o=bob 1 2 ");
    expect(aliceSdh.calls.slice(aliceBefore).map((c) => c.method)).toEqual(["getDescription", "setDescription"]);
    expect(aliceSdh.calls.at(-1).sdp).toBe(bodyOf(ok));
    expect(bobSdh.calls.slice(bobBefore).map((c) => c.method)).toEqual(["setDescription", "getDescription"]);
    expect(bobSdh.calls[bobBefore].sdp).toBe(bodyOf(update));
    expect(heard).toEqual(["onAccept 200"]);
    expect(bobUpdates).toHaveLength(1);
    expect(bobUpdates[0].request.method).toBe("UPDATE");
    expect(bobUpdates[0].statusCode).toBe(200);
    expect(statusOf(bobUpdates[0].response)).toBe(200);
    expect(inviter.dialog.signalingState).toBe("Stable");
  });

  test("update({ withoutSdp: true }) sends no body and leaves both handlers alone", async () => {
    const { inviter, aliceSdh, bobSdh, bobUpdates } = await established();
    const before = [aliceSdh.calls.length, bobSdh.calls.length];
    const { heard, delegate } = recorder();
    await inviter.update({ withoutSdp: true, requestDelegate: delegate });
    await settle();
    const [update] = network.requests("UPDATE", "alice");
    expect(header(update, "Content-Length")).toBe("0");
    expect(header(network.responses(200, "UPDATE", "bob")[0], "Content-Length")).toBe("0");
    expect([aliceSdh.calls.length, bobSdh.calls.length]).toEqual(before);
    expect(heard).toEqual(["onAccept 200"]);
    expect(bobUpdates.map((u) => u.statusCode)).toEqual([200]);
  });

  test("the SDH gets update()'s options, kept as the re-INVITE ones", async () => {
    const { inviter, aliceSdh } = await established();
    await inviter.update({ sessionDescriptionHandlerOptions: { hold: true } });
    await settle();
    const offer = aliceSdh.calls.filter((c) => c.method === "getDescription").at(-1);
    expect(offer.options).toEqual({ hold: true });
    expect(bodyOf(network.requests("UPDATE", "alice")[0])).toContain("a=sendonly");
    expect(inviter.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: true });
  });

  test("a second offer while ours is out is a RequestPendingError (update() or invite())", async () => {
    const { inviter } = await established();
    const first = inviter.update();
    await expect(inviter.update()).rejects.toBeInstanceOf(RequestPendingError);
    await expect(inviter.invite()).rejects.toBeInstanceOf(RequestPendingError);
    await first;
    await settle();
    expect(network.requests("UPDATE", "alice")).toHaveLength(1);
    expect(network.requests("INVITE", "alice")).toHaveLength(1);
    // Answered: the next one goes.
    await inviter.update();
    await settle();
    expect(network.responses(200, "UPDATE", "bob")).toHaveLength(2);
    // A re-INVITE of ours is an offer out as well.
    const reinvite = inviter.invite();
    await expect(inviter.update()).rejects.toBeInstanceOf(RequestPendingError);
    await reinvite;
    await settle();
    // Without an offer nothing is pending: it may go at any time.
    const offer = inviter.update();
    await expect(inviter.update({ withoutSdp: true })).resolves.toBeDefined();
    await offer;
  });

  test("glare: both offer at once, both get 491, both roll back and the call goes on", async () => {
    const { inviter, invitation, aliceSdh, bobSdh } = await established();
    const alice = recorder();
    const bob = recorder();
    await Promise.all([
      inviter.update({ requestDelegate: alice.delegate }),
      invitation.update({ requestDelegate: bob.delegate })
    ]);
    await settle();
    expect(network.responses(491, "UPDATE", "alice")).toHaveLength(1);
    expect(network.responses(491, "UPDATE", "bob")).toHaveLength(1);
    expect(alice.heard).toEqual(["onReject 491"]);
    expect(bob.heard).toEqual(["onReject 491"]);
    expect(aliceSdh.count("rollbackDescription")).toBe(1);
    expect(bobSdh.count("rollbackDescription")).toBe(1);
    expect(inviter.dialog.signalingState).toBe("Stable");
    expect(invitation.dialog.signalingState).toBe("Stable");
    // The application tries again later (RFC 3311 §5.2 leaves the wait to it).
    await inviter.update({ requestDelegate: alice.delegate });
    await settle();
    expect(alice.heard).toEqual(["onReject 491", "onAccept 200"]);
    expect(inviter.state).toBe("Established");
  });

  test("an offer the peer's SDH refuses gets 488; the sender rolls back; the call goes on", async () => {
    const { inviter, aliceSdh, bobSdh, bobUpdates } = await established();
    bobSdh.refuse = true;
    const { heard, delegate } = recorder();
    await inviter.update({ requestDelegate: delegate });
    await settle();
    expect(network.responses(488, "UPDATE", "bob")).toHaveLength(1);
    expect(heard).toEqual(["onReject 488"]);
    expect(aliceSdh.count("rollbackDescription")).toBe(1);
    expect(bobSdh.count("rollbackDescription")).toBe(1);
    expect(bobUpdates.map((u) => u.statusCode)).toEqual([488]);
    expect(inviter.state).toBe("Established");
    bobSdh.refuse = false;
    await inviter.update({ requestDelegate: delegate });
    await settle();
    expect(heard).toEqual(["onReject 488", "onAccept 200"]);
  });

  test("update() outside a session is an Error naming the state", async () => {
    const alice = await agent("alice", UPDATE);
    const inviter = new Ours.Inviter(alice.ua, Ours.UserAgent.makeURI("sip:bob@example.com"));
    await expect(inviter.update()).rejects.toThrow(/Invalid session state Initial/);
    const { inviter: ended } = await established();
    await ended.bye();
    await settle();
    await expect(ended.update()).rejects.toThrow(/Invalid session state/);
  });
});

describe("in an early dialog", () => {
  const early = { ...UPDATE, sipExtension100rel: "Supported" };

  test("after a reliable 183 and its PRACK, either side may UPDATE; the callee not before the PRACK", async () => {
    const alice = await agent("alice", early);
    const bob = await agent("bob", early);
    const aliceUpdates = [];
    const bobUpdates = [];
    const inviter = new Ours.Inviter(alice.ua, Ours.UserAgent.makeURI("sip:bob@example.com"), {
      earlyMedia: true,
      delegate: { onUpdate: (request, response, code) => aliceUpdates.push(code) }
    });
    await inviter.invite();
    await settle();
    const invitation = bob.invitations[0];
    invitation.delegate = { onUpdate: (request, response, code) => bobUpdates.push(code) };
    network.hold = (text) => text.startsWith("PRACK ");
    const progress = invitation.progress({ rel100: true });
    await settle();
    expect(network.requests("PRACK", "alice")).toHaveLength(1);
    // The 183 is not PRACKed yet (its PRACK is held back): bob may not offer.
    await expect(invitation.update()).rejects.toBeInstanceOf(RequestPendingError);
    network.release();
    await progress;
    await settle();
    expect(network.requests("PRACK", "alice")).toHaveLength(1);
    expect(inviter.state).toBe("Establishing");

    const fromBob = recorder();
    await invitation.update({ requestDelegate: fromBob.delegate });
    await settle();
    expect(fromBob.heard).toEqual(["onAccept 200"]);
    expect(aliceUpdates).toEqual([200]);
    const fromAlice = recorder();
    await inviter.update({ requestDelegate: fromAlice.delegate });
    await settle();
    expect(fromAlice.heard).toEqual(["onAccept 200"]);
    expect(bobUpdates).toEqual([200]);
    const updates = network.requests("UPDATE");
    expect(updates).toHaveLength(2);
    for (const text of updates) expect(header(text, "Content-Type")).toBe("application/sdp");
    // The early dialog's offer/answer went through the sessions' own handlers.
    expect(alice.sdhs).toHaveLength(1);
    expect(bob.sdhs).toHaveLength(1);

    await invitation.accept();
    await settle();
    expect(inviter.state).toBe("Established");
    expect(invitation.state).toBe("Established");
  });

  test("a caller without early media has no early dialog to UPDATE in", async () => {
    const alice = await agent("alice", early);
    const bob = await agent("bob", early);
    const inviter = new Ours.Inviter(alice.ua, Ours.UserAgent.makeURI("sip:bob@example.com"));
    await inviter.invite();
    await settle();
    await bob.invitations[0].progress({ rel100: true });
    await settle();
    await expect(inviter.update()).rejects.toThrow(/needs a dialog/);
  });
});
