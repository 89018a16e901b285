// Inviter and Invitation options as they show on the wire and to the session description handler
// (anonymous, params, extraHeaders, render body without SDP, SDH options / modifiers / factory
// options, onSessionDescriptionHandler, P-Asserted-Identity), and UserAgent.stop() with sessions in
// every state (BYE for established ones, CANCEL for ringing ones, 480 for unanswered invitations).
import { Inviter, SessionState, UserAgent } from "../../lib/index.js";
import {
  establishedCall,
  headerOf,
  makeUserAgent,
  recordStates,
  settle,
  startCall,
  stopAll,
  useSipNetwork
} from "./support/session-harness.js";

const { Established, Terminated } = SessionState;

let network;
let alice;
let bob;

useSipNetwork((made) => {
  network = made;
  alice = makeUserAgent(network, "alice", { sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 123 } });
  bob = makeUserAgent(network, "bob");
  return [alice, bob];
});

const bobUri = () => UserAgent.makeURI("sip:bob@example.com");

describe("Inviter options on the wire", () => {
  test("anonymous: From, Contact, P-Preferred-Identity and Privacy as SIP.js writes them", async () => {
    const inviter = new Inviter(alice, bobUri(), { anonymous: true });
    await inviter.invite();
    const invite = network.requests("INVITE")[0];
    expect(headerOf(invite.text, "From")).toMatch(/^"Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/);
    expect(headerOf(invite.text, "Contact")).toBe("<sip:anonymous@anonymous.invalid;transport=ws;ob>");
    // SIP.js writes the AOR bare here.
    expect(headerOf(invite.text, "P-Preferred-Identity")).toBe("sip:alice@example.com");
    expect(headerOf(invite.text, "Privacy")).toBe("id");
    expect(inviter.localIdentity.uri.toString()).toBe("sip:anonymous@anonymous.invalid");
    await settle();
    await inviter.cancel();
    await settle();
  });

  test("params and extraHeaders: To, From display name, Call-ID, CSeq and extra lines", async () => {
    const inviter = new Inviter(alice, bobUri(), {
      params: {
        toUri: "sip:robert@example.com",
        toDisplayName: "Robert",
        fromDisplayName: "Ally",
        callId: "fixed-call-id-1",
        cseq: 100
      },
      extraHeaders: ["X-Campaign: spring", "P-Asserted-Identity: <sip:alice-pai@example.com>"]
    });
    expect(inviter.remoteIdentity.uri.toString()).toBe("sip:robert@example.com");
    await inviter.invite();
    await settle();
    const invite = network.requests("INVITE")[0];
    expect(invite.ruri).toBe("sip:bob@example.com");
    expect(headerOf(invite.text, "To")).toBe('"Robert" <sip:robert@example.com>');
    expect(headerOf(invite.text, "From")).toMatch(/^"Ally" <sip:alice@example\.com>;tag=/);
    expect(headerOf(invite.text, "Call-ID")).toBe("fixed-call-id-1");
    expect(headerOf(invite.text, "CSeq")).toBe("100 INVITE");
    expect(headerOf(invite.text, "X-Campaign")).toBe("spring");
    // The callee sees the asserted identity of the INVITE.
    const invitation = bob.invitations[0];
    expect(invitation.assertedIdentity.uri.user).toBe("alice-pai");
    expect(invitation.remoteIdentity.displayName).toBe("Ally");
    expect(invitation.id).toBe("fixed-call-id-1" + inviter.request.fromTag);
    expect(inviter.id).toBe(invitation.id);
    await invitation.accept();
    await settle();
    // The ACK and later requests keep counting from 100.
    expect(headerOf(network.requests("ACK")[0].text, "CSeq")).toBe("100 ACK");
    await inviter.bye();
    expect(headerOf(network.requests("BYE")[0].text, "CSeq")).toBe("101 BYE");
  });

  test("inviteWithoutSdp with a render body: the INVITE carries it; a callee on this core answers 415", async () => {
    const inviter = new Inviter(alice, bobUri(), {
      inviteWithoutSdp: true,
      renderbody: "Call from the front desk",
      rendertype: "text/plain"
    });
    const heard = [];
    await inviter.invite({ requestDelegate: { onReject: (r) => heard.push(r.message.statusCode) } });
    await settle();
    const invite = network.requests("INVITE")[0];
    expect(invite.body).toBe("Call from the front desk");
    expect(headerOf(invite.text, "Content-Type")).toBe("text/plain");
    // As SIP.js writes it: no Content-Disposition, so the body defaults to render with
    // handling=required, which RFC 3261 8.2.3 makes a 415 for a type the UAS does not take.
    // (SIP.js's core takes any body and would let the call through.)
    expect(headerOf(invite.text, "Content-Disposition")).toBeUndefined();
    const [answer] = network.responses(415, "INVITE");
    expect(headerOf(answer.text, "Accept")).toMatch(/application\/sdp/);
    expect(bob.invitations).toHaveLength(0);
    expect(heard).toEqual([415]);
    expect(inviter.state).toBe(Terminated);
  });

  test("inviteWithoutSdp: the callee offers in the 200, the caller answers in the ACK", async () => {
    const inviter = new Inviter(alice, bobUri(), { inviteWithoutSdp: true });
    await inviter.invite();
    await settle();
    const invite = network.requests("INVITE")[0];
    expect(invite.body).toBe("");
    expect(inviter.sessionDescriptionHandler).toBeUndefined();
    const invitation = bob.invitations[0];
    await invitation.accept();
    await settle();
    const [ok] = network.responses(200, "INVITE");
    const [ack] = network.requests("ACK");
    expect(ok.body).toMatch(/^v=0\r\no=bob /);
    expect(ack.body).toMatch(/^v=0\r\no=alice /);
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["set", "get"]);
    expect(inviter.sessionDescriptionHandler.remote).toEqual([ok.body]);
    // bob took the answer from the ACK (and told the application of the ACK).
    expect(invitation.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(invitation.sessionDescriptionHandler.remote).toEqual([ack.body]);
    expect(invitation.dialog.signalingState).toBe("Stable");
  });

  test("a render body with an SDP offer goes in the ACK", async () => {
    const inviter = new Inviter(alice, bobUri(), { renderbody: "Hello", rendertype: "text/plain" });
    await inviter.invite();
    await settle();
    expect(network.requests("INVITE")[0].body).toMatch(/^v=0\r\n/);
    await bob.invitations[0].accept();
    await settle();
    const [ack] = network.requests("ACK");
    expect(ack.body).toBe("Hello");
    expect(headerOf(ack.text, "Content-Type")).toBe("text/plain");
    expect(inviter.state).toBe(Established);
    expect(bob.invitations[0].state).toBe(Established);
  });
});

describe("session description handler options", () => {
  test("factory options, SDH options and modifiers reach the handlers; onSessionDescriptionHandler is told", async () => {
    const modifier = (description) => Promise.resolve(description);
    const told = [];
    const inviter = new Inviter(alice, bobUri(), {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
      sessionDescriptionHandlerModifiers: [modifier],
      delegate: { onSessionDescriptionHandler: (sdh, provisional) => told.push([sdh, provisional]) }
    });
    await inviter.invite();
    const sdh = inviter.sessionDescriptionHandler;
    expect(told).toEqual([[sdh, false]]);
    expect(sdh.factoryOptions).toEqual({ iceGatheringTimeout: 123 });
    expect(sdh.options[0]).toEqual(["get", { constraints: { audio: true, video: false } }, [modifier]]);
    await settle();
    const invitation = bob.invitations[0];
    await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true } } });
    expect(invitation.sessionDescriptionHandlerOptions).toEqual({ constraints: { audio: true } });
    const bobSdh = invitation.sessionDescriptionHandler;
    expect(bobSdh.options.map((o) => o[1])).toEqual([{ constraints: { audio: true } }, { constraints: { audio: true } }]);
    await settle();
    // The answer in the 200 is set with the same session options as the offer.
    expect(sdh.options[1]).toEqual(["set", { constraints: { audio: true, video: false } }, [modifier]]);
  });

  test("the session's SDH is closed when the session ends", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    expect(inviter.sessionDescriptionHandler.closed).toBe(false);
    await inviter.bye();
    expect(inviter.sessionDescriptionHandler.closed).toBe(true);
    await settle();
    expect(invitation.sessionDescriptionHandler.closed).toBe(true);
  });
});

describe("P-Asserted-Identity", () => {
  test("from the 200 becomes the caller's assertedIdentity; it stays readable after the session ended", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    expect(inviter.assertedIdentity).toBeUndefined();
    await invitation.accept({ extraHeaders: ['P-Asserted-Identity: "Robert" <sip:robert@example.com>'] });
    await settle();
    expect(inviter.assertedIdentity.uri.user).toBe("robert");
    expect(inviter.assertedIdentity.displayName).toBe("Robert");
    const callId = inviter.dialog.callId;
    const remoteTag = inviter.dialog.remoteTag;
    await inviter.bye();
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(inviter.assertedIdentity.uri.user).toBe("robert");
    // The dialog and the INVITE also stay readable: kept from the C++ session as it ended.
    expect(inviter.dialog.callId).toBe(callId);
    expect(inviter.dialog.remoteTag).toBe(remoteTag);
    expect(inviter.dialog.sessionState).toBe("Terminated");
    expect(inviter.request.callId).toBe(callId);
    expect(inviter.request.getHeader("Via")).toMatch(/;branch=z9hG4bK/);
    expect(invitation.dialog.callId).toBe(callId);
  });
});

describe("Invitation.progress() options", () => {
  test("a 183 with a reason phrase, extra headers and a body of the application's", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    await invitation.progress({
      statusCode: 183,
      reasonPhrase: "Queued",
      extraHeaders: ["X-Position: 3"],
      body: { contentDisposition: "render", contentType: "text/plain", content: "You are number 3" }
    });
    await settle();
    const [r183] = network.responses(183, "INVITE");
    expect(r183.reason).toBe("Queued");
    expect(headerOf(r183.text, "X-Position")).toBe("3");
    expect(r183.body).toBe("You are number 3");
    // The application's body: no SDH was asked for an answer.
    expect(invitation.sessionDescriptionHandler).toBeUndefined();
    await invitation.accept();
    await settle();
    expect(inviter.state).toBe(Established);
  });

  test("progress({ statusCode: 100 }) resolves and changes nothing", async () => {
    const { invitation } = await startCall(alice, bob);
    await invitation.progress({ statusCode: 100 });
    await settle();
    // SIP.js's core sends the 100 again (even after the 180); this core sends its 100 once.
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).map((m) => m.status)).toEqual([100, 180]);
    expect(invitation.state).toBe(SessionState.Initial);
    await invitation.reject();
    await settle();
  });
});

describe("dispose()", () => {
  test("of an established Invitation sends BYE; a second dispose() resolves without sending anything", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    await Promise.all([invitation.dispose(), settle()]);
    expect(network.requests("BYE").map((m) => m.from)).toEqual(["bob"]);
    expect(invitation.state).toBe(Terminated);
    expect(inviter.state).toBe(Terminated);
    await invitation.dispose();
    await settle();
    expect(network.requests("BYE")).toHaveLength(1);
  });
});

describe("UserAgent.stop() with sessions in every state", () => {
  test("the caller stops: BYE for the established call, CANCEL for the ringing one", async () => {
    const one = await establishedCall(alice, bob);
    const two = await startCall(alice, bob);
    const oneStates = recordStates(one.invitation);
    const twoStates = recordStates(two.invitation);
    await stopAll(alice);
    expect(one.inviter.state).toBe(Terminated);
    expect(two.inviter.state).toBe(Terminated);
    // stop() waits for the BYE's answer, not for the CANCEL's: the 487 is ACKed while the
    // transport is being disposed.
    const sentByAlice = network.summary((m) => m.from === "alice").slice(3);
    expect(sentByAlice).toEqual(["alice>bob BYE", "alice>bob CANCEL", "alice>bob ACK"]);
    await settle();
    expect(oneStates).toEqual([Terminated]);
    expect(twoStates).toEqual([Terminated]);
    expect(network.responses(487, "INVITE")).toHaveLength(1);
  });

  test("the callee stops with an unanswered invitation: 480", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    const states = recordStates(inviter);
    await stopAll(bob);
    expect(invitation.state).toBe(Terminated);
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).map((m) => m.status)).toEqual([100, 180, 480]);
    expect(states).toEqual([Terminated]);
  });
});
