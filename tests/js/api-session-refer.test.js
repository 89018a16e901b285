// REFER inside a session between three user agents (RFC 3515, RFC 3891): blind transfer (the
// transferee follows the Refer-To and reports the INVITE's progress to the transferor as NOTIFYs
// carrying message/sipfrag), attended transfer (Refer-To with Replaces: the transfer target ends
// the replaced session with BYE), and the Replaces checks of an incoming INVITE (481 for an
// unknown dialog, 486 for early-only on a confirmed one).
import { Inviter, Notification, Referral, SessionState, UserAgent } from "../../lib/index.js";
import {
  establishedCall,
  headerOf,
  makeUserAgent,
  recordStates,
  settle,
  useSipNetwork
} from "./support/session-harness.js";

const { Established, Terminated } = SessionState;

let network;
let alice;
let bob;
let carol;

useSipNetwork((made) => {
  network = made;
  alice = makeUserAgent(network, "alice");
  bob = makeUserAgent(network, "bob");
  carol = makeUserAgent(network, "carol", { sipExtensionReplaces: "Supported" });
  return [alice, bob, carol];
});

const carolUri = () => UserAgent.makeURI("sip:carol@example.com");

// The NOTIFYs alice's onNotify receives: their sipfrag bodies (each one is accepted).
function sipfragCollector() {
  const bodies = [];
  const notifications = [];
  const onNotify = (notification) => {
    notifications.push(notification);
    bodies.push(notification.request.body);
    notification.accept();
  };
  return { bodies, notifications, onNotify };
}

describe("blind transfer", () => {
  test("REFER, 202, the transferee INVITEs the target; its progress comes back as sipfrag NOTIFYs", async () => {
    const ab = await establishedCall(alice, bob);
    const referrals = [];
    ab.invitation.delegate = { onRefer: (referral) => referrals.push(referral) };
    const accepted = [];
    const notes = sipfragCollector();
    const sent = await ab.inviter.refer(carolUri(), {
      onNotify: notes.onNotify,
      requestDelegate: { onAccept: (response) => accepted.push(response.message.statusCode) }
    });
    expect(sent.message.method).toBe("REFER");
    await settle();
    // The REFER as SIP.js writes it.
    const [refer] = network.requests("REFER");
    expect(refer.from).toBe("alice");
    // SIP.js writes a URI target as the bare URI.
    expect(headerOf(refer.text, "Refer-To")).toBe("sip:carol@example.com");
    expect(headerOf(refer.text, "Referred-By")).toBe("<sip:alice@example.com>");
    expect(headerOf(refer.text, "Contact")).toBe("<sip:alice@alice.invalid;transport=ws;ob>");
    expect(headerOf(refer.text, "Call-ID")).toBe(ab.inviter.dialog.callId);
    // The transferee's application decides.
    expect(referrals).toHaveLength(1);
    const referral = referrals[0];
    expect(referral).toBeInstanceOf(Referral);
    expect(referral.referTo.uri.toString()).toBe("sip:carol@example.com");
    expect(referral.referredBy).toBe("<sip:alice@example.com>");
    expect(referral.replaces).toBeUndefined();
    expect(network.responses(202, "REFER")).toHaveLength(0);
    await referral.accept();
    await settle();
    expect(network.responses(202, "REFER")).toHaveLength(1);
    expect(accepted).toEqual([202]);

    const transfer = referral.makeInviter();
    expect(referral.makeInviter()).toBe(transfer);
    await transfer.invite();
    await settle();
    const invite = network.requests("INVITE", { from: "bob" })[0];
    expect(invite.to).toBe("carol");
    expect(headerOf(invite.text, "Referred-By")).toBe("<sip:alice@example.com>");
    const bc = carol.invitations[0];
    await bc.accept();
    await settle();
    expect(transfer.state).toBe(Established);

    // Trying, Ringing, OK: one NOTIFY each, in the REFER's dialog, Event: refer.
    expect(notes.bodies).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"]);
    for (const notification of notes.notifications) expect(notification).toBeInstanceOf(Notification);
    const notifies = network.requests("NOTIFY");
    expect(notifies.map((m) => m.from)).toEqual(["bob", "bob", "bob"]);
    for (const notify of notifies) {
      expect(headerOf(notify.text, "Event")).toBe("refer");
      expect(headerOf(notify.text, "Subscription-State")).toBe("terminated");
      expect(headerOf(notify.text, "Content-Type")).toBe("message/sipfrag");
      expect(headerOf(notify.text, "Call-ID")).toBe(ab.inviter.dialog.callId);
    }
    expect(network.responses(200, "NOTIFY")).toHaveLength(3);
    // The transfer leaves the first call to the application: still up on both sides.
    expect(ab.inviter.state).toBe(Established);
    expect(ab.invitation.state).toBe(Established);
    await ab.inviter.bye();
    await settle();
    expect(ab.invitation.state).toBe(Terminated);
    expect(transfer.state).toBe(Established);
  });

  test("without onNotify the NOTIFYs reach the session's delegate.onNotify", async () => {
    const ab = await establishedCall(alice, bob);
    const seen = [];
    ab.inviter.delegate = {
      onNotify: (notification) => {
        seen.push(notification.request.body);
        notification.accept();
      }
    };
    ab.invitation.delegate = {
      onRefer: (referral) => referral.accept().then(() => referral.makeInviter().invite())
    };
    await ab.inviter.refer(carolUri());
    await settle();
    await carol.invitations[0].reject({ statusCode: 486 });
    await settle();
    expect(seen).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 486 Busy Here"]);
  });

  test("a session without onRefer accepts and follows the REFER itself", async () => {
    const ab = await establishedCall(alice, bob);
    const notes = sipfragCollector();
    await ab.inviter.refer(carolUri(), { onNotify: notes.onNotify });
    await settle();
    expect(network.responses(202, "REFER")).toHaveLength(1);
    expect(carol.invitations).toHaveLength(1);
    expect(carol.invitations[0].request.getHeader("Referred-By")).toBe("<sip:alice@example.com>");
    await carol.invitations[0].accept();
    await settle();
    expect(notes.bodies.at(-1)).toBe("SIP/2.0 200 OK");
  });

  test("a REFER the transferee rejects: onReject on the transferor; nobody is invited", async () => {
    const ab = await establishedCall(alice, bob);
    ab.invitation.delegate = { onRefer: (referral) => referral.reject({ statusCode: 603 }) };
    const rejected = [];
    await ab.inviter.refer(carolUri(), { requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    expect(rejected).toEqual([603]);
    expect(carol.invitations).toHaveLength(0);
    expect(ab.inviter.state).toBe(Established);
  });

  test("Referral.reject() without options answers 480, as SIP.js's core default", async () => {
    const ab = await establishedCall(alice, bob);
    ab.invitation.delegate = { onRefer: (referral) => referral.reject() };
    await ab.inviter.refer(carolUri());
    await settle();
    expect(network.messages({ request: false, cseqMethod: "REFER" }).map((m) => m.status)).toEqual([480]);
  });
});

describe("attended transfer (Replaces)", () => {
  test("the transfer target replaces its call with the transferor: the replaced session is BYEd", async () => {
    const ab = await establishedCall(alice, bob);
    const ac = await establishedCall(alice, carol);
    const acStates = recordStates(ac.inviter);
    const carolOldStates = recordStates(ac.invitation);
    const referrals = [];
    ab.invitation.delegate = { onRefer: (referral) => referrals.push(referral) };
    const notes = sipfragCollector();
    await ab.inviter.refer(ac.inviter, { onNotify: notes.onNotify });
    await settle();
    const [refer] = network.requests("REFER");
    const replaces = `${ac.inviter.dialog.callId};to-tag=${ac.inviter.dialog.remoteTag};from-tag=${ac.inviter.dialog.localTag}`;
    expect(headerOf(refer.text, "Refer-To")).toBe(
      `"carol@example.com" <sip:carol@carol.invalid;transport=ws?Replaces=${encodeURIComponent(replaces)}>`
    );

    const referral = referrals[0];
    expect(decodeURIComponent(referral.replaces)).toBe(replaces);
    await referral.accept();
    const transfer = referral.makeInviter();
    await transfer.invite();
    await settle();
    const invite = network.requests("INVITE", { from: "bob" })[0];
    expect(invite.ruri).toBe("sip:carol@carol.invalid;transport=ws");
    expect(headerOf(invite.text, "Replaces")).toBe(replaces);
    // Carol's user agent matched the dialog: the new invitation knows what it replaces.
    expect(carol.invitations).toHaveLength(2);
    const bc = carol.invitations[1];
    expect(bc.replacee).toBe(ac.invitation);
    expect(ac.invitation.state).toBe(Established);
    await bc.accept();
    await settle();
    // Established, then the replaced session's BYE goes to alice on the old dialog.
    expect(bc.state).toBe(Established);
    expect(transfer.state).toBe(Established);
    const byes = network.requests("BYE");
    expect(byes.map((m) => `${m.from}>${m.to}`)).toEqual(["carol>alice"]);
    expect(headerOf(byes[0].text, "Call-ID")).toBe(ac.inviter.dialog.callId);
    expect(carolOldStates).toEqual([Terminated]);
    expect(acStates).toEqual([Terminated]);
    expect(notes.bodies.at(-1)).toBe("SIP/2.0 200 OK");
    expect(ab.inviter.state).toBe(Established);
  });

  test("an INVITE replacing an unknown dialog is answered 481; the application never hears of it", async () => {
    const inviter = new Inviter(bob, carolUri(), { extraHeaders: ["Replaces: no-such-call;to-tag=a;from-tag=b"] });
    const rejected = [];
    await inviter.invite({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).map((m) => m.status)).toEqual([100, 481]);
    expect(carol.invitations).toHaveLength(0);
    expect(rejected).toEqual([481]);
    expect(inviter.state).toBe(Terminated);
  });

  test("early-only for a confirmed dialog is answered 486", async () => {
    const ac = await establishedCall(alice, carol);
    const d = ac.inviter.dialog;
    const inviter = new Inviter(bob, carolUri(), {
      extraHeaders: [`Replaces: ${d.callId};to-tag=${d.remoteTag};from-tag=${d.localTag};early-only`]
    });
    await inviter.invite();
    await settle();
    expect(network.responses(486, "INVITE")).toHaveLength(1);
    expect(carol.invitations).toHaveLength(1);
    expect(ac.invitation.state).toBe(Established);
  });

  test("a user agent with Replaces unsupported ignores the header (a new call, no replacee)", async () => {
    const ab = await establishedCall(alice, bob);
    const d = ab.inviter.dialog;
    // bob does not support Replaces (the default): carol calls him "replacing" his call with alice.
    const inviter = new Inviter(carol, UserAgent.makeURI("sip:bob@example.com"), {
      extraHeaders: [`Replaces: ${d.callId};to-tag=${d.localTag};from-tag=${d.remoteTag}`]
    });
    await inviter.invite();
    await settle();
    expect(bob.invitations).toHaveLength(2);
    expect(bob.invitations[1].replacee).toBeUndefined();
    await bob.invitations[1].accept();
    await settle();
    expect(ab.invitation.state).toBe(Established);
    expect(network.requests("BYE")).toHaveLength(0);
  });
});
