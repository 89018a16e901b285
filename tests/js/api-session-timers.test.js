// Session timers (RFC 4028), beyond SIP.js: off by default (nothing on the wire changes), the
// options and their errors, negotiation between two user agents of ours (Session-Expires, Min-SE,
// Supported/Require: timer, 422 and retry, the refresher), refreshes by re-INVITE and by UPDATE
// under a fake clock, BYE when a refresh goes missing, and calls with sip.js 0.21.2 (which has no
// session timers) in both directions that stay up across many session intervals.
import { jest } from "@jest/globals";
import * as SipJs from "sip.js";
import * as Ours from "../../lib/api/index.js";
import {
  Network,
  advance,
  bodyOf,
  call,
  cseqNumber,
  header,
  makeAgent,
  settle,
  stopAll,
  tokens,
  useFakeClock
} from "./session-extensions-harness.js";

const SIPJS_ALLOW = "ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER";
const timers = (options = {}) => ({ sessionTimers: { enabled: true, ...options } });

let network;
let agents;

async function agent(api, name, options) {
  const a = await makeAgent(api, network, name, options);
  agents.push(a);
  return a;
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
  test.each([
    ["no sessionTimers option", {}],
    ["sessionTimers: { enabled: false }", { sessionTimers: { enabled: false } }]
  ])("%s: no timer headers, SIP.js's Allow, nothing sent while the call is idle for hours", async (_, options) => {
    const alice = await agent(Ours, "alice", options);
    const bob = await agent(Ours, "bob", options);
    const { inviter } = await call(Ours, alice, bob);
    const [invite] = network.requests("INVITE", "alice");
    const [ok] = network.responses(200, "INVITE", "bob");
    for (const text of [invite, ok]) {
      expect(header(text, "Session-Expires")).toBeUndefined();
      expect(header(text, "Min-SE")).toBeUndefined();
      expect(tokens(text, "Supported")).not.toContain("timer");
      expect(tokens(text, "Require")).not.toContain("timer");
    }
    expect(header(invite, "Allow")).toBe(SIPJS_ALLOW);
    const sent = network.wire.length;
    await advance(4 * 3600 * 1000, 60000);
    expect(network.wire.length).toBe(sent);
    expect(inviter.state).toBe("Established");
  });

  test("the INVITE carries the same Supported and Allow as sip.js's", async () => {
    const ours = await agent(Ours, "alice");
    const theirs = await agent(SipJs, "carol");
    const bob = await agent(Ours, "bob");
    await call(Ours, ours, bob);
    await call(SipJs, theirs, bob);
    const [fromOurs] = network.requests("INVITE", "alice");
    const [fromSipJs] = network.requests("INVITE", "carol");
    expect(header(fromOurs, "Supported")).toBe(header(fromSipJs, "Supported"));
    expect(header(fromOurs, "Allow")).toBe(header(fromSipJs, "Allow"));
  });
});

describe("options", () => {
  const make = (options) =>
    new Ours.UserAgent({
      uri: Ours.UserAgent.makeURI("sip:x@example.com"),
      transportConstructor: class {},
      logBuiltinEnabled: false,
      ...options
    });

  test.each([
    [{ sessionTimers: "yes" }, /UserAgentOptions\.sessionTimers.*expected an object/],
    [{ sessionTimers: { enabled: "yes" } }, /sessionTimers\.enabled.*true or false/],
    [{ sessionTimers: { enabled: true, minSE: 60 } }, /sessionTimers\.minSE.*at least 90/],
    [{ sessionTimers: { enabled: true, sessionExpires: 100, minSE: 120 } }, /sessionTimers\.sessionExpires.*from minSE \(120\)/],
    [{ sessionTimers: { enabled: true, sessionExpires: 99.5 } }, /sessionTimers\.sessionExpires.*whole number/],
    [{ sessionTimers: { enabled: true, refreshMethod: "OPTIONS" } }, /refreshMethod.*"UPDATE" or "INVITE"/],
    [{ sessionTimers: { enabled: true, sessionExpiry: 900 } }, /unknown key 'sessionExpiry'/],
    [{ sipExtensionUpdate: "Sometimes" }, /sipExtensionUpdate.*"Supported" or "Unsupported"/]
  ])("UserAgent %j throws a TypeError saying what is wrong", (options, message) => {
    expect(() => make(options)).toThrow(TypeError);
    expect(() => make(options)).toThrow(message);
  });

  test("a session cannot ask for timers its user agent does not support; bad values are TypeErrors", async () => {
    const plain = await agent(Ours, "alice");
    const target = Ours.UserAgent.makeURI("sip:bob@example.com");
    expect(() => new Ours.Inviter(plain.ua, target, timers())).toThrow(/InviterOptions\.sessionTimers\.enabled.*user agent/);
    // Turning them off on such a user agent is fine.
    expect(() => new Ours.Inviter(plain.ua, target, { sessionTimers: { enabled: false } })).not.toThrow();
    const timed = await agent(Ours, "carol", timers());
    expect(() => new Ours.Inviter(timed.ua, target, { sessionTimers: { sessionExpires: 50 } })).toThrow(TypeError);
    expect(() => new Ours.Inviter(timed.ua, target, { sessionTimers: { sessionExpires: 50 } })).toThrow(
      /InviterOptions\.sessionTimers\.sessionExpires/
    );
  });
});

describe("between two user agents of ours", () => {
  test("the INVITE asks, the 2xx names the caller refresher and requires timer", async () => {
    const alice = await agent(Ours, "alice", timers());
    const bob = await agent(Ours, "bob", timers());
    await call(Ours, alice, bob);
    const [invite] = network.requests("INVITE", "alice");
    expect(header(invite, "Session-Expires")).toBe("1800");
    expect(header(invite, "Min-SE")).toBe("90");
    expect(tokens(invite, "Supported")).toContain("timer");
    const [ok] = network.responses(200, "INVITE", "bob");
    expect(header(ok, "Session-Expires")).toBe("1800;refresher=uac");
    expect(header(ok, "Require")).toBe("timer");
    expect(tokens(ok, "Supported")).toContain("timer");
  });

  test("per-session options override the user agent's; the callee may shorten the interval", async () => {
    const alice = await agent(Ours, "alice", timers());
    const bob = await agent(Ours, "bob", timers());
    await call(Ours, alice, bob, {
      inviterOptions: { sessionTimers: { sessionExpires: 600 } },
      acceptOptions: { sessionTimers: { sessionExpires: 300 } }
    });
    expect(header(network.requests("INVITE", "alice")[0], "Session-Expires")).toBe("600");
    expect(header(network.responses(200, "INVITE", "bob")[0], "Session-Expires")).toBe("300;refresher=uac");
  });

  test("an interval below the callee's Min-SE gets 422; the INVITE goes again with the larger one", async () => {
    const alice = await agent(Ours, "alice", timers({ sessionExpires: 300 }));
    const bob = await agent(Ours, "bob", timers({ minSE: 600, sessionExpires: 600 }));
    const seen = [];
    const inviter = new Ours.Inviter(alice.ua, Ours.UserAgent.makeURI("sip:bob@example.com"));
    await inviter.invite({
      requestDelegate: {
        onAccept: (response) => seen.push(response.message.statusCode),
        onReject: (response) => seen.push(response.message.statusCode)
      }
    });
    await settle();
    // The 422 went out before bob's application heard of the call.
    const [refused] = network.responses(422, "INVITE", "bob");
    expect(header(refused, "Min-SE")).toBe("600");
    expect(bob.invitations).toHaveLength(1);
    await bob.invitations[0].accept();
    await settle();
    expect(inviter.state).toBe("Established");
    const [first, second] = network.requests("INVITE", "alice");
    expect(header(first, "Session-Expires")).toBe("300");
    expect(header(second, "Session-Expires")).toBe("600");
    expect(header(second, "Min-SE")).toBe("600");
    expect(cseqNumber(second)).toBe(cseqNumber(first) + 1);
    expect(header(second, "Call-ID")).toBe(header(first, "Call-ID"));
    expect(bodyOf(second)).toBe(bodyOf(first));
    expect(header(network.responses(200, "INVITE", "bob")[0], "Session-Expires")).toBe("600;refresher=uac");
    expect(seen).toEqual([200]);
  });

  test("the caller refreshes with re-INVITE every half interval; the call stays up for many intervals", async () => {
    const alice = await agent(Ours, "alice", timers({ sessionExpires: 90 }));
    const bob = await agent(Ours, "bob", timers({ sessionExpires: 90 }));
    const { inviter, invitation } = await call(Ours, alice, bob);
    await advance(44000);
    expect(network.requests("INVITE", "alice")).toHaveLength(1);
    await advance(2000);
    expect(network.requests("INVITE", "alice")).toHaveLength(2);
    await advance(10 * 90000);
    expect(inviter.state).toBe("Established");
    expect(invitation.state).toBe("Established");
    const reinvites = network.requests("INVITE", "alice").slice(1);
    expect(reinvites.length).toBeGreaterThanOrEqual(20);
    expect(reinvites.length).toBeLessThanOrEqual(21);
    for (const text of reinvites) {
      expect(header(text, "Session-Expires")).toBe("90;refresher=uac");
      expect(header(text, "Content-Type")).toBe("application/sdp");
    }
    expect(network.responses(200, "INVITE", "bob")).toHaveLength(reinvites.length + 1);
    expect(network.requests("UPDATE")).toHaveLength(0);
    expect(network.requests("BYE")).toHaveLength(0);
    // Each refresh renegotiated through the handlers (bob took every offer).
    expect(bob.sdhs[0].count("setDescription")).toBe(reinvites.length + 1);
    await inviter.bye();
    await settle();
    expect(invitation.state).toBe("Terminated");
  });

  test("with UPDATE allowed on both sides the refresh is an UPDATE without a body", async () => {
    const options = { ...timers({ sessionExpires: 90 }), sipExtensionUpdate: "Supported" };
    const alice = await agent(Ours, "alice", options);
    const bob = await agent(Ours, "bob", options);
    const updates = [];
    bob.onInvite = (invitation) => (invitation.delegate = { onUpdate: (request, response, code) => updates.push(code) });
    const { inviter } = await call(Ours, alice, bob);
    expect(tokens(network.requests("INVITE", "alice")[0], "Allow")).toContain("UPDATE");
    await advance(5 * 90000);
    expect(inviter.state).toBe("Established");
    const refreshes = network.requests("UPDATE", "alice");
    expect(refreshes.length).toBeGreaterThanOrEqual(10);
    for (const text of refreshes) {
      expect(header(text, "Session-Expires")).toBe("90;refresher=uac");
      expect(header(text, "Content-Length")).toBe("0");
    }
    expect(header(network.responses(200, "UPDATE", "bob")[0], "Session-Expires")).toBe("90;refresher=uac");
    expect(network.requests("INVITE")).toHaveLength(1);
    expect(updates.length).toBe(refreshes.length);
    expect(updates.every((code) => code === 200)).toBe(true);
    // No renegotiation: bob's handler saw the first offer only.
    expect(bob.sdhs[0].count("setDescription")).toBe(1);
  });

  test('refreshMethod "INVITE" refreshes with re-INVITE even when UPDATE is allowed', async () => {
    const options = { ...timers({ sessionExpires: 90, refreshMethod: "INVITE" }), sipExtensionUpdate: "Supported" };
    const alice = await agent(Ours, "alice", options);
    const bob = await agent(Ours, "bob", options);
    await call(Ours, alice, bob);
    await advance(3 * 45000 + 1000);
    expect(network.requests("INVITE", "alice")).toHaveLength(4);
    expect(network.requests("UPDATE")).toHaveLength(0);
  });

  test("the callee ends the call with BYE when a refresh goes missing (interval minus a third)", async () => {
    const options = { ...timers({ sessionExpires: 90 }), sipExtensionUpdate: "Supported" };
    const alice = await agent(Ours, "alice", options);
    const bob = await agent(Ours, "bob", options);
    const { inviter, invitation } = await call(Ours, alice, bob);
    await advance(2 * 45000 + 500);
    expect(network.responses(200, "UPDATE", "bob")).toHaveLength(2);
    const lastRefresh = Date.now() - 500;
    network.drop = (text) => text.startsWith("UPDATE "); // alice's refreshes are lost from now on
    await advance(59000);
    expect(invitation.state).toBe("Established");
    expect(network.requests("UPDATE", "alice")).toHaveLength(3);
    await advance(2000);
    // 90 - min(32, 90 / 3) = 60 s after the last refresh.
    expect(Date.now() - lastRefresh).toBeGreaterThanOrEqual(60000);
    const [bye] = network.requests("BYE", "bob");
    expect(bye).toBeDefined();
    expect(invitation.state).toBe("Terminated");
    expect(inviter.state).toBe("Terminated");
    expect(network.responses(200, "BYE", "alice")).toHaveLength(1);
  });

  test("an application re-INVITE is a refresh too: it carries Session-Expires and restarts the timers", async () => {
    const alice = await agent(Ours, "alice", timers({ sessionExpires: 90 }));
    const bob = await agent(Ours, "bob", timers({ sessionExpires: 90 }));
    const { invitation } = await call(Ours, alice, bob);
    await advance(30000);
    // bob (not the refresher) puts the call on hold: his re-INVITE keeps alice the refresher.
    await invitation.invite({ sessionDescriptionHandlerOptions: { hold: true } });
    await settle();
    const [hold] = network.requests("INVITE", "bob");
    expect(header(hold, "Session-Expires")).toBe("90;refresher=uas");
    expect(header(network.responses(200, "INVITE", "alice")[0], "Session-Expires")).toBe("90;refresher=uas");
    // alice's next refresh is due 45 s after that 2xx, not 45 s after the call started.
    await advance(20000);
    expect(network.requests("INVITE", "alice")).toHaveLength(1);
    await advance(26000);
    expect(network.requests("INVITE", "alice")).toHaveLength(2);
  });
});

describe("with sip.js 0.21.2 (no session timers)", () => {
  test("sip.js calls us: we insert a timer, refresh it with re-INVITE and the call stays up", async () => {
    const alice = await agent(SipJs, "alice");
    const bob = await agent(Ours, "bob", timers({ sessionExpires: 90 }));
    const { inviter, invitation } = await call(SipJs, alice, bob);
    const [ok] = network.responses(200, "INVITE", "bob");
    // sip.js lists no "timer": we refresh, and require nothing of it.
    expect(header(ok, "Session-Expires")).toBe("90;refresher=uas");
    expect(header(ok, "Require")).toBeUndefined();
    await advance(10 * 90000);
    expect(inviter.state).toBe("Established");
    expect(invitation.state).toBe("Established");
    const refreshes = network.requests("INVITE", "bob");
    expect(refreshes.length).toBeGreaterThanOrEqual(19);
    expect(network.responses(200, "INVITE", "alice")).toHaveLength(refreshes.length);
    expect(network.requests("BYE")).toHaveLength(0);
    await inviter.bye();
    await settle();
    expect(invitation.state).toBe("Terminated");
  });

  test("we call sip.js: its 2xx has no Session-Expires, we keep refreshing and the call stays up", async () => {
    const alice = await agent(Ours, "alice", timers({ sessionExpires: 90 }));
    const bob = await agent(SipJs, "bob");
    const { inviter, invitation } = await call(Ours, alice, bob);
    expect(header(network.requests("INVITE", "alice")[0], "Session-Expires")).toBe("90");
    expect(header(network.responses(200, "INVITE", "bob")[0], "Session-Expires")).toBeUndefined();
    await advance(10 * 90000);
    expect(inviter.state).toBe("Established");
    expect(invitation.state).toBe("Established");
    expect(network.requests("INVITE", "alice").length - 1).toBeGreaterThanOrEqual(19);
    expect(network.requests("BYE")).toHaveLength(0);
  });

  test("a sip.js peer that went away is noticed: the refresh times out and the call ends", async () => {
    const alice = await agent(Ours, "alice", timers({ sessionExpires: 90 }));
    const bob = await agent(SipJs, "bob");
    const { inviter } = await call(Ours, alice, bob);
    await advance(45000);
    expect(network.responses(200, "INVITE", "bob")).toHaveLength(2);
    const lastRefresh = Date.now();
    network.drop = () => true; // bob's side is gone
    while (inviter.state === "Established" && Date.now() - lastRefresh < 200000) await advance(1000);
    expect(inviter.state).toBe("Terminated");
    // The next refresh (at 45 s) got no answer: 408 after Timer B (32 s), then BYE.
    expect(Date.now() - lastRefresh).toBeGreaterThanOrEqual(45000 + 32000);
    expect(Date.now() - lastRefresh).toBeLessThanOrEqual(90000);
    expect(network.requests("INVITE", "alice")).toHaveLength(3);
    expect(network.requests("BYE", "alice")).toHaveLength(1);
  });
});
