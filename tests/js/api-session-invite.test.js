// The initial INVITE transaction between user agents, beyond the plain call: digest
// authentication by a scripted proxy (401 / 407, MD5 and SHA-256), 100rel / PRACK (RFC 3262),
// forking (early dialogs, a second 2xx is ACKed and BYEd), the CANCEL / 2xx races, the
// invitation's no-answer timer and the INVITE's Expires.
import { createHash } from "node:crypto";
import { Inviter, SessionState, SessionTerminatedError, UserAgent } from "../../lib/index.js";
import {
  advance,
  gate,
  headerOf,
  makeUserAgent,
  recordStates,
  respond,
  ScriptedPeer,
  sdpOf,
  settle,
  startCall,
  tagOf,
  useSipNetwork
} from "./support/session-harness.js";

const { Initial, Establishing, Established, Terminating, Terminated } = SessionState;

let network;
let agents;

useSipNetwork((made) => {
  network = made;
  agents = [];
  return agents; // the tests add theirs
});

async function agent(name, options) {
  const ua = makeUserAgent(network, name, options);
  agents.push(ua);
  await ua.start();
  return ua;
}

const uri = (user) => UserAgent.makeURI(`sip:${user}@example.com`);
const inviteResponses = () => network.messages({ request: false, cseqMethod: "INVITE" });

function recorder() {
  const heard = [];
  const delegate = {};
  for (const name of ["onAccept", "onProgress", "onRedirect", "onReject", "onTrying"]) {
    delegate[name] = (response) => heard.push(`${name}:${response.message.statusCode}`);
  }
  return { heard, delegate };
}

// ---- digest authentication ----

function authParams(value) {
  const out = {};
  const re = /([a-zA-Z-]+)=("([^"]*)"|[^,\s]+)/g;
  let m;
  while ((m = re.exec(value))) out[m[1].toLowerCase()] = m[3] !== undefined ? m[3] : m[2];
  return out;
}

/**
 * A proxy in front of alice: the first INVITE without credentials gets a challenge (`status` 401
 * or 407, `algorithm` MD5 or SHA-256), swallowing the hop-by-hop ACK of it; credentials are
 * checked against `password` and the request goes on to its target.
 */
function challengingProxy({ status, algorithm, password = "alice-secret", rechallenge = false }) {
  const proxy = { challenged: new Set(), authorizations: [], verdicts: [] };
  const challengeHeader = status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const credentialsHeader = status === 401 ? "Authorization" : "Proxy-Authorization";
  const hash = (s) => createHash(algorithm === "SHA-256" ? "sha256" : "md5").update(s).digest("hex");
  const expected = (p) => {
    const ha1 = hash(`${p.username}:${p.realm}:${password}`);
    const ha2 = hash(`INVITE:${p.uri}`);
    return hash(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  };
  network.hooks.push((m) => {
    if (m.from !== "alice" || !m.request) return true;
    const branch = /branch=([^;\s]+)/.exec(headerOf(m.text, "Via"))[1];
    if (m.method === "ACK" && proxy.challenged.has(branch)) return false;
    if (m.method !== "INVITE") return true;
    const credentials = headerOf(m.text, credentialsHeader);
    const p = credentials && authParams(credentials.replace(/^Digest\s+/i, ""));
    const ok = !!credentials && p.response === expected(p);
    if (credentials) {
      proxy.authorizations.push({ header: credentials, params: p, request: m });
      proxy.verdicts.push(ok);
    }
    if (ok) return true;
    proxy.challenged.add(branch);
    if (!credentials || rechallenge) {
      const challenge = `${challengeHeader}: Digest realm="example.com", nonce="n-${proxy.challenged.size}", qop="auth", algorithm=${algorithm}`;
      network.send("proxy", respond(m.text, status, { reason: "Authenticate", toTag: "proxy", extra: [challenge] }));
      return false;
    }
    network.send("proxy", respond(m.text, 403, { reason: "Forbidden", toTag: "proxy" }));
    return false;
  });
  return proxy;
}

describe("digest authentication of the INVITE", () => {
  for (const [status, algorithm] of [
    [407, "MD5"],
    [401, "MD5"],
    [407, "SHA-256"],
    [401, "SHA-256"]
  ]) {
    test(`${status} with ${algorithm}: the INVITE is sent again with credentials and the call proceeds`, async () => {
      const proxy = challengingProxy({ status, algorithm });
      const alice = await agent("alice", { authorizationUsername: "alice", authorizationPassword: "alice-secret" });
      const bob = await agent("bob");
      const { heard, delegate } = recorder();
      const { inviter, invitation } = await startCall(alice, bob, { inviteOptions: { requestDelegate: delegate } });
      expect(network.summary().slice(0, 4)).toEqual([
        "alice>bob INVITE",
        `proxy>alice ${status} INVITE`,
        "alice>bob ACK",
        "alice>bob INVITE"
      ]);
      const [first, second] = network.requests("INVITE");
      // The same request again: Call-ID, From tag and body; a new branch and the next CSeq.
      expect(headerOf(second.text, "Call-ID")).toBe(headerOf(first.text, "Call-ID"));
      expect(tagOf(headerOf(second.text, "From"))).toBe(tagOf(headerOf(first.text, "From")));
      expect(headerOf(first.text, "CSeq")).toBe("1 INVITE");
      expect(headerOf(second.text, "CSeq")).toBe("2 INVITE");
      expect(headerOf(second.text, "Via")).not.toBe(headerOf(first.text, "Via"));
      expect(second.body).toBe(first.body);
      // The credentials: the challenge's realm, nonce, algorithm and qop; a valid response.
      expect(proxy.verdicts).toEqual([true]);
      const { params } = proxy.authorizations[0];
      expect(params).toMatchObject({
        username: "alice",
        realm: "example.com",
        nonce: "n-1",
        uri: "sip:bob@example.com",
        qop: "auth",
        nc: "00000001"
      });
      expect(params.algorithm || "MD5").toBe(algorithm);
      expect(params.cnonce).toMatch(/^\S+$/);
      expect(params.response).toMatch(algorithm === "SHA-256" ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{32}$/);
      // The challenge is not the application's business; the call goes on.
      expect(heard).toEqual(["onTrying:100", "onProgress:180"]);
      expect(invitation.request.getHeader("CSeq")).toBe("2 INVITE");
      await invitation.accept();
      await settle();
      expect(inviter.state).toBe(Established);
      expect(heard).toEqual(["onTrying:100", "onProgress:180", "onAccept:200"]);
      // The ACK of the 2xx is end to end, with the CSeq of the INVITE it acknowledges.
      const acks = network.requests("ACK");
      expect(acks).toHaveLength(2);
      expect(headerOf(acks[1].text, "CSeq")).toBe("2 ACK");
    });
  }

  test("invite() resolves with the INVITE as sent: its message is Inviter.request, updated by an authentication retry", async () => {
    challengingProxy({ status: 401, algorithm: "MD5" });
    const alice = await agent("alice", { authorizationUsername: "alice", authorizationPassword: "alice-secret" });
    await agent("bob");
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@example.com"));
    const sent = await inviter.invite();
    expect(sent.message.method).toBe("INVITE");
    await settle();
    const wire = network.requests("INVITE");
    expect(wire).toHaveLength(2);
    expect(sent.message.getHeader("CSeq")).toBe("2 INVITE");
    expect(sent.message.getHeader("Via")).toBe(headerOf(wire[1].text, "Via"));
    expect(sent.message.callId).toBe(inviter.request.callId);
    await inviter.cancel();
  });

  test("wrong credentials: refused (403); nothing more is sent", async () => {
    challengingProxy({ status: 407, algorithm: "MD5", password: "the-real-one" });
    const alice = await agent("alice", { authorizationUsername: "alice", authorizationPassword: "alice-secret" });
    const bob = await agent("bob");
    const { heard, delegate } = recorder();
    const inviter = new Inviter(alice, uri("bob"));
    const states = recordStates(inviter);
    await inviter.invite({ requestDelegate: delegate });
    await settle();
    expect(network.summary()).toEqual([
      "alice>bob INVITE",
      "proxy>alice 407 INVITE",
      "alice>bob ACK",
      "alice>bob INVITE",
      "proxy>alice 403 INVITE",
      "alice>bob ACK"
    ]);
    expect(heard).toEqual(["onReject:403"]);
    expect(states).toEqual([Establishing, Terminated]);
    expect(bob.invitations).toHaveLength(0);
  });

  test("a second challenge after answering one is not answered again (loop guard); the session ends", async () => {
    const proxy = challengingProxy({ status: 407, algorithm: "SHA-256", password: "the-real-one", rechallenge: true });
    const alice = await agent("alice", { authorizationUsername: "alice", authorizationPassword: "alice-secret" });
    await agent("bob");
    const { heard, delegate } = recorder();
    const inviter = new Inviter(alice, uri("bob"));
    await inviter.invite({ requestDelegate: delegate });
    await settle();
    expect(network.summary()).toEqual([
      "alice>bob INVITE",
      "proxy>alice 407 INVITE",
      "alice>bob ACK",
      "alice>bob INVITE",
      "proxy>alice 407 INVITE",
      "alice>bob ACK"
    ]);
    expect(proxy.verdicts).toEqual([false]);
    expect(heard).toEqual(["onReject:407"]);
    expect(inviter.state).toBe(Terminated);
  });

  test("no credentials configured: SIP.js answers anyway with the AOR user (and no password)", async () => {
    const proxy = challengingProxy({ status: 407, algorithm: "MD5" });
    const alice = await agent("alice");
    await agent("bob");
    const { heard, delegate } = recorder();
    const inviter = new Inviter(alice, uri("bob"));
    await inviter.invite({ requestDelegate: delegate });
    await settle();
    expect(network.requests("INVITE")).toHaveLength(2);
    expect(proxy.authorizations[0].params.username).toBe("alice");
    expect(proxy.verdicts).toEqual([false]);
    expect(heard).toEqual(["onReject:403"]);
    expect(inviter.state).toBe(Terminated);
  });
});

// ---- early media without 100rel ----

describe("early media without 100rel", () => {
  test("an unreliable 183 with the answer: earlyMedia gives it to the caller's SDH before the 200", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { inviter, invitation } = await startCall(alice, bob, { inviterOptions: { earlyMedia: true } });
    await invitation.progress({ statusCode: 183 });
    await settle();
    const [r183] = network.responses(183, "INVITE");
    expect(headerOf(r183.text, "Require")).toBeUndefined();
    expect(r183.body).toMatch(/^v=0\r\no=bob /);
    expect(network.requests("PRACK")).toHaveLength(0);
    // SIP.js's core moves the early dialog to Stable on any 1xx answer; the Inviter then sets it.
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(inviter.sessionDescriptionHandler.remote).toEqual([r183.body]);
    await invitation.accept();
    await settle();
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(inviter.state).toBe(Established);
  });

  test("without earlyMedia the 183's answer is used once the 200 came", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { inviter, invitation } = await startCall(alice, bob);
    await invitation.progress({ statusCode: 183 });
    await settle();
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get"]);
    await invitation.accept();
    await settle();
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(inviter.state).toBe(Established);
  });
});

// ---- 100rel / PRACK ----

describe("100rel / PRACK (RFC 3262)", () => {
  async function pair(aliceOptions = {}, bobOptions = {}) {
    const alice = await agent("alice", { sipExtension100rel: "Supported", ...aliceOptions });
    const bob = await agent("bob", { sipExtension100rel: "Supported", ...bobOptions });
    return { alice, bob };
  }

  test("reliable 183 with the answer, PRACK, 200 PRACK, then 200 INVITE (repeating the answer) and ACK", async () => {
    const { alice, bob } = await pair();
    const { heard, delegate } = recorder();
    const { inviter, invitation } = await startCall(alice, bob, { inviteOptions: { requestDelegate: delegate } });
    const invite = network.requests("INVITE")[0];
    expect(headerOf(invite.text, "Supported")).toMatch(/\b100rel\b/);
    let progressed = false;
    const progress = invitation.progress({ statusCode: 183, rel100: true }).then(() => (progressed = true));
    await settle();
    await progress;
    expect(network.summary().slice(3)).toEqual(["bob>alice 183 INVITE", "alice>bob PRACK", "bob>alice 200 PRACK"]);
    const [r183, prack] = network.log.slice(3);
    expect(headerOf(r183.text, "Require")).toBe("100rel");
    const rseq = Number(headerOf(r183.text, "RSeq"));
    expect(rseq).toBeGreaterThanOrEqual(1);
    expect(r183.body).toMatch(/^v=0\r\no=bob /);
    expect(headerOf(prack.text, "RAck")).toBe(`${rseq} 1 INVITE`);
    expect(headerOf(prack.text, "CSeq")).toBe("2 PRACK");
    expect(tagOf(headerOf(prack.text, "To"))).toBe(tagOf(headerOf(r183.text, "To")));
    expect(prack.body).toBe("");
    expect(progressed).toBe(true);
    expect(heard).toEqual(["onTrying:100", "onProgress:180", "onProgress:183"]);
    expect(inviter.state).toBe(Establishing);

    await invitation.accept();
    await settle();
    expect(network.summary().slice(6)).toEqual(["bob>alice 200 INVITE", "alice>bob ACK"]);
    // The offer/answer was done in the 183: the 200 repeats that answer (RFC 3261 13.3.1.4, as
    // SIP.js's core does), bob's SDH is not asked again and alice takes the answer once.
    expect(network.log[6].body).toBe(r183.body);
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(inviter.sessionDescriptionHandler.remote).toEqual([r183.body]);
    expect(invitation.sessionDescriptionHandler.calls).toEqual(["set", "get"]);
    expect(inviter.state).toBe(Established);
    expect(invitation.state).toBe(Established);
    expect(heard.at(-1)).toBe("onAccept:200");
  });

  test("earlyMedia: the 183's answer reaches the caller's SDH before the 200", async () => {
    const { alice, bob } = await pair();
    const { inviter, invitation } = await startCall(alice, bob, { inviterOptions: { earlyMedia: true } });
    await invitation.progress({ statusCode: 183, rel100: true });
    await settle();
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    await invitation.accept();
    await settle();
    expect(inviter.sessionDescriptionHandler.calls).toEqual(["get", "set"]);
    expect(inviter.state).toBe(Established);
  });

  test("an offer in a reliable 183 (INVITE without SDP): answered in the PRACK by an early-media SDH the session then adopts", async () => {
    const { alice, bob } = await pair();
    const made = [];
    const { inviter, invitation } = await startCall(alice, bob, { inviterOptions: { inviteWithoutSdp: true } });
    inviter.delegate = { onSessionDescriptionHandler: (sdh, provisional) => made.push(provisional) };
    expect(network.requests("INVITE")[0].body).toBe("");
    await invitation.progress({ statusCode: 183, rel100: true });
    await settle();
    const [r183, prack] = network.log.slice(3, 5);
    expect(r183.body).toMatch(/^v=0\r\no=bob /);
    expect(prack.method).toBe("PRACK");
    expect(prack.body).toMatch(/^v=0\r\no=alice /);
    expect(made).toEqual([true]);
    const early = alice.sdh.made[0];
    expect(early.calls).toEqual(["set", "get"]);
    expect(invitation.sessionDescriptionHandler.remote).toEqual([prack.body]);
    expect(inviter.sessionDescriptionHandler).toBeUndefined();
    await invitation.accept();
    await settle();
    expect(inviter.state).toBe(Established);
    expect(inviter.sessionDescriptionHandler).toBe(early);
    expect(alice.sdh.made).toHaveLength(1);
  });

  test("a caller requiring 100rel: Require: 100rel in its INVITE; the callee's progress() is reliable (183 by default)", async () => {
    const { alice, bob } = await pair({ sipExtension100rel: "Required" });
    const { invitation } = await startCall(alice, bob);
    expect(headerOf(network.requests("INVITE")[0].text, "Require")).toBe("100rel");
    // The callee sees Require: 100rel: no automatic unreliable 180; its progress() is reliable.
    expect(invitation.autoSendAnInitialProvisionalResponse).toBe(false);
    expect(inviteResponses().map((m) => m.status)).toEqual([100]);
    await invitation.progress();
    await settle();
    // SIP.js's reliable progress() defaults to 183, not 180.
    const [reliable] = network.responses(183, "INVITE");
    expect(headerOf(reliable.text, "Require")).toBe("100rel");
    expect(network.requests("PRACK")).toHaveLength(1);
    await invitation.accept();
    await settle();
    expect(invitation.state).toBe(Established);
  });

  test("accept() during an unacknowledged reliable 183 waits for the PRACK", async () => {
    const { alice, bob } = await pair();
    const { inviter, invitation } = await startCall(alice, bob);
    const pracks = network.hold((m) => m.method === "PRACK");
    const progress = invitation.progress({ statusCode: 183, rel100: true });
    await settle();
    const accepting = invitation.accept();
    await settle();
    expect(network.responses(200, "INVITE")).toHaveLength(0);
    expect(invitation.state).toBe(Establishing);
    pracks.release();
    await settle();
    await progress;
    await accepting;
    expect(network.summary().slice(4)).toEqual([
      "alice>bob PRACK",
      "bob>alice 200 PRACK",
      "bob>alice 200 INVITE",
      "alice>bob ACK"
    ]);
    expect(inviter.state).toBe(Established);
  });

  test("no PRACK: the 183 is retransmitted (T1 doubling), then 504 after 64*T1; progress() rejects", async () => {
    const { alice, bob } = await pair();
    const { heard, delegate } = recorder();
    const { inviter, invitation } = await startCall(alice, bob, { inviteOptions: { requestDelegate: delegate } });
    network.lose((m) => m.method === "PRACK");
    const progress = invitation.progress({ statusCode: 183, rel100: true });
    let failure;
    progress.catch((e) => (failure = e));
    await settle();
    await advance(500 + 1000 + 2000 + 4000);
    expect(network.responses(183, "INVITE")).toHaveLength(5);
    await advance(32000 - 7500 - 1);
    expect(invitation.state).toBe(Initial);
    await advance(1);
    expect(failure).toBeInstanceOf(SessionTerminatedError);
    expect(invitation.state).toBe(Terminated);
    expect(inviteResponses().at(-1).status).toBe(504);
    // Retransmissions of the 183 were not PRACKed again (RFC 3262 section 4).
    expect(network.requests("PRACK")).toHaveLength(1);
    expect(heard.at(-1)).toBe("onReject:504");
    expect(inviter.state).toBe(Terminated);
  });
});

// ---- forking ----

describe("forking", () => {
  // A second callee, "fork", that receives a copy of alice's INVITE and answers as scripted.
  function forkOf(alice) {
    const fork = new ScriptedPeer(network, "fork");
    fork.invite = undefined;
    fork.onRequest = (text) => {
      const method = text.split(" ", 1)[0];
      if (method === "INVITE") {
        fork.invite = text;
        fork.send(respond(text, 180, { reason: "Ringing", toTag: "fork", extra: ["Contact: <sip:fork@fork.invalid>"] }));
      } else if (method !== "ACK") {
        fork.send(respond(text, 200, { reason: "OK", toTag: "fork" }));
      }
    };
    fork.answer = () => {
      const body = sdpOf({ label: "fork", id: 900, version: 1, direction: "sendrecv" });
      fork.send(respond(fork.invite, 200, { reason: "OK", toTag: "fork", extra: ["Contact: <sip:fork@fork.invalid>"], body }));
    };
    network.hooks.push((m) => {
      if (m.from === "alice" && m.method === "INVITE" && m.cseq === 1) network.deliver("fork", m.text);
      return true;
    });
    return fork;
  }

  test("two early dialogs; bob answers first: the fork's later 200 is ACKed and BYEd", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const fork = forkOf(alice);
    const progress = [];
    const { inviter, invitation } = await startCall(alice, bob, {
      inviteOptions: {
        requestDelegate: { onProgress: (r) => progress.push([r.message.statusCode, r.message.toTag]) }
      }
    });
    // Two 180s, two early dialogs (different To tags).
    expect(progress).toHaveLength(2);
    const tags = progress.map(([, tag]) => tag);
    expect(tags).toContain("fork");
    expect(new Set(tags).size).toBe(2);
    expect(inviter.state).toBe(Establishing);
    await invitation.accept();
    await settle();
    expect(inviter.state).toBe(Established);
    const bobTag = inviter.dialog.remoteTag;
    expect(bobTag).not.toBe("fork");
    fork.answer();
    await settle();
    const toFork = network.messages({ from: "alice", to: "fork" });
    expect(toFork.map((m) => m.method)).toEqual(["ACK", "BYE"]);
    for (const m of toFork) {
      expect(m.ruri).toBe("sip:fork@fork.invalid");
      expect(tagOf(headerOf(m.text, "To"))).toBe("fork");
    }
    // The session stays with bob; only bob's answer reached alice's SDH.
    expect(inviter.state).toBe(Established);
    expect(inviter.dialog.remoteTag).toBe(bobTag);
    expect(inviter.sessionDescriptionHandler.remote).toHaveLength(1);
    expect(inviter.sessionDescriptionHandler.remote[0]).toMatch(/^v=0\r\no=bob /);
    expect(invitation.state).toBe(Established);
    expect(network.requests("BYE", { to: "bob" })).toHaveLength(0);
  });

  test("the fork answers first: the session is with the fork; bob's 200 is ACKed and BYEd", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const fork = forkOf(alice);
    const { inviter, invitation } = await startCall(alice, bob);
    const bobStates = recordStates(invitation);
    fork.answer();
    await settle();
    expect(inviter.state).toBe(Established);
    expect(inviter.dialog.remoteTag).toBe("fork");
    expect(inviter.dialog.remoteTarget.toString()).toBe("sip:fork@fork.invalid");
    await invitation.accept();
    await settle();
    expect(network.messages({ from: "alice", to: "bob" }).map((m) => m.method)).toEqual(["INVITE", "ACK", "BYE"]);
    expect(bobStates).toEqual([Establishing, Established, Terminated]);
    expect(inviter.state).toBe(Established);
    expect(inviter.sessionDescriptionHandler.remote).toHaveLength(1);
    expect(inviter.sessionDescriptionHandler.remote[0]).toMatch(/^v=0\r\no=fork /);
    await inviter.bye();
    await settle();
    expect(network.messages({ from: "alice", to: "fork" }).map((m) => m.method)).toEqual(["ACK", "BYE"]);
  });
});

// ---- CANCEL races ----

describe("CANCEL races", () => {
  test("the 200 crosses the CANCEL: the caller ACKs and BYEs; both end", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { inviter, invitation } = await startCall(alice, bob);
    const aliceStates = recordStates(inviter);
    const bobStates = recordStates(invitation);
    const cancels = network.hold((m) => m.method === "CANCEL");
    await inviter.cancel();
    expect(aliceStates).toEqual([Terminating]);
    await invitation.accept();
    await settle();
    cancels.release();
    await settle();
    expect(network.summary().slice(3)).toEqual([
      "alice>bob CANCEL",
      "bob>alice 200 INVITE",
      "alice>bob ACK",
      "alice>bob BYE",
      "bob>alice 200 BYE",
      "bob>alice 200 CANCEL"
    ]);
    expect(aliceStates).toEqual([Terminating, Terminated]);
    expect(bobStates).toEqual([Establishing, Established, Terminated]);
    expect(network.responses(487, "INVITE")).toHaveLength(0);
  });

  test("the CANCEL arrives while accept() waits for the SDH: 487, accept() resolves (squelched), no 200", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { inviter, invitation } = await startCall(alice, bob);
    const slow = gate();
    bob.sdh.configure = (sdh) => (sdh.wait = slow.promise);
    const bobStates = recordStates(invitation);
    const accepting = invitation.accept();
    await settle();
    await inviter.cancel();
    await settle();
    expect(bobStates).toEqual([Establishing, Terminated]);
    expect(inviteResponses().map((m) => m.status)).toEqual([100, 180, 487]);
    slow.open();
    await settle();
    await expect(accepting).resolves.toBeUndefined();
    expect(network.responses(200, "INVITE")).toHaveLength(0);
    expect(inviter.state).toBe(Terminated);
  });
});

// ---- timers ----

describe("no answer", () => {
  test("noAnswerTimeout: 480 once it runs out, not before", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob", { noAnswerTimeout: 5 });
    const { heard, delegate } = recorder();
    const { inviter, invitation } = await startCall(alice, bob, { inviteOptions: { requestDelegate: delegate } });
    const states = recordStates(invitation);
    await advance(4999);
    expect(states).toEqual([]);
    expect(inviteResponses().map((m) => m.status)).toEqual([100, 180]);
    await advance(1);
    expect(states).toEqual([Terminated]);
    expect(inviteResponses().map((m) => m.status)).toEqual([100, 180, 480]);
    expect(heard.at(-1)).toBe("onReject:480");
    expect(inviter.state).toBe(Terminated);
  });

  test("the default no-answer time is 60 s; accept() stops the timer", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const first = await startCall(alice, bob);
    await advance(59999);
    expect(first.invitation.state).toBe(Initial);
    await advance(1);
    expect(first.invitation.state).toBe(Terminated);
    const second = await startCall(alice, bob);
    await second.invitation.accept();
    await advance(120000);
    expect(second.invitation.state).toBe(Established);
    expect(network.responses(480, "INVITE")).toHaveLength(1);
  });

  test("an INVITE with Expires gets 487 when it runs out unanswered", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { inviter, invitation } = await startCall(alice, bob, { inviterOptions: { extraHeaders: ["Expires: 3"] } });
    await advance(2999);
    expect(invitation.state).toBe(Initial);
    await advance(1);
    expect(invitation.state).toBe(Terminated);
    expect(inviteResponses().at(-1).status).toBe(487);
    expect(inviter.state).toBe(Terminated);
  });
});
