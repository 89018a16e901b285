// The C++ UA core driven from JavaScript (bindings/host_bridge.cpp, bindings/user_agent_core_bridge.cpp,
// js/core/user-agent-core/) and the first API object over it, Registerer (src/api/registerer.cpp,
// js/api/registerer.js): two bridged cores exchange messages through an in-memory transport; the
// registrar one hands REGISTERs to a script that challenges with MD5, then SHA-256 (stale), then
// accepts. Fake timers drive the core's timers (globalThis.setTimeout looked up at call time).
import { jest } from "@jest/globals";
import { createHash } from "node:crypto";
import { wasm } from "../../lib/wasm/loader.js";
import { UserAgentCoreBridge } from "../../lib/core/user-agent-core/index.js";
import { LoggerFactory } from "../../lib/core/log/index.js";
import { Registerer, RegistererState, RequestPendingError, UserAgent } from "../../lib/api/index.js";

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
// Lets sends settle and 0 ms core timers fire, a few rounds.
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await flush();
    jest.advanceTimersByTime(0);
  }
  await flush();
};

function header(text, name) {
  const m = new RegExp("^" + name + ":\\s*(.*)$", "mi").exec(text);
  return m ? m[1].trim() : undefined;
}
function authParams(value) {
  const out = {};
  const re = /([a-zA-Z-]+)=("([^"]*)"|[^,\s]+)/g;
  let m;
  while ((m = re.exec(value))) out[m[1].toLowerCase()] = m[3] !== undefined ? m[3] : m[2];
  return out;
}
function digestOk(method, authorization, password, algorithm) {
  const p = authParams(authorization.replace(/^Digest\s+/i, ""));
  const hash = (s) => createHash(algorithm === "SHA-256" ? "sha256" : "md5").update(s).digest("hex");
  const ha1 = hash(`${p.username}:${p.realm}:${password}`);
  const ha2 = hash(`${method}:${p.uri}`);
  const expected = hash(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  return { ok: p.response === expected && (p.algorithm || "MD5") === algorithm, params: p };
}

// The UA's transport: an in-memory pipe to the registrar bridge (sip.js's Transport interface).
class MemoryTransport {
  constructor(logger, options) {
    this.logger = logger;
    this.options = options;
    this.protocol = "WSS";
    this.sent = [];
    this.fail = false;
    this.onMessage = undefined;
  }
  connect() {
    return Promise.resolve();
  }
  disconnect() {
    return Promise.resolve();
  }
  isConnected() {
    return true;
  }
  send(message) {
    if (this.fail) return Promise.reject(new Error("socket closed"));
    this.sent.push(message);
    const peer = this.options.peer();
    return Promise.resolve().then(() => {
      if (peer && peer.alive) peer.receive(message);
    });
  }
  dispose() {
    return Promise.resolve();
  }
}

// A registrar: a bridged core that hands REGISTERs to this script.
function makeRegistrar(getUserAgent, { password = "secret", expires = 60 } = {}) {
  const log = [];
  const registrar = { requests: [], log, mode: "challenge" };
  const bridge = new UserAgentCoreBridge(
    {
      aor: "sip:registrar@example.com",
      contact: "sip:registrar@example.com",
      viaHost: "registrar.invalid",
      userAgentString: "scripted-registrar",
      acceptRegister: true,
      checkRequestUriUser: false
    },
    {
      loggerFactory: (() => {
        const f = new LoggerFactory();
        f.builtinEnabled = false;
        return f;
      })(),
      transport: {
        protocol: "WSS",
        send(message) {
          return Promise.resolve().then(() => getUserAgent().transport.onMessage(message));
        }
      },
      onIncomingRequest(id, method, text) {
        registrar.requests.push(text);
        const authorization = header(text, "Authorization");
        const contact = header(text, "Contact");
        const respondOk = () => {
          const ours = contact.replace(/;expires=\d+/, "");
          const exp = /;expires=(\d+)/.exec(contact);
          const value = exp && exp[1] === "0" ? 0 : expires;
          if (value === 0) bridge.respond(id, 200, "", []);
          else bridge.respond(id, 200, "", [`Contact: ${ours};expires=${value}`, `Expires: ${value}`]);
        };
        if (registrar.mode === "423" && !/expires=(120)\b/.test(contact)) {
          bridge.respond(id, 423, "Interval Too Brief", ["Min-Expires: 120"]);
          return;
        }
        if (!authorization) {
          bridge.respond(id, 401, "", [
            'WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth", algorithm=MD5'
          ]);
          return;
        }
        if (/algorithm=MD5/.test(authorization)) {
          const check = digestOk("REGISTER", authorization, password, "MD5");
          log.push(["MD5", check.ok]);
          bridge.respond(id, check.ok ? 401 : 403, "", [
            'WWW-Authenticate: Digest realm="example.com", nonce="n2", qop="auth", algorithm=SHA-256, stale=true'
          ]);
          return;
        }
        const check = digestOk("REGISTER", authorization, password, "SHA-256");
        log.push(["SHA-256", check.ok]);
        if (!check.ok) {
          bridge.respond(id, 403, "", []);
          return;
        }
        respondOk();
      }
    }
  );
  registrar.bridge = bridge;
  return registrar;
}

function makeUserAgent(registrarRef, extra = {}) {
  return new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.com"),
    authorizationUsername: "alice",
    authorizationPassword: "secret",
    transportConstructor: MemoryTransport,
    transportOptions: { peer: () => registrarRef.bridge },
    logBuiltinEnabled: false,
    ...extra
  });
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe("UserAgentCoreBridge host", () => {
  test("timers go through globalThis.setTimeout at call time (fake timers drive the core)", async () => {
    const sent = [];
    const bridge = new UserAgentCoreBridge(
      { aor: "sip:alice@example.com", contact: "sip:abc@x.invalid;transport=ws" },
      {
        transport: {
          send(m) {
            sent.push(m);
            return Promise.resolve();
          }
        }
      }
    );
    const setTimeoutSpy = jest.spyOn(globalThis, "setTimeout");
    const ua = { _bridge: bridge, _registerers: {}, getLogger: () => new LoggerFactory().getLogger("x"), instanceId: "" };
    const registerer = new Registerer(ua, { registrar: UserAgent.makeURI("sip:example.com"), expires: 30 });
    await registerer.register();
    await flush();
    expect(sent.length).toBe(1);
    // Non-INVITE client transaction: Timer F (32 s) is a fake timer.
    expect(setTimeoutSpy).toHaveBeenCalled();
    expect(bridge.stats().pendingTimers).toBeGreaterThan(0);
    const states = [];
    registerer.stateChange.addListener((s) => states.push(s));
    jest.advanceTimersByTime(31999);
    await flush();
    expect(registerer.waiting).toBe(true);
    jest.advanceTimersByTime(1);
    await flush();
    // 408 from the core -> Unregistered, waiting cleared.
    expect(registerer.waiting).toBe(false);
    expect(states).toEqual([RegistererState.Unregistered]);
    setTimeoutSpy.mockRestore();
    await registerer.dispose();
    expect(registerer.state).toBe(RegistererState.Terminated);
    bridge.dispose();
    expect(bridge.alive).toBe(false);
  });

  test("a clock installed after construction (as jasmine.clock().install() does) gets the core's timers", async () => {
    jest.useRealTimers();
    const sent = [];
    const bridge = new UserAgentCoreBridge(
      { aor: "sip:alice@example.com", contact: "sip:abc@x.invalid;transport=ws" },
      { transport: { send: (m) => (sent.push(m), Promise.resolve()) } }
    );
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const pending = new Map();
    let next = 1;
    let now = 0;
    globalThis.setTimeout = (fn, ms) => {
      pending.set(next, { fn, at: now + ms });
      return next++;
    };
    globalThis.clearTimeout = (id) => pending.delete(id);
    const tick = (ms) => {
      now += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && pending.has(id)) {
          pending.delete(id);
          t.fn();
        }
      }
    };
    try {
      const ua = { _bridge: bridge, _registerers: {}, getLogger: () => new LoggerFactory().getLogger("x"), instanceId: "" };
      const registerer = new Registerer(ua, { registrar: UserAgent.makeURI("sip:example.com") });
      await registerer.register();
      await flush();
      expect(pending.size).toBeGreaterThan(0); // Timer F went to the installed clock
      tick(32000);
      await flush();
      expect(registerer.state).toBe(RegistererState.Unregistered);
      expect(registerer.waiting).toBe(false);
      bridge.dispose();
      expect(pending.size).toBe(0); // dispose cleared what was left
    } finally {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    }
  });

  test("core log lines reach the user agent's logger (category, label, level)", async () => {
    const lines = [];
    const registrarRef = {};
    let ua;
    const registrar = makeRegistrar(() => ua);
    registrarRef.bridge = registrar.bridge;
    ua = makeUserAgent(registrarRef, {
      logLevel: "debug",
      logConnector: (level, category, label, content) => lines.push([level, category, label, content])
    });
    const registerer = new Registerer(ua);
    await registerer.register();
    await settle();
    expect(registerer.state).toBe(RegistererState.Registered);
    expect(lines).toContainEqual(["log", "sip.Registerer", undefined, "Registration transitioned to state Registered"]);
    expect(lines.some(([level, category]) => level === "debug" && category.startsWith("sip.transaction"))).toBe(true);
    await ua.stop();
    registrar.bridge.dispose();
  });

  test("a bad configuration throws a JavaScript Error and leaks nothing", () => {
    const before = UserAgentCoreBridge.liveCounts();
    expect(() => new UserAgentCoreBridge({ aor: "not a uri", contact: "sip:a@b" })).toThrow(/Invalid aor/);
    expect(() => new UserAgentCoreBridge({ aor: "sip:a@b", contact: "sip:a@b", hackViaTcp: "yes" })).toThrow(
      /Invalid configuration/
    );
    expect(() => new UserAgentCoreBridge(null)).toThrow(TypeError);
    expect(UserAgentCoreBridge.liveCounts()).toEqual(before);
  });

  test("malformed input to receive() never throws into JS", () => {
    const sent = [];
    const bridge = new UserAgentCoreBridge(
      { aor: "sip:alice@example.com", contact: "sip:abc@x.invalid;transport=ws" },
      {
        transport: {
          send(m) {
            sent.push(m);
            return Promise.resolve();
          }
        }
      }
    );
    const inputs = [
      "",
      "\u0000\u0001garbage",
      "INVITE sip:a@b SIP/2.0\r\n\r\n",
      "SIP/2.0 200 OK\r\nCSeq: x\r\n\r\n",
      "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 99999\r\n\r\n",
      "x".repeat(100000),
      "OPTIONS sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bKa\r\nFrom: <sip:b@c>;tag=9\r\nTo: <sip:alice@example.com>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
    ];
    for (const input of inputs) expect(() => bridge.receive(input)).not.toThrow();
    expect(() => bridge.receive(undefined)).not.toThrow();
    expect(() => bridge.receive(42)).not.toThrow();
    // The OPTIONS got a 200; the parsable-but-bad REGISTER got a 4xx or was dropped.
    expect(sent.some((m) => m.startsWith("SIP/2.0 200"))).toBe(true);
    bridge.dispose();
    expect(() => bridge.receive("INVITE")).not.toThrow();
  });

  test("a rejected transport send is a transport error (503 to the registerer)", async () => {
    const registrarRef = {};
    const ua = makeUserAgent(registrarRef);
    ua.transport.fail = true;
    const registerer = new Registerer(ua);
    const rejected = [];
    await registerer.register({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await settle();
    expect(rejected).toEqual([503]);
    expect(registerer.state).toBe(RegistererState.Unregistered);
    expect(registerer.waiting).toBe(false);
    await ua.stop();
  });
});

describe("Registerer over the Wasm core", () => {
  test("401 MD5, then 401 SHA-256 (stale), then 200; refresh before expiry; unregister; dispose", async () => {
    const registrarRef = {};
    let ua;
    const registrar = makeRegistrar(() => ua);
    registrarRef.bridge = registrar.bridge;
    ua = makeUserAgent(registrarRef);
    await ua.start();
    const registerer = new Registerer(ua, { expires: 60, extraHeaders: ["X-Test: 1"] });
    expect(registerer.state).toBe(RegistererState.Initial);
    const events = [];
    registerer.stateChange.addListener((s) => events.push("state:" + s));
    registerer.waitingChange.addListener((w) => events.push("waiting:" + w));
    const accepted = [];
    const request = await registerer.register({ requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) } });
    expect(request).toBeDefined();
    expect(registerer.waiting).toBe(true);
    // A second register() while waiting rejects with RequestPendingError.
    await expect(registerer.register()).rejects.toBeInstanceOf(RequestPendingError);
    await settle();
    expect(registrar.log).toEqual([
      ["MD5", true],
      ["SHA-256", true]
    ]);
    expect(registrar.requests.length).toBe(3);
    const first = registrar.requests[0];
    expect(first).toMatch(/^REGISTER sip:example\.com SIP\/2\.0\r\n/);
    // sip.js: the request is made with CSeq 1 and register() increments it before sending.
    expect(header(first, "CSeq")).toBe("2 REGISTER");
    expect(header(registrar.requests[2], "CSeq")).toBe("4 REGISTER");
    expect(header(first, "X-Test")).toBe("1");
    expect(header(first, "Contact")).toMatch(/^<sip:[a-z0-9]+@[a-z0-9]+\.invalid;transport=ws>;expires=60$/);
    expect(header(first, "Allow")).toBe("ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER");
    expect(header(first, "User-Agent")).toMatch(/^SIP\.js\//);
    expect(registerer.state).toBe(RegistererState.Registered);
    expect(accepted).toEqual([200]);
    expect(events).toEqual(["waiting:true", "state:Registered", "waiting:false"]);
    expect(registerer.contacts.length).toBe(1);

    // Refresh at 99% of 60 s = 59.4 s, on the (fake) host timers.
    jest.advanceTimersByTime(59399);
    await flush();
    expect(registrar.requests.length).toBe(3);
    jest.advanceTimersByTime(1);
    await settle();
    expect(registrar.requests.length).toBe(4);
    expect(header(registrar.requests[3], "CSeq")).toBe("5 REGISTER");
    expect(header(registrar.requests[3], "Authorization")).toMatch(/algorithm=SHA-256/);
    expect(registerer.state).toBe(RegistererState.Registered);
    expect(events.slice(3)).toEqual(["waiting:true", "waiting:false"]);

    await registerer.unregister();
    await settle();
    expect(header(registrar.requests[4], "Contact")).toMatch(/;expires=0$/);
    expect(registerer.state).toBe(RegistererState.Unregistered);

    await registerer.dispose();
    expect(registerer.state).toBe(RegistererState.Terminated);
    expect(() => registerer.register()).toThrow("Registerer terminated. Unable to register.");
    await ua.stop();
    registrar.bridge.dispose();
  });

  test("dispose() while registered un-REGISTERs, then Terminated; 423 Min-Expires retry", async () => {
    const registrarRef = {};
    let ua;
    const registrar = makeRegistrar(() => ua, { expires: 120 });
    registrar.mode = "423";
    registrarRef.bridge = registrar.bridge;
    ua = makeUserAgent(registrarRef);
    await ua.start();
    const registerer = new Registerer(ua, { expires: 30 });
    const states = [];
    registerer.stateChange.addListener((s) => states.push(s));
    await registerer.register();
    await settle();
    expect(header(registrar.requests[0], "Contact")).toMatch(/;expires=30$/);
    expect(registrar.requests.some((r) => /;expires=120$/.test(header(r, "Contact")))).toBe(true);
    expect(registerer.state).toBe(RegistererState.Registered);
    const disposed = registerer.dispose();
    await settle();
    await disposed;
    expect(header(registrar.requests[registrar.requests.length - 1], "Contact")).toMatch(/;expires=0$/);
    expect(states).toEqual([RegistererState.Registered, RegistererState.Unregistered, RegistererState.Terminated]);
    await ua.stop();
    registrar.bridge.dispose();
  });

  test("options: registrar, params (Call-ID, CSeq, To), regId with the user agent's instanceId", async () => {
    const ua = makeUserAgent({ bridge: undefined });
    await ua.start(); // stop() of a user agent never started does nothing (as in SIP.js)
    const sent = [];
    ua.transport.send = (m) => (sent.push(m), Promise.resolve());
    const registerer = new Registerer(ua, {
      registrar: UserAgent.makeURI("sip:registrar.example.com:5070"),
      regId: 2,
      params: { callId: "abc123", cseq: 7, toUri: UserAgent.makeURI("sip:bob@example.com") }
    });
    expect(registerer.id.startsWith("abc123")).toBe(true);
    await registerer.register({ requestOptions: { extraHeaders: ["X-Once: yes"] } });
    await flush();
    expect(sent.length).toBe(1);
    expect(sent[0]).toMatch(/^REGISTER sip:registrar\.example\.com:5070 SIP\/2\.0\r\n/);
    expect(header(sent[0], "Call-ID")).toBe("abc123");
    expect(header(sent[0], "CSeq")).toBe("8 REGISTER");
    expect(header(sent[0], "To")).toBe("<sip:bob@example.com>");
    expect(header(sent[0], "X-Once")).toBe("yes");
    expect(header(sent[0], "Contact")).toContain(`;reg-id=2;+sip.instance="<urn:uuid:${ua.instanceId}>";expires=600`);
    jest.advanceTimersByTime(32000); // no registrar: Timer F, 408
    await flush();
    expect(registerer.state).toBe(RegistererState.Unregistered);
    await ua.stop();
    expect(registerer.state).toBe(RegistererState.Terminated);
  });

  test("constructor errors as sip.js throws them", () => {
    const ua = makeUserAgent({});
    expect(() => new Registerer(ua, { refreshFrequency: 10 })).toThrow(/Invalid refresh frequency/);
    expect(() => new Registerer(ua, { instanceId: "nope" })).toThrow("Invalid instanceId.");
    expect(() => new Registerer(ua, { expires: -1 })).toThrow("Invalid expires.");
    return ua.stop();
  });

  test("no embind handle or core object outlives dispose", async () => {
    const baseline = UserAgentCoreBridge.liveCounts();
    for (let round = 0; round < 3; round++) {
      const registrarRef = {};
      let ua;
      const registrar = makeRegistrar(() => ua);
      registrarRef.bridge = registrar.bridge;
      ua = makeUserAgent(registrarRef);
      await ua.start();
      const registerer = new Registerer(ua, { expires: 60 });
      await registerer.register();
      await settle();
      expect(registerer.state).toBe(RegistererState.Registered);
      await ua.stop(); // disposes the registerer (un-REGISTER), then the core
      await settle();
      registrar.bridge.dispose();
      expect(registerer.state).toBe(RegistererState.Terminated);
    }
    jest.runOnlyPendingTimers();
    await flush();
    expect(UserAgentCoreBridge.liveCounts()).toEqual(baseline);
    expect(jest.getTimerCount()).toBe(0);
    if (typeof wasm.count_emval_handles === "function") {
      expect(wasm.count_emval_handles()).toBe(baseline.emvalHandles);
    }
  });
});
