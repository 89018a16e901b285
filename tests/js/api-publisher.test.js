// Publisher over the Wasm core (src/api/publisher.cpp through bindings/subscription_bridge.cpp and
// js/api/publisher.js): a UserAgent on an in-memory transport against a scripted presence server
// written here as wire text (SIP-ETag, Expires, 412). Fake timers drive the core's timers.
import { jest } from "@jest/globals";
import { wasm } from "../../lib/wasm/loader.js";
import { UserAgentCoreBridge } from "../../lib/core/user-agent-core/index.js";
import { Publisher, PublisherState, UserAgent } from "../../lib/api/index.js";
import { MemoryTransport, header, respond, settle } from "./support/scripted-peer.js";


const body = (text) => text.slice(text.indexOf("\r\n\r\n") + 4);


// A presence server (RFC 3903 §6): hands out entity tags, refreshes and removes them, answers 412
// for an unknown tag; `script` can take over a request.
class PresenceServer {
  constructor() {
    this.requests = [];
    this.etags = new Set();
    this.next = 0;
    this.script = undefined;
    this.ua = undefined;
  }
  receive(text) {
    if (text.startsWith("SIP/2.0")) return;
    this.requests.push(text);
    const answer = this.script ? this.script(text) : undefined;
    this.deliver(answer !== undefined ? answer : this.answer(text));
  }
  answer(text) {
    const expires = Number(header(text, "Expires"));
    const match = header(text, "SIP-If-Match");
    if (match !== undefined && !this.etags.has(match)) return respond(text, 412);
    if (match !== undefined) this.etags.delete(match);
    if (expires === 0) return respond(text, 200, ["Expires: 0"]);
    const etag = `etag-${++this.next}`;
    this.etags.add(etag);
    return respond(text, 200, [`SIP-ETag: ${etag}`, `Expires: ${Math.min(expires, 60)}`]);
  }
  deliver(text) {
    Promise.resolve().then(() => this.ua.transport.onMessage(text));
  }
  last() {
    return this.requests.at(-1);
  }
}


const target = UserAgent.makeURI("sip:alice@example.com");
let server;
let ua;
let baseline;

beforeEach(async () => {
  jest.useFakeTimers();
  baseline = UserAgentCoreBridge.liveCounts();
  server = new PresenceServer();
  ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.com"),
    transportConstructor: MemoryTransport,
    transportOptions: { peer: server },
    logBuiltinEnabled: false
  });
  server.ua = ua;
  await ua.start();
});

afterEach(async () => {
  await ua.stop();
  expect(UserAgentCoreBridge.liveCounts()).toEqual(baseline);
  expect(wasm.SubscriptionBridge.liveAreas()).toBe(0);
  jest.useRealTimers();
});

describe("Publisher over the Wasm core", () => {
  test("publish, refresh at 90% with SIP-If-Match, modify, 412 recovery, unpublish", async () => {
    const publisher = new Publisher(ua, target, "presence", { contentType: "application/pidf+xml", expires: 120 });
    expect(publisher.state).toBe(PublisherState.Initial);
    expect(ua._publishers["sip:alice@example.com:presence"]).toBe(publisher);
    const states = [];
    publisher.stateChange.addListener((s) => states.push(s));

    await expect(publisher.publish("<open/>")).resolves.toBeUndefined();
    await settle();
    const initial = server.requests[0];
    expect(initial).toMatch(/^PUBLISH sip:alice@example\.com SIP\/2\.0\r\n/);
    expect(header(initial, "Event")).toBe("presence");
    expect(header(initial, "Expires")).toBe("120");
    expect(header(initial, "SIP-If-Match")).toBeUndefined();
    expect(header(initial, "Content-Type")).toBe("application/pidf+xml");
    expect(body(initial)).toBe("<open/>");
    expect(states).toEqual([PublisherState.Published]);

    // The server granted 60 s: the refresh comes at 54 s, without a body.
    jest.advanceTimersByTime(53999);
    await settle();
    expect(server.requests.length).toBe(1);
    jest.advanceTimersByTime(1);
    await settle();
    const refresh = server.requests[1];
    expect(header(refresh, "SIP-If-Match")).toBe("etag-1");
    expect(header(refresh, "Expires")).toBe("60");
    expect(body(refresh)).toBe("");

    await publisher.publish("<closed/>");
    await settle();
    const modify = server.last();
    expect(header(modify, "SIP-If-Match")).toBe("etag-2");
    expect(body(modify)).toBe("<closed/>");

    // The server forgets the publication: the next refresh gets 412 and the body is published anew.
    server.etags.clear();
    jest.advanceTimersByTime(54000);
    await settle();
    expect(server.requests.length).toBe(5);
    expect(header(server.requests[3], "SIP-If-Match")).toBe("etag-3");
    expect(header(server.requests[4], "SIP-If-Match")).toBeUndefined();
    expect(body(server.requests[4])).toBe("<closed/>");
    expect(publisher.state).toBe(PublisherState.Published);

    await publisher.unpublish();
    await settle();
    const remove = server.last();
    expect(header(remove, "Expires")).toBe("0");
    expect(header(remove, "SIP-If-Match")).toBe("etag-4");
    expect(states).toEqual([PublisherState.Published, PublisherState.Unpublished]);
    jest.advanceTimersByTime(600000);
    await settle();
    expect(server.requests.length).toBe(6); // no refresh once unpublished
  });

  test("a rejected PUBLISH terminates; publish() afterwards rejects; the Wasm publisher is released", async () => {
    server.script = (text) => respond(text, 489);
    const publisher = new Publisher(ua, target, "bogus");
    const states = [];
    publisher.stateChange.addListener((s) => states.push(s));
    await publisher.publish("x");
    await settle();
    expect(states).toEqual([PublisherState.Unpublished, PublisherState.Terminated]);
    expect(ua._publishers[publisher.id]).toBeUndefined();
    expect(ua._subscriptionArea.handle.publisherCount()).toBe(0);
    await expect(publisher.publish("y")).rejects.toThrow("Publisher terminated. Unable to publish.");
    await expect(publisher.unpublish()).resolves.toBeUndefined();
    expect(server.requests.length).toBe(1);
  });

  test("dispose() un-PUBLISHes (unpublishOnClose) and resolves at once; publish() then rejects", async () => {
    const publisher = new Publisher(ua, target, "presence");
    await publisher.publish("open");
    await settle();
    expect(publisher.state).toBe(PublisherState.Published);
    await publisher.dispose();
    expect(ua._publishers[publisher.id]).toBeUndefined();
    await settle();
    expect(header(server.last(), "Expires")).toBe("0");
    expect(header(server.last(), "SIP-If-Match")).toBe("etag-1");
    expect(publisher.state).toBe(PublisherState.Unpublished);
    expect(ua._subscriptionArea.handle.publisherCount()).toBe(0);
    await expect(publisher.publish("again")).rejects.toThrow("Publisher disposed. Unable to publish.");
  });

  test("unpublishOnClose: false forgets the publication; UserAgent.stop() leaves nothing in Wasm", async () => {
    const kept = new Publisher(ua, target, "presence", { unpublishOnClose: false });
    await kept.publish("open");
    await settle();
    await kept.dispose();
    await settle();
    expect(server.requests.length).toBe(1);
    const live = new Publisher(ua, UserAgent.makeURI("sip:carol@example.com"), "presence");
    await live.publish("open");
    await settle();
    expect(live.state).toBe(PublisherState.Published);
    // stop() comes in afterEach: the core and the area go with the live publisher.
  });

  test("423 Interval Too Brief: published again with Min-Expires", async () => {
    server.script = (text) =>
      Number(header(text, "Expires")) < 300 ? respond(text, 423, ["Min-Expires: 300"]) : undefined;
    const publisher = new Publisher(ua, target, "presence", { expires: 30 });
    await publisher.publish("open");
    await settle();
    expect(server.requests.map((r) => header(r, "Expires"))).toEqual(["30", "300"]);
    expect(body(server.requests[1])).toBe("open");
    expect(publisher.state).toBe(PublisherState.Published);
  });

  test("bad arguments are JavaScript errors", async () => {
    expect(() => new Publisher(ua, target, "")).toThrow(TypeError);
    expect(() => new Publisher(ua, target, "a b")).toThrow(/Invalid event type/);
    expect(() => new Publisher(ua, "nonsense", "presence")).toThrow(/Invalid target URI/);
    expect(
      () => new Publisher(ua, target, "presence", { params: { fromUri: "not a uri" } })
    ).toThrow(/Invalid from URI/);
    const publisher = new Publisher(ua, target, "presence");
    await expect(publisher.publish(undefined)).rejects.toThrow(TypeError);
    expect(server.requests.length).toBe(0);
  });
});
