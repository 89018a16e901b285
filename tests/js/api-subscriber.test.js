// Subscriber / Subscription over the Wasm core (src/api/subscriber.cpp through
// bindings/subscription_bridge.cpp and js/api/subscriber.js): a UserAgent on an in-memory transport
// against a scripted notifier written here as wire text. Fake timers drive the core's timers.
import { jest } from "@jest/globals";
import { wasm } from "../../lib/wasm/loader.js";
import { UserAgentCoreBridge } from "../../lib/core/user-agent-core/index.js";
import { TransactionStateError } from "../../lib/core/index.js";
import { Subscriber, Subscription, SubscriptionState, UserAgent } from "../../lib/api/index.js";
import { MemoryTransport, header, respond, settle } from "./support/scripted-peer.js";

const respondAsNotifier = (request, status, extra = []) => respond(request, status, extra, "notifier");


const method = (text) => text.split(" ", 1)[0];
const isRequest = (text, name) => !text.startsWith("SIP/2.0") && method(text) === name;
const statusOf = (text) => (text.startsWith("SIP/2.0 ") ? Number(text.slice(8, 11)) : 0);


// The scripted notifier: sees what the user agent sends, answers, and sends NOTIFYs.
class Notifier {
  constructor() {
    this.received = [];
    this.cseq = 0;
    this.ua = undefined;
    this.onRequest = (text) => {
      if (isRequest(text, "SUBSCRIBE")) this.deliver(respondAsNotifier(text, 200, [`Expires: ${header(text, "Expires")}`]));
    };
  }
  receive(text) {
    this.received.push(text);
    if (!text.startsWith("SIP/2.0")) this.onRequest(text);
  }
  deliver(text) {
    Promise.resolve().then(() => this.ua.transport.onMessage(text));
  }
  requests(name) {
    return this.received.filter((t) => isRequest(t, name));
  }
  answers(status, name = "NOTIFY") {
    return this.received.filter((t) => statusOf(t) === status && header(t, "CSeq").endsWith(name)).length;
  }
  // A NOTIFY for the subscription `subscribe` started.
  notify(subscribe, state, { event = "presence", body = "", fromTag = "notifier" } = {}) {
    const cseq = ++this.cseq;
    const contact = /<([^>]+)>/.exec(header(subscribe, "Contact"))[1];
    const lines = [
      `NOTIFY ${contact} SIP/2.0`,
      `Via: SIP/2.0/WSS notifier.invalid;branch=z9hG4bKn${cseq}${fromTag}`,
      "Max-Forwards: 70",
      `From: <sip:bob@example.com>;tag=${fromTag}`,
      "To: " + header(subscribe, "From"),
      "Call-ID: " + header(subscribe, "Call-ID"),
      `CSeq: ${cseq} NOTIFY`,
      "Contact: <sip:bob@192.0.2.9>",
      `Event: ${event}`,
      `Subscription-State: ${state}`
    ];
    if (body) lines.push("Content-Type: application/pidf+xml");
    this.deliver(lines.join("\r\n") + `\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
}


const target = UserAgent.makeURI("sip:bob@example.com");
let notifier;
let ua;
let baseline;

beforeEach(async () => {
  jest.useFakeTimers();
  baseline = UserAgentCoreBridge.liveCounts();
  notifier = new Notifier();
  ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.com"),
    transportConstructor: MemoryTransport,
    transportOptions: { peer: notifier },
    logBuiltinEnabled: false
  });
  notifier.ua = ua;
  await ua.start();
});

// stop() disposes live subscriptions, which un-SUBSCRIBE and wait for the final NOTIFY or Timer N
// (as SIP.js's do): let the fake clock run while it does.
async function stopWithClock(userAgent) {
  let stopped = false;
  const stopping = userAgent.stop().then(() => (stopped = true));
  for (let i = 0; i < 40 && !stopped; i++) await jest.advanceTimersByTimeAsync(1000);
  await stopping;
}

afterEach(async () => {
  await stopWithClock(ua);
  // Everything the user agent made in Wasm is gone: core, area, subscribers, UACs, UASs, handles.
  expect(UserAgentCoreBridge.liveCounts()).toEqual(baseline);
  expect(wasm.SubscriptionBridge.liveAreas()).toBe(0);
  jest.useRealTimers();
});

// subscribe() and let the notifier accept with NOTIFY `state`.
async function establish(subscriber, state = "active;expires=600") {
  await subscriber.subscribe();
  await settle();
  const request = notifier.requests("SUBSCRIBE").at(-1);
  notifier.notify(request, state, { body: "<presence/>" });
  await settle();
  return request;
}

describe("Subscriber over the Wasm core", () => {
  test("SUBSCRIBE, 200, NOTIFY: Subscribed, the delegate gets a Notification to answer", async () => {
    const notifications = [];
    const subscriber = new Subscriber(ua, target, "presence", {
      expires: 600,
      extraHeaders: ["Accept: application/pidf+xml"],
      delegate: { onNotify: (n) => notifications.push(n) }
    });
    expect(subscriber).toBeInstanceOf(Subscription);
    expect(subscriber.state).toBe(SubscriptionState.Initial);
    expect(ua._subscriptions[subscriber.id]).toBe(subscriber);
    const states = [];
    subscriber.stateChange.addListener((s) => states.push(s));

    const request = await establish(subscriber);
    expect(request).toMatch(/^SUBSCRIBE sip:bob@example\.com SIP\/2\.0\r\n/);
    expect(header(request, "Event")).toBe("presence");
    expect(header(request, "Expires")).toBe("600");
    expect(header(request, "Accept")).toBe("application/pidf+xml");
    expect(header(request, "Contact")).toBe(`<${ua.contact.uri.toString()}>`);
    expect(subscriber.id).toBe(header(request, "Call-ID") + /tag=([^;>\s]+)/.exec(header(request, "From"))[1] + "presence");

    expect(states).toEqual([SubscriptionState.NotifyWait, SubscriptionState.Subscribed]);
    expect(notifications.length).toBe(1);
    const notification = notifications[0];
    expect(notification.request.method).toBe("NOTIFY");
    expect(notification.request.body).toBe("<presence/>");
    expect(notification.request.getHeader("Subscription-State")).toBe("active;expires=600");
    expect(notifier.answers(200)).toBe(0); // the application answers
    await notification.accept({ extraHeaders: ["X-Seen: yes"] });
    await settle();
    expect(notifier.answers(200)).toBe(1);
    const answer = notifier.received.find((t) => statusOf(t) === 200 && header(t, "CSeq").endsWith("NOTIFY"));
    expect(header(answer, "X-Seen")).toBe("yes");
    // Answering twice is a state error, as in sip.js.
    expect(() => notification.accept()).toThrow(TransactionStateError);
    expect(() => notification.reject()).toThrow(TransactionStateError);

    expect(subscriber.dialog).toMatchObject({ subscriptionState: "Active", subscriptionEvent: "presence", autoRefresh: true });
    expect(wasm.SubscriptionBridge.liveAreas()).toBe(1);
  });

  test("without an onNotify delegate each NOTIFY is accepted; a bad status code is a TypeError", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    await establish(subscriber);
    expect(notifier.answers(200)).toBe(1);
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);

    let held;
    subscriber.delegate = { onNotify: (n) => (held = n) };
    notifier.notify(notifier.requests("SUBSCRIBE")[0], "active;expires=300");
    await settle();
    expect(() => held.reject({ statusCode: 200 })).toThrow(TypeError);
    await held.reject({ statusCode: 403 });
    await settle();
    expect(notifier.answers(403)).toBe(1);
  });

  test("refreshes at 90% of the expiry inside the dialog; Timer N without the refresh's NOTIFY ends it", async () => {
    const subscriber = new Subscriber(ua, target, "presence", { expires: 600 });
    const request = await establish(subscriber);
    jest.advanceTimersByTime(539999);
    await settle();
    expect(notifier.requests("SUBSCRIBE").length).toBe(1);
    jest.advanceTimersByTime(1);
    await settle();
    const refresh = notifier.requests("SUBSCRIBE")[1];
    expect(refresh).toBeDefined();
    expect(header(refresh, "Call-ID")).toBe(header(request, "Call-ID"));
    expect(header(refresh, "To")).toMatch(/;tag=notifier$/);
    const states = [];
    subscriber.stateChange.addListener((s) => states.push(s));
    jest.advanceTimersByTime(32000); // the notifier answered 200 but sends no NOTIFY
    await settle();
    expect(states).toEqual([SubscriptionState.Terminated]);
    expect(ua._subscriptions[subscriber.id]).toBeUndefined();
    await subscriber.dispose();
    expect(ua._subscriptionArea.handle.subscriberCount()).toBe(0);
  });

  test("a terminating NOTIFY ends it; subscribe() afterwards rejects", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    const request = await establish(subscriber);
    const states = [];
    subscriber.stateChange.addListener((s) => states.push(s));
    notifier.notify(request, "terminated;reason=noresource");
    await settle();
    expect(states).toEqual([SubscriptionState.Terminated]);
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
    expect(notifier.answers(200)).toBe(2);
    expect(notifier.requests("SUBSCRIBE").length).toBe(1);
    await expect(subscriber.subscribe()).rejects.toThrow("Subscriber terminated. Unable to subscribe.");
    await expect(subscriber.unsubscribe()).resolves.toBeUndefined();
    expect(ua._subscriptionArea.handle.subscriberCount()).toBe(0);
  });

  test("deactivated: a new SUBSCRIBE at once, the subscription stays Subscribed", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    const request = await establish(subscriber);
    notifier.notify(request, "terminated;reason=deactivated");
    await settle();
    const again = notifier.requests("SUBSCRIBE")[1];
    expect(again).toBeDefined();
    expect(header(again, "Call-ID")).not.toBe(header(request, "Call-ID"));
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
  });

  test("unsubscribe(): un-SUBSCRIBE, Terminated at once; released after the final NOTIFY", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    const request = await establish(subscriber);
    const states = [];
    subscriber.stateChange.addListener((s) => states.push(s));
    await subscriber.unsubscribe();
    expect(states).toEqual([SubscriptionState.Terminated]);
    await settle();
    const un = notifier.requests("SUBSCRIBE")[1];
    expect(header(un, "Expires")).toBe("0");
    const area = ua._subscriptionArea.handle;
    expect(area.subscriberCount()).toBe(1); // waiting for the NOTIFY that ends the dialog
    notifier.notify(request, "terminated;reason=timeout");
    await settle();
    expect(notifier.answers(200)).toBe(2);
    expect(notifier.answers(481)).toBe(0);
    expect(area.subscriberCount()).toBe(0);
    expect(notifier.requests("SUBSCRIBE").length).toBe(2);
  });

  test("dispose() while subscribed un-SUBSCRIBEs and resolves when the subscription has ended", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    const request = await establish(subscriber);
    let resolved = false;
    const disposed = subscriber.dispose().then(() => (resolved = true));
    expect(ua._subscriptions[subscriber.id]).toBeUndefined();
    await settle();
    expect(header(notifier.requests("SUBSCRIBE")[1], "Expires")).toBe("0");
    expect(resolved).toBe(false);
    notifier.notify(request, "terminated");
    await settle();
    expect(resolved).toBe(true);
    await disposed;
    expect(subscriber.state).toBe(SubscriptionState.Subscribed); // sip.js: dispose changes no state
    await expect(subscriber.subscribe()).rejects.toThrow("Subscriber disposed. Unable to subscribe.");
  });

  test("a rejected SUBSCRIBE and Timer N without any NOTIFY both end in Terminated", async () => {
    notifier.onRequest = (text) => {
      if (isRequest(text, "SUBSCRIBE")) notifier.deliver(respondAsNotifier(text, 404));
    };
    const rejected = new Subscriber(ua, target, "presence");
    const states = [];
    rejected.stateChange.addListener((s) => states.push(s));
    await rejected.subscribe();
    await settle();
    expect(states).toEqual([SubscriptionState.NotifyWait, SubscriptionState.Terminated]);

    notifier.onRequest = (text) => {
      if (isRequest(text, "SUBSCRIBE")) notifier.deliver(respondAsNotifier(text, 202, ["Expires: 3600"]));
    };
    const silent = new Subscriber(ua, target, "presence");
    await silent.subscribe();
    await settle();
    expect(silent.state).toBe(SubscriptionState.NotifyWait);
    jest.advanceTimersByTime(32000);
    await settle();
    expect(silent.state).toBe(SubscriptionState.Terminated);
    expect(ua._subscriptionArea.handle.subscriberCount()).toBe(0);
  });

  test("a transport that fails at once: the SUBSCRIBE fails (503) and the subscription ends", async () => {
    ua.transport.fail = true;
    const subscriber = new Subscriber(ua, target, "presence");
    await subscriber.subscribe();
    await settle();
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
  });

  test("bad arguments are JavaScript errors and leak nothing", () => {
    expect(() => new Subscriber(ua, target, "")).toThrow(TypeError);
    expect(() => new Subscriber(ua, target, "presence\r\nX-Injected: 1")).toThrow(/Invalid event type/);
    expect(() => new Subscriber(ua, "not a uri", "presence")).toThrow(/Invalid target URI/);
    expect(() => new Subscriber(ua, undefined, "presence")).toThrow(TypeError);
    expect(Object.keys(ua._subscriptions || {})).toEqual([]);
  });

  test("UserAgent.stop() with a live subscription: dispose() settles and Wasm holds nothing", async () => {
    const subscriber = new Subscriber(ua, target, "presence");
    await establish(subscriber);
    const pending = subscriber.dispose(); // no NOTIFY will end it: the user agent stops first
    await ua.stop();
    await pending;
    expect(subscriber.disposed).toBe(true);
    await expect(subscriber.subscribe()).rejects.toThrow(/Unable to subscribe/);
  });

  test("after stop() and start() a new core gets a new area; old subscribers stay ended", async () => {
    const old = new Subscriber(ua, target, "presence");
    await establish(old);
    await stopWithClock(ua);
    expect(wasm.SubscriptionBridge.liveAreas()).toBe(0);
    await ua.start();
    const fresh = new Subscriber(ua, target, "presence");
    expect(wasm.SubscriptionBridge.liveAreas()).toBe(1);
    await establish(fresh);
    expect(fresh.state).toBe(SubscriptionState.Subscribed);
    await expect(old.subscribe()).rejects.toThrow(/Unable to subscribe/);
  });
});
