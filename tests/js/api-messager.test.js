// Messager over the Wasm core (src/api/messager.cpp through bindings/subscription_bridge.cpp and
// js/api/messager.js): a MESSAGE outside a dialog, its responses on the request delegate, the
// same request on every send, a failing transport, bad arguments, and nothing left in Wasm.
import { jest } from "@jest/globals";
import { UserAgentCoreBridge } from "../../lib/core/user-agent-core/index.js";
import { Messager, UserAgent } from "../../lib/api/index.js";
import { MemoryTransport, header, respond, settle } from "./support/scripted-peer.js";

// Bob's side: records requests; answers each with `status` (none when undefined).
class Peer {
  constructor() {
    this.requests = [];
    this.status = 200;
    this.ua = undefined;
  }
  receive(text) {
    if (text.startsWith("SIP/2.0")) return;
    this.requests.push(text);
    if (this.status === undefined) return;
    const answer = respond(text, this.status, [], "bob");
    Promise.resolve().then(() => this.ua.transport.onMessage(answer));
  }
}


const bob = UserAgent.makeURI("sip:bob@example.com");
let peer;
let ua;
let baseline;

beforeEach(async () => {
  jest.useFakeTimers();
  baseline = UserAgentCoreBridge.liveCounts();
  peer = new Peer();
  ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.com"),
    displayName: "Alice",
    transportConstructor: MemoryTransport,
    transportOptions: { peer, failsBy: "throw" },
    logBuiltinEnabled: false
  });
  peer.ua = ua;
  await ua.start();
});

afterEach(async () => {
  await ua.stop();
  expect(UserAgentCoreBridge.liveCounts()).toEqual(baseline);
  jest.useRealTimers();
});

describe("Messager over the Wasm core", () => {
  test("MESSAGE outside a dialog; the 200 reaches onAccept as an IncomingResponseMessage", async () => {
    const messager = new Messager(ua, bob, "Hello, Bob", "text/plain", { extraHeaders: ["X-Note: 1"] });
    const accepted = [];
    await expect(messager.message({ requestDelegate: { onAccept: (r) => accepted.push(r) } })).resolves.toBeUndefined();
    await settle();
    expect(peer.requests.length).toBe(1);
    const request = peer.requests[0];
    expect(request).toMatch(/^MESSAGE sip:bob@example\.com SIP\/2\.0\r\n/);
    expect(header(request, "From")).toMatch(/^"Alice" <sip:alice@example\.com>;tag=/);
    expect(header(request, "To")).toBe("<sip:bob@example.com>");
    expect(header(request, "Content-Type")).toBe("text/plain");
    expect(header(request, "X-Note")).toBe("1");
    expect(request.endsWith("\r\n\r\nHello, Bob")).toBe(true);
    expect(accepted.length).toBe(1);
    expect(accepted[0].message.statusCode).toBe(200);
    expect(accepted[0].message.callId).toBe(header(request, "Call-ID"));
  });

  test("each message() sends the same request (Call-ID, From tag, CSeq) in a new transaction", async () => {
    const messager = new Messager(ua, bob, "twice");
    await messager.message();
    await messager.message();
    await settle();
    expect(peer.requests.length).toBe(2);
    const [a, b] = peer.requests;
    for (const name of ["Call-ID", "From", "CSeq"]) expect(header(b, name)).toBe(header(a, name));
    expect(header(b, "Via")).not.toBe(header(a, "Via"));
    // Two Messagers: two requests.
    await new Messager(ua, bob, "other").message();
    await settle();
    expect(header(peer.requests[2], "Call-ID")).not.toBe(header(a, "Call-ID"));
  });

  test("rejections and timeouts reach onReject; params set From and To", async () => {
    peer.status = 404;
    const rejected = [];
    const messager = new Messager(ua, bob, "x", undefined, {
      params: { fromUri: "sip:alias@example.org", toUri: UserAgent.makeURI("sip:robert@example.com"), fromDisplayName: "A" }
    });
    await messager.message({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    expect(header(peer.requests[0], "From")).toMatch(/^"A" <sip:alias@example\.org>;tag=/);
    expect(header(peer.requests[0], "To")).toBe("<sip:robert@example.com>");
    expect(header(peer.requests[0], "Content-Type")).toBe("text/plain");
    expect(rejected).toEqual([404]);

    peer.status = undefined; // no answer: Timer F, the core's 408
    await new Messager(ua, bob, "y").message({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    jest.advanceTimersByTime(32000);
    await settle();
    expect(rejected).toEqual([404, 408]);
  });

  test("a send that fails at once reaches onReject as a 503", async () => {
    ua.transport.fail = true;
    const rejected = [];
    await new Messager(ua, bob, "z").message({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    expect(rejected).toEqual([503]);
  });

  test("non-ASCII text crosses into and out of Wasm intact, with Content-Length in bytes", async () => {
    const text = "Grüße, 世界! 😀";
    const bytes = Buffer.byteLength(text, "utf8");
    await new Messager(ua, bob, text, "text/plain; charset=utf-8").message();
    await settle();
    const sent = peer.requests[0];
    expect(sent.endsWith("\r\n\r\n" + text)).toBe(true);
    expect(header(sent, "Content-Length")).toBe(String(bytes));

    const received = [];
    ua.delegate = { onMessage: (message) => received.push(message.request.body) };
    const incoming =
      "MESSAGE sip:alice@example.com SIP/2.0\r\n" +
      "Via: SIP/2.0/WSS peer.invalid;branch=z9hG4bKutf8test\r\n" +
      'From: "Bjørn 😀" <sip:bjorn@example.com>;tag=b1\r\n' +
      "To: <sip:alice@example.com>\r\n" +
      "Call-ID: utf8-call\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n" +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${bytes}\r\n\r\n${text}`;
    ua.transport.onMessage(incoming);
    await settle();
    expect(received).toEqual([text]);
  });

  test("bad arguments are JavaScript errors", () => {
    expect(() => new Messager(ua, bob, "x", "text/plain", { params: { fromUri: "not a uri" } })).toThrow(
      new TypeError("Invalid from URI: not a uri")
    );
    expect(() => new Messager(ua, bob, "x", "text/plain", { params: { toUri: "::" } })).toThrow(/Invalid to URI/);
    expect(() => new Messager(ua, "bob", "x")).toThrow(/Invalid target URI/);
    expect(() => new Messager(ua, undefined, "x")).toThrow(TypeError);
  });
});
