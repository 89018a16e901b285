// re-INVITE over the Wasm core: hold / unhold as offer/answer in both directions, re-INVITEs
// without SDP (the offer comes in the 200, the answer in the ACK), an offer the peer's SDH refuses
// (488 and rollback on both sides), a 2xx without SDP (ACK + BYE), glare (two re-INVITEs crossing:
// 491 both ways), and the delegates SIP.js calls on each side.
import { SessionState } from "../../lib/index.js";
import {
  directionOf,
  establishedCall,
  headerOf,
  makeUserAgent,
  recordStates,
  settle,
  tagOf,
  useSipNetwork
} from "./support/session-harness.js";

const { Established, Terminated } = SessionState;

let network;
let alice;
let bob;
let call;

useSipNetwork((made) => {
  network = made;
  alice = makeUserAgent(network, "alice");
  bob = makeUserAgent(network, "bob");
  return [alice, bob];
});

beforeEach(async () => {
  call = await establishedCall(alice, bob);
});

/** The messages after the initial INVITE transaction (INVITE, 100, 180, 200, ACK). */
const afterSetup = () => network.log.slice(5);
const summaryAfterSetup = () => network.summary().slice(5);

// Records a session's delegate.onInvite calls (request, response, statusCode).
function recordReinvites(session) {
  const calls = [];
  session.delegate = {
    ...(session.delegate || {}),
    onInvite: (request, response, statusCode) => calls.push({ request, response, statusCode })
  };
  return calls;
}

describe("hold and unhold (offer in the re-INVITE)", () => {
  test("the caller holds: sendonly offer, recvonly answer, ACK; delegates on both sides", async () => {
    const { inviter, invitation } = call;
    const bobHeard = recordReinvites(invitation);
    const accepted = [];
    const sent = await inviter.invite({
      sessionDescriptionHandlerOptions: { hold: true },
      requestDelegate: { onAccept: (response) => accepted.push([response.message.statusCode, network.requests("ACK").length]) }
    });
    // invite() resolves with the re-INVITE as sent.
    expect(sent.message.method).toBe("INVITE");
    expect(sent.message.cseq).toBe(2);
    expect(inviter.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: true });
    await settle();
    expect(summaryAfterSetup()).toEqual(["alice>bob INVITE", "bob>alice 200 INVITE", "alice>bob ACK"]);
    const [reinvite, ok, ack] = afterSetup();
    // In-dialog: same Call-ID and tags, the remote target as Request-URI, next CSeq.
    const initial = network.requests("INVITE")[0];
    expect(reinvite.ruri).toBe("sip:bob@bob.invalid;transport=ws");
    expect(headerOf(reinvite.text, "Call-ID")).toBe(headerOf(initial.text, "Call-ID"));
    expect(tagOf(headerOf(reinvite.text, "From"))).toBe(inviter.dialog.localTag);
    expect(tagOf(headerOf(reinvite.text, "To"))).toBe(inviter.dialog.remoteTag);
    expect(headerOf(reinvite.text, "CSeq")).toBe("2 INVITE");
    expect(headerOf(reinvite.text, "Contact")).toBe("<sip:alice@alice.invalid;transport=ws;ob>");
    // SIP.js puts its core's AllowedMethods here (not the INVITE's shorter list).
    expect(headerOf(reinvite.text, "Allow")).toBe("ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE");
    expect(directionOf(reinvite.body)).toBe("sendonly");
    expect(directionOf(ok.body)).toBe("recvonly");
    expect(headerOf(ok.text, "Contact")).toBe("<sip:bob@bob.invalid;transport=ws>");
    expect(ack.body).toBe("");
    expect(headerOf(ack.text, "CSeq")).toBe("2 ACK");
    // The SDHs: alice offered with the re-INVITE options and took bob's answer; bob the reverse.
    const aliceSdh = inviter.sessionDescriptionHandler;
    const bobSdh = invitation.sessionDescriptionHandler;
    expect(aliceSdh.calls).toEqual(["get", "set", "get", "set"]);
    expect(aliceSdh.options[2][1]).toEqual({ hold: true });
    expect(aliceSdh.remote.at(-1)).toBe(ok.body);
    expect(bobSdh.calls).toEqual(["set", "get", "set", "get"]);
    expect(bobSdh.remote.at(-1)).toBe(reinvite.body);
    // onAccept runs once the ACK went out; bob's delegate.onInvite saw the 200 it sent.
    expect(accepted).toEqual([[200, 2]]);
    expect(bobHeard).toHaveLength(1);
    expect(bobHeard[0].statusCode).toBe(200);
    expect(bobHeard[0].request.method).toBe("INVITE");
    expect(bobHeard[0].request.cseq).toBe(2);
    expect(bobHeard[0].response.statusCode).toBe(200);
    expect(bobHeard[0].response.body).toBe(ok.body);
    expect(inviter.state).toBe(Established);
    expect(invitation.state).toBe(Established);

    // Unhold: a sendrecv offer, a sendrecv answer.
    await inviter.invite({ sessionDescriptionHandlerOptions: { hold: false } });
    await settle();
    const [unhold, ok2] = network.log.slice(8);
    expect(headerOf(unhold.text, "CSeq")).toBe("3 INVITE");
    expect(directionOf(unhold.body)).toBe("sendrecv");
    expect(directionOf(ok2.body)).toBe("sendrecv");
    expect(network.summary().slice(8)).toEqual(["alice>bob INVITE", "bob>alice 200 INVITE", "alice>bob ACK"]);
    expect(bobHeard.map((c) => c.statusCode)).toEqual([200, 200]);
  });

  test("the callee holds: its re-INVITE goes to the caller's Contact, the caller answers", async () => {
    const { inviter, invitation } = call;
    const aliceHeard = recordReinvites(inviter);
    const accepted = [];
    await invitation.invite({
      sessionDescriptionHandlerOptions: { hold: true },
      requestDelegate: { onAccept: (response) => accepted.push(response.message.statusCode) }
    });
    await settle();
    expect(summaryAfterSetup()).toEqual(["bob>alice INVITE", "alice>bob 200 INVITE", "bob>alice ACK"]);
    const [reinvite, ok, ack] = afterSetup();
    expect(reinvite.ruri).toBe("sip:alice@alice.invalid;transport=ws;ob");
    expect(tagOf(headerOf(reinvite.text, "From"))).toBe(invitation.dialog.localTag);
    expect(tagOf(headerOf(reinvite.text, "To"))).toBe(inviter.dialog.localTag);
    expect(headerOf(reinvite.text, "Contact")).toBe("<sip:bob@bob.invalid;transport=ws>");
    expect(directionOf(reinvite.body)).toBe("sendonly");
    expect(directionOf(ok.body)).toBe("recvonly");
    expect(headerOf(ok.text, "Contact")).toBe("<sip:alice@alice.invalid;transport=ws;ob>");
    expect(ack.body).toBe("");
    expect(accepted).toEqual([200]);
    expect(aliceHeard.map((c) => c.statusCode)).toEqual([200]);
    expect(inviter.sessionDescriptionHandler.remote.at(-1)).toBe(reinvite.body);
    expect(invitation.sessionDescriptionHandler.remote.at(-1)).toBe(ok.body);
    // The callee's later requests keep counting from its first CSeq.
    await invitation.invite();
    await settle();
    const again = network.requests("INVITE", { from: "bob" });
    expect(again[1].cseq).toBe(again[0].cseq + 1);
  });

  test("a P-Asserted-Identity in a re-INVITE updates the receiver's assertedIdentity", async () => {
    const { inviter, invitation } = call;
    expect(inviter.assertedIdentity).toBeUndefined();
    await invitation.invite({ requestOptions: { extraHeaders: ['P-Asserted-Identity: "Boss" <sip:boss@example.com>'] } });
    await settle();
    expect(inviter.assertedIdentity.uri.user).toBe("boss");
    expect(inviter.assertedIdentity.displayName).toBe("Boss");
  });
});

describe("re-INVITE without SDP (offer in the 200, answer in the ACK)", () => {
  test("from the caller", async () => {
    const { inviter, invitation } = call;
    const accepted = [];
    const sent = await inviter.invite({
      withoutSdp: true,
      requestDelegate: { onAccept: () => accepted.push(network.requests("ACK").length) }
    });
    expect(sent.message.body).toBeFalsy();
    await settle();
    expect(summaryAfterSetup()).toEqual(["alice>bob INVITE", "bob>alice 200 INVITE", "alice>bob ACK"]);
    const [reinvite, ok, ack] = afterSetup();
    expect(reinvite.body).toBe("");
    expect(headerOf(reinvite.text, "Content-Length")).toBe("0");
    expect(ok.body).toMatch(/^v=0\r\no=bob /);
    expect(headerOf(ok.text, "Content-Type")).toBe("application/sdp");
    expect(ack.body).toMatch(/^v=0\r\no=alice /);
    expect(headerOf(ack.text, "Content-Type")).toBe("application/sdp");
    // bob offered (get), then took alice's answer from the ACK (set); alice answered (set, get).
    expect(invitation.sessionDescriptionHandler.calls.slice(2)).toEqual(["get", "set"]);
    expect(invitation.sessionDescriptionHandler.remote.at(-1)).toBe(ack.body);
    expect(inviter.sessionDescriptionHandler.calls.slice(2)).toEqual(["set", "get"]);
    expect(inviter.sessionDescriptionHandler.remote.at(-1)).toBe(ok.body);
    expect(accepted).toEqual([2]);
    expect(inviter.dialog.signalingState).toBe("Stable");
    expect(invitation.dialog.signalingState).toBe("Stable");
  });

  test("from the callee", async () => {
    const { inviter, invitation } = call;
    await invitation.invite({ withoutSdp: true });
    await settle();
    expect(summaryAfterSetup()).toEqual(["bob>alice INVITE", "alice>bob 200 INVITE", "bob>alice ACK"]);
    const [reinvite, ok, ack] = afterSetup();
    expect(reinvite.body).toBe("");
    expect(ok.body).toMatch(/^v=0\r\no=alice /);
    expect(ack.body).toMatch(/^v=0\r\no=bob /);
    expect(inviter.sessionDescriptionHandler.remote.at(-1)).toBe(ack.body);
    expect(invitation.sessionDescriptionHandler.remote.at(-1)).toBe(ok.body);
  });

  test("the offerer's SDH options are the re-INVITE ones on both sides", async () => {
    const { inviter, invitation } = call;
    invitation.sessionDescriptionHandlerOptionsReInvite = { marker: "bob-reinvite" };
    await inviter.invite({ withoutSdp: true, sessionDescriptionHandlerOptions: { marker: "alice-reinvite" } });
    await settle();
    const bobGet = invitation.sessionDescriptionHandler.options.at(-2);
    expect(bobGet[0]).toBe("get");
    expect(bobGet[1]).toEqual({ marker: "bob-reinvite" });
    const bobSet = invitation.sessionDescriptionHandler.options.at(-1);
    expect(bobSet[0]).toBe("set");
    expect(bobSet[1]).toEqual({ marker: "bob-reinvite" });
    expect(inviter.sessionDescriptionHandler.options.slice(-2).map((o) => o[1])).toEqual([
      { marker: "alice-reinvite" },
      { marker: "alice-reinvite" }
    ]);
  });
});

describe("failures", () => {
  test("an offer the peer's SDH refuses: 488, rollback on both sides, both stay Established", async () => {
    const { inviter, invitation } = call;
    const bobHeard = recordReinvites(invitation);
    const rejected = [];
    invitation.sessionDescriptionHandler.failSet = new Error("cannot take that offer (fake SDH)");
    await inviter.invite({ requestDelegate: { onReject: (response) => rejected.push(response.message.statusCode) } });
    await settle();
    expect(summaryAfterSetup()).toEqual(["alice>bob INVITE", "bob>alice 488 INVITE", "alice>bob ACK"]);
    expect(invitation.sessionDescriptionHandler.calls.at(-1)).toBe("rollback");
    expect(inviter.sessionDescriptionHandler.calls.at(-1)).toBe("rollback");
    expect(rejected).toEqual([488]);
    expect(bobHeard.map((c) => [c.statusCode, c.response.statusCode])).toEqual([[488, 488]]);
    expect(inviter.state).toBe(Established);
    expect(invitation.state).toBe(Established);
    // Not pending any more: the next one goes through.
    await inviter.invite();
    await settle();
    expect(network.responses(200, "INVITE")).toHaveLength(2);
  });

  test("a re-INVITE answered without SDP: ACK, then BYE with Reason 400; the session ends", async () => {
    const { inviter, invitation } = call;
    const states = recordStates(inviter);
    // The network strips the body of bob's 200 to the re-INVITE.
    network.hooks.push((m) => {
      if (m.from !== "bob" || m.status !== 200 || m.cseqMethod !== "INVITE" || m.cseq !== 2) return true;
      const stripped = m.text.slice(0, m.text.indexOf("\r\n\r\n") + 4)
        .replace(/\r\nContent-Type: [^\r]*/i, "")
        .replace(/Content-Length: \d+/i, "Content-Length: 0");
      network.deliver("alice", stripped);
      return false;
    });
    await inviter.invite();
    await settle();
    expect(summaryAfterSetup()).toEqual([
      "alice>bob INVITE",
      "bob>alice 200 INVITE",
      "alice>bob ACK",
      "alice>bob BYE",
      "bob>alice 200 BYE"
    ]);
    const bye = network.requests("BYE")[0];
    expect(headerOf(bye.text, "Reason")).toBe('SIP;cause=400;text="Bad Request"');
    expect(states).toEqual([Terminated]);
    expect(invitation.state).toBe(Terminated);
  });

  test("an answer the caller's SDH refuses: ACK, then BYE with Reason 488", async () => {
    const { inviter, invitation } = call;
    const accepted = [];
    await inviter.invite({ requestDelegate: { onAccept: () => accepted.push(inviter.state) } });
    inviter.sessionDescriptionHandler.failSet = new Error("bad answer (fake SDH)");
    await settle();
    expect(summaryAfterSetup()).toEqual([
      "alice>bob INVITE",
      "bob>alice 200 INVITE",
      "alice>bob ACK",
      "alice>bob BYE",
      "bob>alice 200 BYE"
    ]);
    expect(headerOf(network.requests("BYE")[0].text, "Reason")).toBe('SIP;cause=488;text="Not Acceptable Here"');
    // SIP.js still calls onAccept, after the session ended.
    expect(accepted).toEqual([Terminated]);
    expect(invitation.state).toBe(Terminated);
  });
});

describe("glare", () => {
  test("two re-INVITEs crossing: 491 both ways, both roll back, a later one succeeds", async () => {
    const { inviter, invitation } = call;
    const aliceRejected = [];
    const bobRejected = [];
    const aliceHeard = recordReinvites(inviter);
    const bobHeard = recordReinvites(invitation);
    const fromAlice = inviter.invite({ requestDelegate: { onReject: (r) => aliceRejected.push(r.message.statusCode) } });
    const fromBob = invitation.invite({ requestDelegate: { onReject: (r) => bobRejected.push(r.message.statusCode) } });
    await fromAlice;
    await fromBob;
    await settle();
    const reinvites = network.requests("INVITE").slice(1);
    expect(reinvites.map((m) => m.from).sort()).toEqual(["alice", "bob"]);
    expect(network.responses(491, "INVITE").map((m) => m.from).sort()).toEqual(["alice", "bob"]);
    expect(network.responses(491, "INVITE")[0].reason).toBe("Request Pending");
    expect(network.responses(200, "INVITE")).toHaveLength(1); // the initial one only
    expect(aliceRejected).toEqual([491]);
    expect(bobRejected).toEqual([491]);
    expect(inviter.sessionDescriptionHandler.calls.at(-1)).toBe("rollback");
    expect(invitation.sessionDescriptionHandler.calls.at(-1)).toBe("rollback");
    // The 491s come from the dialog layer: the application's onInvite hears nothing.
    expect(aliceHeard).toEqual([]);
    expect(bobHeard).toEqual([]);
    expect(inviter.state).toBe(Established);
    expect(invitation.state).toBe(Established);
    // RFC 3261 14.1: the retry (here at once, the fake clock does not matter) succeeds.
    await inviter.invite();
    await settle();
    expect(network.responses(200, "INVITE")).toHaveLength(2);
    expect(bobHeard.map((c) => c.statusCode)).toEqual([200]);
  });
});
