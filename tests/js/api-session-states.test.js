// The SessionState machine of SIP.js (../shared/seeds/000_c2301ffc7a1cd75d.txt), transition by
// transition, for Inviter and Invitation over the Wasm core:
//
//                   ___________________________________________________________
//                  |  ____________________________________________             |
//                  | |            ____________________________    |            |
// Session          | |           |                            v   v            v
// Constructed -> Initial -> Establishing -> Established -> Terminating -> Terminated
//                                |               |___________________________^   ^
//                                |_______________________________________________|
//
// Each test drives two user agents on the in-memory network into one path and checks the states
// each session went through (stateChange), what crossed the wire, and the delegate calls.
import { Inviter, SessionState, UserAgent } from "../../lib/index.js";
import {
  advance,
  describe as describeMessage,
  establishedCall,
  headerOf,
  makeUserAgent,
  recordStates,
  settle,
  startCall,
  useSipNetwork
} from "./support/session-harness.js";

const { Initial, Establishing, Established, Terminating, Terminated } = SessionState;

let network;
let alice;
let bob;

useSipNetwork((made) => {
  network = made;
  alice = makeUserAgent(network, "alice");
  bob = makeUserAgent(network, "bob");
  return [alice, bob];
});

const bobUri = () => UserAgent.makeURI("sip:bob@example.com");
const wire = () => network.summary();

describe("SessionState values", () => {
  test("are SIP.js's strings", () => {
    expect(SessionState).toEqual({
      Initial: "Initial",
      Establishing: "Establishing",
      Established: "Established",
      Terminating: "Terminating",
      Terminated: "Terminated"
    });
  });
  test("a constructed session is Initial and has emitted nothing", () => {
    const inviter = new Inviter(alice, bobUri());
    const states = recordStates(inviter);
    expect(inviter.state).toBe(Initial);
    expect(states).toEqual([]);
    expect(inviter.dialog).toBeUndefined();
    return inviter.dispose();
  });
});

describe("Initial -> Establishing -> Established -> Terminated", () => {
  test("Inviter: INVITE sent, 200 received and ACKed, then its own BYE", async () => {
    const inviter = new Inviter(alice, bobUri());
    const states = recordStates(inviter);
    let invitationStates;
    bob.onInvite = (invitation) => (invitationStates = recordStates(invitation));
    const inviting = inviter.invite();
    // The offer comes from the SDH first: still Initial until the INVITE goes out.
    expect(inviter.state).toBe(Initial);
    await inviting;
    expect(states).toEqual([Establishing]);
    expect(network.requests("INVITE")).toHaveLength(1);
    await settle();
    const invitation = bob.invitations[0];
    expect(invitation.state).toBe(Initial);
    expect(inviter.state).toBe(Establishing);
    await invitation.accept();
    await settle();
    expect(states).toEqual([Establishing, Established]);
    expect(invitationStates).toEqual([Establishing, Established]);
    expect(wire()).toEqual([
      "alice>bob INVITE",
      "bob>alice 100 INVITE",
      "bob>alice 180 INVITE",
      "bob>alice 200 INVITE",
      "alice>bob ACK"
    ]);
    const bye = await inviter.bye();
    // bye() resolves with the BYE as sent; the session ends as it goes out.
    expect(bye.message.method).toBe("BYE");
    expect(states).toEqual([Establishing, Established, Terminated]);
    await settle();
    expect(invitationStates).toEqual([Establishing, Established, Terminated]);
    expect(wire().slice(5)).toEqual(["alice>bob BYE", "bob>alice 200 BYE"]);
  });

  test("Invitation: 200 sent, ACK received, BYE received", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const acks = [];
    const byes = [];
    invitation.delegate = { onAck: (ack) => acks.push(ack.request.method), onBye: (bye) => byes.push(bye) };
    const accepting = invitation.accept();
    // accept() moves to Establishing at once (SIP.js: before asking the SDH for the answer).
    expect(invitation.state).toBe(Establishing);
    await accepting;
    expect(states).toEqual([Establishing, Established]);
    await settle();
    expect(acks).toEqual(["ACK"]);
    await inviter.bye();
    await settle();
    expect(byes).toHaveLength(1);
    // With its own onBye the application answers; the session ended already.
    expect(states).toEqual([Establishing, Established, Terminated]);
    expect(network.responses(200, "BYE")).toHaveLength(0);
    await byes[0].accept();
    await settle();
    expect(network.responses(200, "BYE")).toHaveLength(1);
  });
});

describe("Initial -> Terminating -> Terminated", () => {
  test("Inviter.cancel() before the INVITE was sent sends nothing", async () => {
    const inviter = new Inviter(alice, bobUri());
    const states = recordStates(inviter);
    await inviter.cancel();
    expect(states).toEqual([Terminating, Terminated]);
    await settle();
    expect(network.log).toEqual([]);
  });

  test("Inviter.dispose() in Initial cancels the same way", async () => {
    const inviter = new Inviter(alice, bobUri());
    const states = recordStates(inviter);
    await inviter.dispose();
    expect(states).toEqual([Terminating, Terminated]);
    await settle();
    expect(network.log).toEqual([]);
  });
});

describe("Initial -> Terminated", () => {
  test("Invitation.reject() answers 480 by default", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const inviterStates = recordStates(inviter);
    const states = recordStates(invitation);
    await invitation.reject();
    expect(states).toEqual([Terminated]);
    await settle();
    const final = network.messages({ request: false, cseqMethod: "INVITE" }).at(-1);
    expect(final.status).toBe(480);
    expect(final.reason).toBe("Temporarily Unavailable");
    expect(inviterStates).toEqual([Terminated]);
    // The ACK of a non-2xx belongs to the INVITE transaction (same branch).
    const [ack] = network.requests("ACK");
    expect(headerOf(ack.text, "Via")).toBe(headerOf(network.requests("INVITE")[0].text, "Via"));
  });

  test("Invitation.reject({ statusCode: 603, reasonPhrase }) answers with them; the request delegate hears it", async () => {
    const rejected = [];
    const { inviter, invitation } = await startCall(alice, bob, {
      inviteOptions: { requestDelegate: { onReject: (response) => rejected.push(response.message.statusCode) } }
    });
    await invitation.reject({ statusCode: 603, reasonPhrase: "Go Away", extraHeaders: ["X-Why: testing"] });
    await settle();
    const final = network.messages({ request: false, cseqMethod: "INVITE" }).at(-1);
    expect(final.status).toBe(603);
    expect(final.reason).toBe("Go Away");
    expect(headerOf(final.text, "X-Why")).toBe("testing");
    expect(rejected).toEqual([603]);
    expect(inviter.state).toBe(Terminated);
  });

  test("a 3xx from reject() is a redirect for the caller (onRedirect, Terminated)", async () => {
    const redirected = [];
    const { inviter, invitation } = await startCall(alice, bob, {
      inviteOptions: { requestDelegate: { onRedirect: (response) => redirected.push(response.message.statusCode) } }
    });
    await invitation.reject({ statusCode: 302, extraHeaders: ["Contact: <sip:carol@example.com>"] });
    await settle();
    expect(redirected).toEqual([302]);
    expect(inviter.state).toBe(Terminated);
    expect(headerOf(network.responses(302, "INVITE")[0].text, "Contact")).toBe("<sip:carol@example.com>");
  });
});

describe("Establishing -> Terminating -> Terminated", () => {
  test("Inviter.cancel() after the INVITE: CANCEL, 487, ACK; the invitation hears onCancel", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(inviter);
    const invitationStates = recordStates(invitation);
    const cancels = [];
    invitation.delegate = { onCancel: (cancel) => cancels.push(cancel.request.method) };
    await inviter.cancel({ statusCode: 486, reasonPhrase: "Busy Here" });
    expect(states).toEqual([Terminating]);
    await settle();
    expect(states).toEqual([Terminating, Terminated]);
    expect(invitationStates).toEqual([Terminated]);
    expect(cancels).toEqual(["CANCEL"]);
    const cancel = network.requests("CANCEL")[0];
    expect(headerOf(cancel.text, "Reason")).toBe('SIP;cause=486;text="Busy Here"');
    expect(wire().slice(3)).toEqual(["alice>bob CANCEL", "bob>alice 200 CANCEL", "bob>alice 487 INVITE", "alice>bob ACK"]);
  });
});

describe("Establishing -> Terminated", () => {
  test("Inviter: a non-2xx final response (486)", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(inviter);
    await invitation.reject({ statusCode: 486 });
    await settle();
    expect(states).toEqual([Terminated]);
    expect(inviter.dialog).toBeUndefined();
  });

  test("Invitation: accept() fails when the SDH cannot make an answer: 480, Terminated, accept() rejects", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const failure = new Error("no media (fake SDH)");
    bob.sdh.configure = (sdh) => (sdh.failGet = failure);
    await expect(invitation.accept()).rejects.toBe(failure);
    expect(states).toEqual([Establishing, Terminated]);
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).at(-1).status).toBe(480);
    expect(inviter.state).toBe(Terminated);
  });

  test("Invitation: progress(183) fails when the SDH cannot make the early answer: 480, Terminated, progress() rejects", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const failure = new Error("no media for early media (fake SDH)");
    bob.sdh.configure = (sdh) => (sdh.failGet = failure);
    await expect(invitation.progress({ statusCode: 183 })).rejects.toBe(failure);
    expect(states).toEqual([Terminated]);
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).at(-1).status).toBe(480);
    expect(inviter.state).toBe(Terminated);
  });

  test("Inviter: invite() fails when the SDH cannot make an offer (Initial -> Terminated, nothing sent)", async () => {
    const inviter = new Inviter(alice, bobUri());
    const states = recordStates(inviter);
    const failure = new Error("no microphone (fake SDH)");
    alice.sdh.configure = (sdh) => (sdh.failGet = failure);
    await expect(inviter.invite()).rejects.toBe(failure);
    expect(states).toEqual([Terminated]);
    await settle();
    expect(network.log).toEqual([]);
  });
});

describe("Established -> Terminating -> Terminated", () => {
  test("Invitation.bye() before the ACK came waits in Terminating, then BYEs once the ACK arrives", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const acks = network.hold((m) => m.method === "ACK");
    await invitation.accept();
    await settle();
    expect(acks.held).toHaveLength(1);
    expect(inviter.state).toBe(Established);
    const bye = invitation.bye();
    expect(invitation.state).toBe(Terminating);
    await settle();
    expect(network.requests("BYE")).toHaveLength(0);
    acks.release();
    await settle();
    await bye;
    expect(states).toEqual([Establishing, Established, Terminating, Terminated]);
    expect(wire().slice(-3)).toEqual(["alice>bob ACK", "bob>alice BYE", "alice>bob 200 BYE"]);
    expect(inviter.state).toBe(Terminated);
  });

  test("...and BYEs anyway when the ACK never arrives (64*T1)", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    network.lose((m) => m.method === "ACK");
    await invitation.accept();
    await settle();
    const bye = invitation.bye();
    expect(invitation.state).toBe(Terminating);
    await advance(31000);
    expect(network.requests("BYE")).toHaveLength(0);
    await advance(2000);
    await bye;
    expect(network.requests("BYE", { from: "bob" })).toHaveLength(1);
    expect(states).toEqual([Establishing, Established, Terminating, Terminated]);
    await settle();
    expect(inviter.state).toBe(Terminated);
  });
});

describe("Established -> Terminated", () => {
  test("Invitation with no ACK and no bye(): after 64*T1 the session BYEs and ends", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    network.lose((m) => m.method === "ACK");
    await invitation.accept();
    await settle();
    expect(states).toEqual([Establishing, Established]);
    await advance(31000);
    expect(states).toEqual([Establishing, Established]);
    // Meanwhile the 2xx was retransmitted (RFC 3261 13.3.1.4: T1, doubling up to T2).
    expect(network.responses(200, "INVITE").length).toBeGreaterThan(5);
    await advance(1000);
    expect(states).toEqual([Establishing, Established, Terminated]);
    expect(network.requests("BYE", { from: "bob" })).toHaveLength(1);
    await settle();
    expect(inviter.state).toBe(Terminated);
  });

  test("either side's BYE ends both; a second bye() is refused", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const inviterStates = recordStates(inviter);
    await invitation.bye();
    await settle();
    expect(invitation.state).toBe(Terminated);
    expect(inviterStates).toEqual([Terminated]);
    await expect(invitation.bye()).rejects.toThrow(new Error("Invalid session state Terminated"));
    expect(network.requests("BYE")).toHaveLength(1);
  });

  test("the dialog view follows the session, and keeps its identifiers once it ended", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const dialog = inviter.dialog;
    expect(dialog.callId).toBe(invitation.dialog.callId);
    expect(dialog.localTag).toBe(invitation.dialog.remoteTag);
    expect(dialog.remoteTag).toBe(invitation.dialog.localTag);
    expect(dialog.remoteTarget.toString()).toBe("sip:bob@bob.invalid;transport=ws");
    expect(invitation.dialog.remoteTarget.toString()).toBe("sip:alice@alice.invalid;transport=ws;ob");
    expect(inviter.id).toBe(dialog.callId + dialog.localTag);
    expect(invitation.id).toBe(dialog.callId + dialog.localTag);
    await inviter.bye();
    expect(inviter.dialog.callId).toBe(dialog.callId);
  });
});

describe("stateChange emits before the state machine moves on", () => {
  test("a listener sees the new state, and Terminated sessions leave the user agent's table", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const seen = [];
    inviter.stateChange.addListener((state) => seen.push([state, inviter.state, Object.keys(alice._sessions).length]));
    expect(Object.keys(alice._sessions)).toEqual([inviter.id]);
    await inviter.bye();
    expect(seen).toEqual([[Terminated, Terminated, 1]]);
    expect(Object.keys(alice._sessions)).toEqual([]);
    await settle();
    expect(Object.keys(bob._sessions)).toEqual([]);
    expect(describeMessage(network.log.at(-1).text).status).toBe(200);
    expect(invitation.state).toBe(Terminated);
  });
});
