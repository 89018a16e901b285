// Requests outside any dialog between user agents, where the Subscriber / Publisher / Messager
// suites (which talk to scripted servers) leave gaps: what a UserAgent answers to SUBSCRIBE,
// PUBLISH, NOTIFY, REFER, REGISTER, OPTIONS and unknown methods with and without its delegate
// (SIP.js's defaults), and an INVITE to a user agent that has no onInvite.
import { Inviter, Publisher, Subscriber, SubscriptionState, UserAgent } from "../../lib/index.js";
import {
  headerOf,
  makeUserAgent,
  ScriptedPeer,
  settle,
  useSipNetwork
} from "./support/session-harness.js";

const SIPJS_ALLOWED = "ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE";

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

const bobUri = () => UserAgent.makeURI("sip:bob@example.com");

// carol, scripted: sends `method` to bob outside any dialog and collects the answers.
let sequence = 0;
function fromCarol(method, { extra = [], body = "", contentType = "text/plain", ruri = "sip:bob@example.com" } = {}) {
  const carol = network.endpoints.get("carol") || new ScriptedPeer(network, "carol");
  sequence += 1;
  const lines = [
    `${method} ${ruri} SIP/2.0`,
    `Via: SIP/2.0/WS carol.invalid;branch=z9hG4bKcarol${sequence}`,
    "Max-Forwards: 70",
    `From: <sip:carol@example.com>;tag=carol${sequence}`,
    "To: <sip:bob@example.com>",
    `Call-ID: carol-call-${sequence}`,
    `CSeq: 1 ${method}`,
    "Contact: <sip:carol@carol.invalid>",
    ...extra
  ];
  if (body) lines.push(`Content-Type: ${contentType}`);
  carol.send(lines.join("\r\n") + `\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return carol;
}
const answersTo = (method) => network.messages({ request: false, cseqMethod: method, to: "carol" });

describe("SUBSCRIBE and PUBLISH to a user agent", () => {
  test("SUBSCRIBE without onSubscribeRequest: 405; the Subscriber ends", async () => {
    const alice = await agent("alice");
    await agent("bob");
    const subscriber = new Subscriber(alice, bobUri(), "presence");
    const states = [];
    subscriber.stateChange.addListener((s) => states.push(s));
    await subscriber.subscribe();
    await settle();
    expect(network.summary()).toEqual(["alice>bob SUBSCRIBE", "bob>alice 405 SUBSCRIBE"]);
    expect(states.at(-1)).toBe(SubscriptionState.Terminated);
  });

  test("SUBSCRIBE with onSubscribeRequest: the application sees the request and answers it", async () => {
    const seen = [];
    const alice = await agent("alice");
    await agent("bob", {
      delegate: {
        onSubscribeRequest: (request) => {
          seen.push(request.message);
          request.reject({ statusCode: 489 });
        }
      }
    });
    const subscriber = new Subscriber(alice, bobUri(), "presence", { expires: 300 });
    await subscriber.subscribe();
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe("SUBSCRIBE");
    expect(seen[0].getHeader("Event")).toBe("presence");
    expect(seen[0].getHeader("Expires")).toBe("300");
    expect(network.responses(489, "SUBSCRIBE")).toHaveLength(1);
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
  });

  test("PUBLISH: the core answers 405 with SIP.js's Allow list; the Publisher ends", async () => {
    const alice = await agent("alice");
    await agent("bob");
    const publisher = new Publisher(alice, bobUri(), "presence");
    const states = [];
    publisher.stateChange.addListener((s) => states.push(s));
    await publisher.publish("<presence/>");
    await settle();
    const [answer] = network.responses(405, "PUBLISH");
    expect(headerOf(answer.text, "Allow")).toBe(SIPJS_ALLOWED);
    expect(states.at(-1)).toBe("Terminated");
  });
});

describe("NOTIFY outside a dialog", () => {
  test("without onNotify: 481", async () => {
    await agent("bob");
    fromCarol("NOTIFY", { extra: ["Event: presence", "Subscription-State: active"] });
    await settle();
    expect(answersTo("NOTIFY").map((m) => m.status)).toEqual([481]);
  });

  test("with allowLegacyNotifications: 200", async () => {
    await agent("bob", { allowLegacyNotifications: true });
    fromCarol("NOTIFY", { extra: ["Event: message-summary", "Subscription-State: active"], body: "Messages-Waiting: yes" });
    await settle();
    expect(answersTo("NOTIFY").map((m) => m.status)).toEqual([200]);
  });

  test("with onNotify: a Notification the application answers", async () => {
    const notifications = [];
    await agent("bob", { delegate: { onNotify: (n) => notifications.push(n) } });
    fromCarol("NOTIFY", { extra: ["Event: message-summary", "Subscription-State: active"], body: "Messages-Waiting: yes" });
    await settle();
    expect(notifications).toHaveLength(1);
    expect(notifications[0].request.body).toBe("Messages-Waiting: yes");
    expect(notifications[0].request.getHeader("Event")).toBe("message-summary");
    expect(answersTo("NOTIFY")).toEqual([]);
    await notifications[0].reject({ statusCode: 489 });
    await settle();
    expect(answersTo("NOTIFY").map((m) => m.status)).toEqual([489]);
  });
});

describe("REFER, REGISTER, OPTIONS and unknown methods outside a dialog", () => {
  test("REFER and REGISTER without delegates: 405", async () => {
    await agent("bob");
    fromCarol("REFER", { extra: ["Refer-To: <sip:dave@example.com>"] });
    fromCarol("REGISTER", { ruri: "sip:bob@example.com" });
    await settle();
    expect(answersTo("REFER").map((m) => m.status)).toEqual([405]);
    expect(answersTo("REGISTER").map((m) => m.status)).toEqual([405]);
  });

  test("REFER and REGISTER with delegates reach the application as requests it answers", async () => {
    const refers = [];
    const registers = [];
    await agent("bob", {
      delegate: {
        onReferRequest: (request) => refers.push(request),
        onRegisterRequest: (request) => registers.push(request)
      }
    });
    fromCarol("REFER", { extra: ["Refer-To: <sip:dave@example.com>"] });
    fromCarol("REGISTER");
    await settle();
    expect(refers.map((r) => r.message.getHeader("Refer-To"))).toEqual(["<sip:dave@example.com>"]);
    expect(registers.map((r) => r.message.method)).toEqual(["REGISTER"]);
    refers[0].accept({ statusCode: 202 });
    registers[0].reject({ statusCode: 403 });
    await settle();
    expect(answersTo("REFER").map((m) => m.status)).toEqual([202]);
    expect(answersTo("REGISTER").map((m) => m.status)).toEqual([403]);
  });

  test("OPTIONS: 200 from the core, with Allow and Accept", async () => {
    await agent("bob");
    fromCarol("OPTIONS");
    await settle();
    const [answer] = answersTo("OPTIONS");
    expect(answer.status).toBe(200);
    expect(headerOf(answer.text, "Allow")).toBe(SIPJS_ALLOWED);
    expect(headerOf(answer.text, "Accept")).toMatch(/application\/sdp/);
  });

  test("an unknown method: 405 with Allow", async () => {
    await agent("bob");
    fromCarol("FROB");
    await settle();
    const [answer] = answersTo("FROB");
    expect(answer.status).toBe(405);
    expect(headerOf(answer.text, "Allow")).toBe(SIPJS_ALLOWED);
  });
});

describe("INVITE to a user agent without onInvite", () => {
  test("is answered 486 Busy Here", async () => {
    const alice = await agent("alice");
    const bob = await agent("bob");
    bob.delegate = {};
    const inviter = new Inviter(alice, bobUri());
    await inviter.invite();
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).map((m) => m.status)).toEqual([100, 486]);
    expect(inviter.state).toBe("Terminated");
    expect(network.requests("ACK")).toHaveLength(1);
    expect(bob.invitations).toHaveLength(0);
    expect(Object.keys(bob._sessions)).toEqual([]);
  });
});
