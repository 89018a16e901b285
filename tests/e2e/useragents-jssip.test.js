// Calls between this package and JsSIP 3.13.8 through a private Kamailio (SIP over WebSocket, digest
// auth on REGISTER and INVITE). Our side is a UserAgent under Node with Web.JsSIPSession on top of
// its Inviter/Invitation; the JsSIP side is JsSIP's own UA and RTCSession, with `ws` as its
// WebSocket. Neither side has WebRTC here: ours uses a session description handler with fixed SDP,
// JsSIP gets a minimal RTCPeerConnection (offer/answer with fixed SDP, ICE gathering complete at
// once) through the globals it looks up (window.RTCPeerConnection, RTCSessionDescription).
// Checked each way: the call is set up and answered, DTMF over INFO both ways, hang-up by either
// side; and the two failure paths on the wire: CANCEL of an unanswered call, a 486 rejection.
import JsSIP from "jssip";
import { useKamailio, users } from "./support/kamailio.js";
import { installNodeWebSocket } from "./support/sip.js";
import { makeUserAgent } from "./support/useragents.js";
import { until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
const domain = "sipwasm.test";

const sdpOf = (who, port) =>
  ["v=0", `o=${who} 1 1 IN IP4 127.0.0.1`, "s=-", "c=IN IP4 127.0.0.1", "t=0 0", `m=audio ${port} RTP/AVP 0 101`, "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=sendrecv", ""].join("\r\n");

// ---------------------------------------------------------------------------------------------
// JsSIP's WebRTC, minimal: what RTCSession calls while it offers, answers and hangs up.

class FakeRTCPeerConnection extends EventTarget {
  constructor() {
    super();
    this.localDescription = null;
    this.remoteDescription = null;
    this.signalingState = "stable";
    this.iceGatheringState = "new";
    this.iceConnectionState = "new";
    this.connectionState = "new";
  }
  createOffer() {
    return Promise.resolve({ type: "offer", sdp: sdpOf("jssip", 40000) });
  }
  createAnswer() {
    return Promise.resolve({ type: "answer", sdp: sdpOf("jssip", 40000) });
  }
  setLocalDescription(description) {
    this.localDescription = description;
    this.iceGatheringState = "complete"; // nothing to gather: the SDP is ready
    return Promise.resolve();
  }
  setRemoteDescription(description) {
    this.remoteDescription = description;
    return Promise.resolve();
  }
  addTrack() {
    return {};
  }
  getSenders() {
    return [];
  }
  getReceivers() {
    return [];
  }
  getTransceivers() {
    return [];
  }
  close() {
    this.signalingState = "closed";
  }
}

class FakeRTCSessionDescription {
  constructor({ type, sdp }) {
    this.type = type;
    this.sdp = sdp;
  }
}

function installJsSIPGlobals() {
  const saved = { window: globalThis.window, RTCPeerConnection: globalThis.RTCPeerConnection, RTCSessionDescription: globalThis.RTCSessionDescription };
  globalThis.RTCPeerConnection = FakeRTCPeerConnection;
  globalThis.RTCSessionDescription = FakeRTCSessionDescription;
  globalThis.window = { RTCPeerConnection: FakeRTCPeerConnection };
  return () => Object.assign(globalThis, saved);
}

// ---------------------------------------------------------------------------------------------
// Our side's session description handler: fixed SDP.

class StaticSDH {
  constructor() {
    this.remote = undefined;
  }
  getDescription() {
    return Promise.resolve({ body: sdpOf("sipwasm", 30000), contentType: "application/sdp" });
  }
  hasDescription(contentType) {
    return contentType === "application/sdp";
  }
  setDescription(sdp) {
    this.remote = sdp;
    return Promise.resolve();
  }
  sendDtmf() {
    return false;
  }
  close() {}
}

// ---------------------------------------------------------------------------------------------
// The two user agents

let restoreWebSocket;
let restoreJsSIPGlobals;
const cleanups = [];
beforeAll(() => {
  restoreWebSocket = installNodeWebSocket();
  restoreJsSIPGlobals = installJsSIPGlobals();
  JsSIP.debug.disable("JsSIP:*");
});
afterAll(() => {
  restoreJsSIPGlobals();
  restoreWebSocket();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Our UserAgent, registered as `user`; incoming Invitations go to `invitations`. */
async function ourAgent(SIP, user) {
  const invitations = [];
  const agent = await makeUserAgent(SIP, {
    user,
    server: kamailio.url,
    register: true,
    userAgentOptions: {
      sessionDescriptionHandlerFactory: () => new StaticSDH(),
      delegate: { onInvite: (invitation) => invitations.push(invitation) }
    }
  });
  cleanups.push(() => agent.dispose());
  agent.invitations = invitations;
  return agent;
}

/** JsSIP's UA, registered as `user`; its RTCSessions (with their events, in order) go to `sessions`. */
async function jssipAgent(user) {
  const socket = new JsSIP.WebSocketInterface(kamailio.url);
  const ua = new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${user}@${domain}`,
    password: users[user].password,
    register: true,
    user_agent: "JsSIP 3.13.8 (e2e)",
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 4
  });
  const sessions = [];
  ua.on("newRTCSession", ({ originator, session, request }) => {
    const entry = { originator, session, request, events: [] };
    for (const name of ["progress", "accepted", "confirmed", "ended", "failed", "newDTMF"]) {
      session.on(name, (data) => entry.events.push([name, data]));
    }
    sessions.push(entry);
  });
  // JsSIP 3.13.8 never clears an INVITE server transaction's Timer H (Transactions.js: not when
  // the ACK to its non-2xx arrives, not when the transaction is destroyed), so after a CANCEL it
  // would keep this worker alive for 32 s after the tests: the cleanup clears it.
  const serverTransactions = [];
  ua.on("newTransaction", ({ transaction }) => {
    if (transaction.type === "ist") serverTransactions.push(transaction);
  });
  const registered = new Promise((resolve, reject) => {
    ua.once("registered", resolve);
    ua.once("registrationFailed", (e) => reject(new Error(`JsSIP registration failed: ${e.cause}`)));
  });
  ua.start();
  cleanups.push(async () => {
    const stopped = new Promise((resolve) => ua.once("disconnected", resolve));
    ua.stop();
    await withTimeout(stopped, 8000, "JsSIP to disconnect").catch(() => undefined);
    for (const transaction of serverTransactions) clearTimeout(transaction.H);
  });
  await withTimeout(registered, 8000, `JsSIP ${user}: registered`);
  return { ua, sessions };
}

/** Every event of our JsSIPSession, in order. */
function record(session) {
  const events = [];
  for (const name of ["progress", "started", "ended", "failed", "newDTMF"]) session.on(name, (data) => events.push([name, data]));
  return events;
}
const has = (events, name) => events.find(([n]) => n === name);
const dataOf = (events, name) => (has(events, name) || [])[1];
const tonesOf = (events) => events.filter(([n]) => n === "newDTMF").map(([, d]) => d.dtmf.tone).join("");

const loadOurs = () => import("../../lib/index.js");

describe("this package <-> JsSIP 3.13.8 through Kamailio", () => {
  test("we call JsSIP: it rings and answers; DTMF both ways; we hang up", async () => {
    const SIP = await loadOurs();
    const jssip = await jssipAgent("bob");
    const alice = await ourAgent(SIP, "alice");

    const call = SIP.Web.JsSIPSession.call(alice.ua, `sip:bob@${domain}`, { mediaConstraints: { audio: true, video: false } });
    const events = record(call);
    await until(() => jssip.sessions.length === 1, { timeout: 8000, what: "JsSIP to get the INVITE" });
    const remote = jssip.sessions[0];
    expect(remote.originator).toBe("remote");
    expect(remote.session.direction).toBe("incoming");
    expect(remote.request.body).toBe(sdpOf("sipwasm", 30000));
    await until(() => has(events, "progress"), { timeout: 8000, what: "progress (JsSIP's 180)" });
    expect(dataOf(events, "progress").originator).toBe("remote");
    expect(dataOf(events, "progress").response.statusCode).toBe(180);

    remote.session.answer({ mediaConstraints: { audio: false, video: false } });
    await until(() => has(events, "started"), { timeout: 8000, what: "started" });
    expect(dataOf(events, "started").response.statusCode).toBe(200);
    expect(dataOf(events, "started").response.body).toBe(sdpOf("jssip", 40000));
    expect(call.session.sessionDescriptionHandler.remote).toBe(sdpOf("jssip", 40000));
    await until(() => has(remote.events, "confirmed"), { timeout: 8000, what: "JsSIP to get the ACK" });
    expect(remote.session.remote_identity.uri.toString()).toBe(`sip:alice@${domain}`);

    // DTMF: ours -> JsSIP, JsSIP -> ours (both over INFO, application/dtmf-relay).
    call.sendDTMF("1#", { duration: 100, interToneGap: 50 });
    await until(() => tonesOf(remote.events) === "1#", { timeout: 8000, what: "JsSIP to get 1#" });
    const jssipDTMF = remote.events.filter(([n]) => n === "newDTMF").map(([, d]) => d);
    expect(jssipDTMF.map((d) => [d.originator, d.dtmf.duration])).toEqual([
      ["remote", 100],
      ["remote", 100]
    ]);
    remote.session.sendDTMF("7*", { duration: 120, interToneGap: 50 });
    await until(() => tonesOf(events) === "1#7*", { timeout: 8000, what: "us to get 7*" });
    const ours = events.filter(([n]) => n === "newDTMF").map(([, d]) => [d.originator, d.dtmf.tone, d.dtmf.duration]);
    expect(ours).toEqual([
      ["local", "1", 100],
      ["local", "#", 100],
      ["remote", "7", 120],
      ["remote", "*", 120]
    ]);

    call.terminate();
    expect(dataOf(events, "ended")).toMatchObject({ originator: "local", cause: "Terminated" });
    await until(() => has(remote.events, "ended"), { timeout: 8000, what: "JsSIP to get the BYE" });
    expect(dataOf(remote.events, "ended")).toMatchObject({ originator: "remote", cause: JsSIP.C.causes.BYE });
  });

  test("JsSIP calls us: we ring and answer; JsSIP hangs up", async () => {
    const SIP = await loadOurs();
    const alice = await ourAgent(SIP, "alice");
    const jssip = await jssipAgent("bob");

    const outgoing = jssip.ua.call(`sip:alice@${domain}`, { mediaConstraints: { audio: false, video: false } });
    const jssipEvents = jssip.sessions[0].events;
    await until(() => alice.invitations.length === 1, { timeout: 8000, what: "us to get the INVITE" });
    const incoming = SIP.Web.JsSIPSession.fromInvitation(alice.invitations[0]);
    const events = record(incoming);
    expect(incoming.direction).toBe("incoming");
    expect(incoming.remote_identity.uri.toString()).toBe(`sip:bob@${domain}`);
    expect(incoming.local_identity.uri.toString()).toBe(`sip:alice@${domain}`);
    await until(() => has(jssipEvents, "progress"), { timeout: 8000, what: "JsSIP's progress (our 180)" });
    expect(dataOf(jssipEvents, "progress").response.status_code).toBe(180);
    expect(dataOf(events, "progress")).toEqual({ originator: "local", response: null });

    incoming.answer({ mediaConstraints: { audio: true, video: false } });
    await until(() => has(jssipEvents, "confirmed"), { timeout: 8000, what: "JsSIP to confirm" });
    expect(dataOf(jssipEvents, "accepted").response.body).toBe(sdpOf("sipwasm", 30000));
    expect(incoming.session.sessionDescriptionHandler.remote).toBe(sdpOf("jssip", 40000));
    await until(() => incoming.status === SIP.Web.JsSIPSession.C.STATUS_CONFIRMED, { timeout: 8000, what: "our ACK" });
    expect(dataOf(events, "started").originator).toBe("local");

    outgoing.terminate();
    await until(() => has(events, "ended"), { timeout: 8000, what: "our ended" });
    const ended = dataOf(events, "ended");
    expect(ended.originator).toBe("remote");
    expect(ended.cause).toBe("Terminated");
    expect(ended.message.method).toBe("BYE");
    expect(incoming.end_time).toBeInstanceOf(Date);
  });

  test("we cancel an unanswered call to JsSIP (CANCEL through Kamailio): both sides fail with Canceled", async () => {
    const SIP = await loadOurs();
    const jssip = await jssipAgent("bob");
    const alice = await ourAgent(SIP, "alice");
    const call = SIP.Web.JsSIPSession.call(alice.ua, `sip:bob@${domain}`);
    const events = record(call);
    await until(() => has(events, "progress"), { timeout: 8000, what: "progress" });
    call.terminate({ statusCode: 200, reasonPhrase: "Call completed elsewhere" });
    expect(dataOf(events, "failed")).toMatchObject({ originator: "local", cause: "Canceled" });
    const remote = jssip.sessions[0];
    await until(() => has(remote.events, "failed"), { timeout: 8000, what: "JsSIP to get the CANCEL" });
    const failed = dataOf(remote.events, "failed");
    expect(failed.originator).toBe("remote");
    expect(failed.cause).toBe(JsSIP.C.causes.CANCELED);
    expect(failed.message.method).toBe("CANCEL");
    expect(failed.message.getHeader("Reason")).toMatch(/^SIP ;cause=200 ;text="Call completed elsewhere"$/);
  });

  test("we reject JsSIP's call with 486: JsSIP fails with Busy", async () => {
    const SIP = await loadOurs();
    const alice = await ourAgent(SIP, "alice");
    const jssip = await jssipAgent("bob");
    jssip.ua.call(`sip:alice@${domain}`, { mediaConstraints: { audio: false, video: false } });
    await until(() => alice.invitations.length === 1, { timeout: 8000, what: "us to get the INVITE" });
    const incoming = SIP.Web.JsSIPSession.fromInvitation(alice.invitations[0]);
    const events = record(incoming);
    incoming.terminate({ statusCode: 486 });
    expect(dataOf(events, "failed")).toMatchObject({ originator: "local", cause: "Rejected" });
    const jssipEvents = jssip.sessions[0].events;
    await until(() => has(jssipEvents, "failed"), { timeout: 8000, what: "JsSIP's failed" });
    const failed = dataOf(jssipEvents, "failed");
    expect(failed.originator).toBe("remote");
    expect(failed.cause).toBe(JsSIP.C.causes.BUSY);
    expect(failed.message.status_code).toBe(486);
  });
});
