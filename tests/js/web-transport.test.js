// Web.Transport (SIP over WebSocket, RFC 7118) against real sockets: `ws`'s WebSocketServer on
// 127.0.0.1 (ephemeral port), a raw TCP server that accepts and never answers the handshake, and
// a closed port. `ws`'s WebSocket stands in for the browser's (globalThis.WebSocket).
import { jest } from "@jest/globals";
import net from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { Transport } from "../../lib/platform/web/transport/index.js";
import * as Web from "../../lib/platform/web/index.js";
import { EmitterImpl, StateTransitionError, TransportState } from "../../lib/api/index.js";
import { LoggerFactory } from "../../lib/core/log/index.js";

const { Connecting, Connected, Disconnecting, Disconnected } = TransportState;

let logs;
function makeLogger() {
  const factory = new LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, category, label, content) => logs.push({ level, content });
  return factory.getLogger("sip.Transport");
}

// Waits on real I/O (setImmediate is never faked here) until `predicate` holds.
async function until(predicate, what = "condition", limit = 4000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > limit) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// A WebSocket server that records what it sees.
async function startServer() {
  const server = {
    received: [],
    requests: [],
    sockets: [],
    wss: new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      handleProtocols: (protocols) => (protocols.has("sip") ? "sip" : false)
    })
  };
  server.wss.on("connection", (socket, request) => {
    server.sockets.push(socket);
    server.requests.push(request);
    socket.on("message", (data, isBinary) => server.received.push(isBinary ? data : data.toString()));
  });
  await new Promise((resolve) => server.wss.on("listening", resolve));
  server.url = `ws://127.0.0.1:${server.wss.address().port}`;
  server.close = () =>
    new Promise((resolve) => {
      server.wss.clients.forEach((client) => client.terminate());
      server.wss.close(() => resolve());
    });
  return server;
}

// A TCP server that accepts connections and never says anything.
async function startSilentServer() {
  const sockets = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.resume(); // read (and ignore) the handshake request
    socket.on("close", () => (socket.closedByPeer = true));
    socket.on("error", () => undefined);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    sockets,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      })
  };
}

// A port nothing listens on.
async function closedPortUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  return `ws://127.0.0.1:${port}`;
}

function watch(transport) {
  const seen = { states: [], events: [] };
  transport.stateChange.addListener((state) => {
    seen.states.push(state);
    seen.events.push(`state:${state}`);
  });
  transport.onConnect = () => seen.events.push(`onConnect:${transport.state}`);
  transport.onDisconnect = (error) => seen.events.push(`onDisconnect:${transport.state}:${error ? error.message : "-"}`);
  transport.onMessage = (message) => seen.events.push(`message:${message}`);
  return seen;
}

const savedWebSocket = globalThis.WebSocket;
let server;
let transports;

function makeTransport(options) {
  const transport = new Transport(makeLogger(), { traceSip: false, ...options });
  transports.push(transport);
  return transport;
}

beforeAll(async () => {
  globalThis.WebSocket = WebSocket;
  server = await startServer();
});

afterAll(async () => {
  await server.close();
  globalThis.WebSocket = savedWebSocket;
});

beforeEach(() => {
  logs = [];
  transports = [];
});

afterEach(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  for (const transport of transports) {
    transport.onConnect = transport.onDisconnect = transport.onMessage = undefined;
    if (transport.state === Connected || transport.state === Connecting) {
      await transport.dispose().catch(() => undefined);
    }
  }
});

describe("construction and options", () => {
  test("ws and wss URLs; protocol as in a Via sent-protocol; starts Disconnected", () => {
    const ws = makeTransport({ server: "ws://127.0.0.1:8080" });
    expect(ws.protocol).toBe("WS");
    expect(ws.server).toBe("ws://127.0.0.1:8080");
    expect(ws.state).toBe(Disconnected);
    expect(ws.isConnected()).toBe(false);
    expect(ws.ws).toBeUndefined();
    expect(ws.stateChange).toBeInstanceOf(EmitterImpl);
    expect(makeTransport({ server: "wss://sip.example.com:7443/ws?x=1" }).protocol).toBe("WSS");
    expect(makeTransport({ server: "WSS://SIP.EXAMPLE.COM" }).protocol).toBe("WSS");
    expect(makeTransport({ server: "ws://[::1]:5066" }).protocol).toBe("WS");
    expect(Web.Transport).toBe(Transport);
  });

  test("a missing or malformed server URL throws a clear Error", () => {
    const bad = [undefined, "", "localhost:8080", "ws:", "ws://", "wss:///path", "not a url", "ws:host", "ws://host/#frag", 42];
    for (const server of bad) {
      expect(() => new Transport(makeLogger(), server === undefined ? undefined : { server })).toThrow(
        /^Invalid WebSocket Server URL/
      );
    }
    expect(logs.some((l) => l.level === "error" && /Invalid WebSocket Server URL/.test(l.content))).toBe(true);
  });

  test("a scheme other than ws or wss throws", () => {
    for (const server of ["http://example.com", "https://example.com", "udp://example.com:5060", "sip://example.com"]) {
      expect(() => new Transport(makeLogger(), { server })).toThrow(/^Invalid scheme in WebSocket Server URL/);
    }
  });

  test("bad numeric options throw; undefined options keep their defaults", () => {
    const server = "ws://127.0.0.1:1";
    expect(() => new Transport(makeLogger(), { server, connectionTimeout: -1 })).toThrow(/connectionTimeout/);
    expect(() => new Transport(makeLogger(), { server, connectionTimeout: "5" })).toThrow(/connectionTimeout/);
    expect(() => new Transport(makeLogger(), { server, keepAliveInterval: NaN })).toThrow(/keepAliveInterval/);
    expect(() => new Transport(makeLogger(), { server, keepAliveDebounce: Infinity })).toThrow(/keepAliveDebounce/);
    expect(() => new Transport(makeLogger(), "ws://x")).toThrow(/options must be an object/);
    const transport = makeTransport({ server, connectionTimeout: undefined, traceSip: undefined });
    expect(transport.configuration.connectionTimeout).toBe(5);
    expect(transport.configuration.traceSip).toBe(true);
  });

  test("the deprecated wsServers option still gives the server, with a warning", () => {
    expect(new Transport(makeLogger(), { wsServers: "wss://a.example.com" }).server).toBe("wss://a.example.com");
    expect(new Transport(makeLogger(), { wsServers: ["ws://b.example.com", "ws://c.example.com"] }).server).toBe(
      "ws://b.example.com"
    );
    expect(logs.filter((l) => l.level === "warn" && /wsServers/.test(l.content))).toHaveLength(2);
  });
});

describe("connect and disconnect against a WebSocket server", () => {
  test("states, callbacks and promises in sip.js's order; the sip subprotocol", async () => {
    const transport = makeTransport({ server: server.url });
    const seen = watch(transport);
    const connecting = transport.connect();
    // connect() moves to Connecting before it returns
    expect(transport.state).toBe(Connecting);
    expect(seen.states).toEqual([Connecting]);
    expect(transport.connect()).toBe(connecting); // already connecting: the same promise
    let resolvedIn;
    connecting.then(() => (resolvedIn = transport.state));
    await connecting;
    expect(resolvedIn).toBe(Connected);
    expect(transport.isConnected()).toBe(true);
    expect(transport.ws.protocol).toBe("sip");
    expect(transport.ws.binaryType).toBe("arraybuffer");
    expect(server.requests[server.requests.length - 1].headers["sec-websocket-protocol"]).toBe("sip");
    await transport.connect(); // already connected: resolves, no transition
    expect(seen.states).toEqual([Connecting, Connected]);

    const disconnecting = transport.disconnect();
    expect(transport.state).toBe(Disconnecting);
    expect(transport.disconnect()).toBe(disconnecting);
    await disconnecting;
    expect(transport.state).toBe(Disconnected);
    expect(transport.ws).toBeUndefined();
    await transport.disconnect(); // already disconnected
    expect(seen.events).toEqual([
      "state:Connecting",
      "state:Connected",
      "onConnect:Connected",
      "state:Disconnecting",
      "onDisconnect:Disconnecting:-",
      "state:Disconnected"
    ]);
  });

  test("connect again after disconnect; dispose disconnects", async () => {
    const transport = makeTransport({ server: server.url });
    const seen = watch(transport);
    await transport.connect();
    await transport.disconnect();
    await transport.connect();
    expect(transport.isConnected()).toBe(true);
    await transport.dispose();
    expect(transport.state).toBe(Disconnected);
    expect(seen.states).toEqual([
      Connecting,
      Connected,
      Disconnecting,
      Disconnected,
      Connecting,
      Connected,
      Disconnecting,
      Disconnected
    ]);
  });

  test("the server closing the connection: Disconnected with an Error for onDisconnect", async () => {
    const transport = makeTransport({ server: server.url });
    const seen = watch(transport);
    await transport.connect();
    const socket = server.sockets[server.sockets.length - 1];
    socket.close(4000, "bye");
    await until(() => transport.state === Disconnected, "Disconnected");
    expect(seen.states).toEqual([Connecting, Connected, Disconnected]);
    const disconnect = seen.events.find((e) => e.startsWith("onDisconnect"));
    expect(disconnect).toBe(`onDisconnect:Disconnected:WebSocket closed ${server.url} (code: 4000)`);
    expect(logs.some((l) => l.content === "WebSocket closed unexpectedly")).toBe(true);
    await expect(transport.send("x")).rejects.toThrow("Not connected.");
  });

  test("connection refused: connect rejects after Connecting -> Disconnected; onConnect not called", async () => {
    const transport = makeTransport({ server: await closedPortUrl() });
    const seen = watch(transport);
    const error = await transport.connect().then(
      () => undefined,
      (e) => e
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^WebSocket closed ws:\/\/127\.0\.0\.1:\d+ \(code: 1006\)$/);
    expect(transport.state).toBe(Disconnected);
    expect(seen.events).toEqual(["state:Connecting", "state:Disconnected"]);
  });

  test("no WebSocket in the environment: connect rejects, the state goes back to Disconnected", async () => {
    globalThis.WebSocket = undefined;
    try {
      const transport = makeTransport({ server: server.url });
      const seen = watch(transport);
      await expect(transport.connect()).rejects.toThrow(/WebSocket is not available/);
      expect(seen.states).toEqual([Connecting, Disconnected]);
    } finally {
      globalThis.WebSocket = WebSocket;
    }
  });

  test("the WebSocket class is looked up at connect time", async () => {
    const constructed = [];
    globalThis.WebSocket = class extends WebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        constructed.push([url, protocols]);
      }
    };
    try {
      const transport = makeTransport({ server: server.url });
      await transport.connect();
      expect(constructed).toEqual([[server.url, "sip"]]);
      await transport.disconnect();
    } finally {
      globalThis.WebSocket = WebSocket;
    }
  });
});

describe("connection timeout, and disconnect/connect while the other is pending", () => {
  let silent;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent.close();
  });

  test("a server that never completes the handshake: connect rejects after connectionTimeout", async () => {
    const transport = makeTransport({ server: silent.url, connectionTimeout: 0.3 });
    const seen = watch(transport);
    const started = Date.now();
    const error = await transport.connect().then(
      () => undefined,
      (e) => e
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(`Connect timed out after 0.3s (${silent.url})`);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3000);
    expect(transport.state).toBe(Disconnected);
    expect(transport.ws).toBeUndefined();
    expect(seen.events).toEqual(["state:Connecting", "state:Disconnected"]);
    expect(logs.some((l) => /Connect timed out\. Exceeded time set in configuration\.connectionTimeout: 0\.3s\./.test(l.content))).toBe(true);
    // the TCP connection it had opened is closed
    await until(() => silent.sockets.every((s) => s.closedByPeer), "socket closed");
  });

  test("the connection timeout runs on globalThis.setTimeout (fake clocks control it)", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const transport = makeTransport({ server: silent.url, connectionTimeout: 30 });
    const seen = watch(transport);
    const result = transport.connect().then(
      () => "resolved",
      (e) => e.message
    );
    await until(() => silent.sockets.length > 0, "TCP accept");
    jest.advanceTimersByTime(29999);
    expect(transport.state).toBe(Connecting);
    jest.advanceTimersByTime(1);
    expect(await result).toBe(`Connect timed out after 30s (${silent.url})`);
    expect(seen.states).toEqual([Connecting, Disconnected]);
  });

  test("disconnect while connecting: connect rejects (aborted), disconnect resolves", async () => {
    const transport = makeTransport({ server: silent.url, connectionTimeout: 10 });
    const seen = watch(transport);
    const connecting = transport.connect().then(
      () => "resolved",
      (e) => e.message
    );
    const disconnecting = transport.disconnect();
    expect(transport.state).toBe(Disconnecting);
    expect(await connecting).toBe("Connect aborted.");
    await disconnecting;
    expect(transport.state).toBe(Disconnected);
    expect(seen.events).toEqual(["state:Connecting", "state:Disconnecting", "state:Disconnected"]);
  });

  test("connect while disconnecting: disconnect rejects (aborted), connect resolves on a new WebSocket", async () => {
    const transport = makeTransport({ server: server.url });
    const seen = watch(transport);
    await transport.connect();
    const first = transport.ws;
    const disconnecting = transport.disconnect().then(
      () => "resolved",
      (e) => e.message
    );
    const connecting = transport.connect();
    expect(await disconnecting).toBe("Disconnect aborted.");
    await connecting;
    expect(transport.state).toBe(Connected);
    expect(transport.ws).not.toBe(first);
    // the old WebSocket's close event does not disturb the new connection
    await until(() => first.readyState === WebSocket.CLOSED, "old socket closed");
    expect(transport.state).toBe(Connected);
    expect(seen.states).toEqual([Connecting, Connected, Disconnecting, Connecting, Connected]);
    await transport.disconnect();
  });
});

describe("send and receive", () => {
  let transport;
  let seen;
  let socket;
  beforeEach(async () => {
    transport = makeTransport({ server: server.url });
    seen = watch(transport);
    await transport.connect();
    socket = server.sockets[server.sockets.length - 1];
    server.received.length = 0;
  });

  test("send() puts one text frame on the wire", async () => {
    const message = "OPTIONS sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n";
    await transport.send(message);
    await transport.send("déjà vu ☎");
    await until(() => server.received.length === 2, "two frames");
    expect(server.received).toEqual([message, "déjà vu ☎"]);
  });

  test("text and binary frames reach onMessage as strings (binary decoded as UTF-8)", async () => {
    socket.send("SIP/2.0 200 OK\r\n\r\n");
    socket.send(Buffer.from("MESSAGE é ☎", "utf8"), { binary: true });
    await until(() => seen.events.filter((e) => e.startsWith("message:")).length === 2, "two messages");
    expect(seen.events.filter((e) => e.startsWith("message:"))).toEqual([
      "message:SIP/2.0 200 OK\r\n\r\n",
      "message:MESSAGE é ☎"
    ]);
  });

  test("empty frames and CRLF keep-alive answers are not passed on", async () => {
    socket.send("");
    socket.send("\r\n");
    socket.send("\r\n\r\n");
    socket.send(Buffer.from("\r\n"), { binary: true });
    socket.send("last");
    await until(() => seen.events.includes("message:last"), "last message");
    expect(seen.events.filter((e) => e.startsWith("message:"))).toEqual(["message:last"]);
    expect(logs.some((l) => l.content === "Received empty message, discarding...")).toBe(true);
  });

  test("send() rejects when not connected", async () => {
    await transport.disconnect();
    await expect(transport.send("x")).rejects.toThrow("Not connected.");
    const fresh = makeTransport({ server: server.url });
    await expect(fresh.send("x")).rejects.toThrow("Not connected.");
  });

  test("send() rejects while the WebSocket is closing (a browser would drop the frame)", async () => {
    transport.ws.close(1000); // CLOSING at once; the close event comes later
    expect(transport.state).toBe(Connected);
    await expect(transport.send("x")).rejects.toThrow("WebSocket is not open.");
    await until(() => transport.state === Disconnected, "closed");
  });

  test("traceSip logs what is sent and received", async () => {
    const traced = makeTransport({ server: server.url, traceSip: true });
    traced.onMessage = () => undefined;
    await traced.connect();
    await traced.send("PING-TRACE");
    server.sockets[server.sockets.length - 1].send("PONG-TRACE");
    await until(() => logs.some((l) => l.content.includes("PONG-TRACE")), "trace");
    expect(logs.some((l) => l.content === "Sending WebSocket message:\n\nPING-TRACE\n")).toBe(true);
    expect(logs.some((l) => l.content === "Received WebSocket text message:\n\nPONG-TRACE\n")).toBe(true);
    await traced.disconnect();
  });
});

describe("loops and throwing callbacks", () => {
  test("connect() or disconnect() called synchronously from a state change rejects with StateTransitionError", async () => {
    const transport = makeTransport({ server: server.url });
    const results = [];
    transport.stateChange.addListener((state) => {
      if (state === Connecting) {
        results.push(transport.disconnect().catch((e) => e));
      }
      if (state === Connected) {
        results.push(transport.connect().catch((e) => e));
        results.push(transport.disconnect().catch((e) => e));
      }
    });
    await transport.connect();
    const errors = await Promise.all(results);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(StateTransitionError);
      expect(error.message).toBe("Loop detected.");
    }
    expect(transport.state).toBe(Connected);
    expect(logs.some((l) => /A state transition loop has been detected/.test(l.content))).toBe(true);
  });

  test("an asynchronous reconnect from onDisconnect works", async () => {
    const transport = makeTransport({ server: server.url });
    let reconnected;
    transport.onDisconnect = (error) => {
      if (error) {
        reconnected = Promise.resolve().then(() => transport.connect());
      }
    };
    await transport.connect();
    server.sockets[server.sockets.length - 1].close(1001);
    await until(() => reconnected !== undefined, "onDisconnect");
    await reconnected;
    expect(transport.state).toBe(Connected);
  });

  test("a throwing listener or callback does not break the transition; the exception is rethrown from a microtask", async () => {
    const rethrown = [];
    jest.spyOn(globalThis, "queueMicrotask").mockImplementation((fn) => {
      try {
        fn();
      } catch (e) {
        rethrown.push(e.message);
      }
    });
    const transport = makeTransport({ server: server.url });
    transport.stateChange.addListener((state) => {
      throw new Error(`listener ${state}`);
    });
    transport.onConnect = () => {
      throw new Error("onConnect");
    };
    transport.onDisconnect = () => {
      throw new Error("onDisconnect");
    };
    await transport.connect();
    expect(transport.state).toBe(Connected);
    await transport.disconnect();
    expect(transport.state).toBe(Disconnected);
    expect(rethrown).toEqual([
      "listener Connecting",
      "listener Connected",
      "onConnect",
      "listener Disconnecting",
      "onDisconnect",
      "listener Disconnected"
    ]);
  });
});

describe("CRLF keep-alive (fake timers)", () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
  });

  test("a double CRLF every keepAliveInterval (80% to 100% of it, random); none before", async () => {
    jest.spyOn(Math, "random").mockReturnValue(1); // the longest wait: exactly the interval
    const transport = makeTransport({ server: server.url, keepAliveInterval: 30 });
    await transport.connect();
    const socket = server.sockets[server.sockets.length - 1];
    socket.on("message", (data) => {
      if (data.toString() === "\r\n\r\n") {
        socket.send("\r\n"); // the pong
      }
    });
    server.received.length = 0;
    jest.advanceTimersByTime(29999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.received).toEqual([]);
    jest.advanceTimersByTime(1);
    await until(() => server.received.length === 1, "first ping");
    expect(server.received).toEqual(["\r\n\r\n"]);
    // the pong clears the pending keep-alive, so the next one goes out on time
    await until(() => transport.keepAliveDebounceTimeout === undefined, "pong");
    jest.advanceTimersByTime(30000);
    await until(() => server.received.length === 2, "second ping");
    await transport.disconnect();
  });

  test("the shortest wait is 80% of the interval", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    const transport = makeTransport({ server: server.url, keepAliveInterval: 10 });
    await transport.connect();
    server.received.length = 0;
    jest.advanceTimersByTime(7999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.received).toEqual([]);
    jest.advanceTimersByTime(1);
    await until(() => server.received.length === 1, "ping");
    await transport.disconnect();
  });

  test("without a pong, no new keep-alive until keepAliveDebounce has passed", async () => {
    jest.spyOn(Math, "random").mockReturnValue(1);
    const transport = makeTransport({ server: server.url, keepAliveInterval: 4, keepAliveDebounce: 10 });
    await transport.connect();
    server.received.length = 0;
    jest.advanceTimersByTime(4000); // t=4: ping, debounce until t=14
    await until(() => server.received.length === 1, "ping");
    jest.advanceTimersByTime(4000); // t=8: skipped
    jest.advanceTimersByTime(4000); // t=12: skipped
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.received).toHaveLength(1);
    jest.advanceTimersByTime(4000); // t=16: debounce over, ping
    await until(() => server.received.length === 2, "second ping");
    await transport.disconnect();
  });

  test("keep-alives stop on disconnect; keepAliveInterval 0 sends none", async () => {
    jest.spyOn(Math, "random").mockReturnValue(1);
    const transport = makeTransport({ server: server.url, keepAliveInterval: 5 });
    await transport.connect();
    await transport.disconnect();
    const none = makeTransport({ server: server.url });
    await none.connect();
    server.received.length = 0;
    jest.advanceTimersByTime(600000);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.received).toEqual([]);
    await none.disconnect();
  });
});
