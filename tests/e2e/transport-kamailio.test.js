// Web.Transport (lib/platform/web) under Node, `ws` as globalThis.WebSocket, against a private
// Kamailio over a real WebSocket: requests written by hand, Kamailio's answers parsed with
// Core.Parser.parseMessage; a server that never answers the handshake; Kamailio stopped, crashed
// and restarted under a connected transport.
import { Core, TransportState, Web } from "../../lib/index.js";
import { useKamailio } from "./support/kamailio.js";
import { connectPeer, challengeParam, installNodeWebSocket, parse, Peer } from "./support/sip.js";
import { captureLogger, freePort, startSilentServer, until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
let restoreWebSocket;
const peers = [];

beforeAll(() => {
  restoreWebSocket = installNodeWebSocket();
});
afterAll(() => restoreWebSocket());
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peer(options) {
  const p = await connectPeer(kamailio.url, options);
  peers.push(p);
  return p;
}

describe("requests written by hand, answered by Kamailio", () => {
  test("connects with the sip subprotocol; OPTIONS from a known user is challenged with 407, parsed by Core.Parser", async () => {
    const alice = await peer({ user: "alice" });
    expect(alice.transport.state).toBe(TransportState.Connected);
    expect(alice.transport.isConnected()).toBe(true);
    expect(alice.transport.protocol).toBe("WS");
    expect(alice.transport.ws.protocol).toBe("sip");
    expect(alice.events).toEqual(["connect"]);

    const request = alice.buildRequest({ method: "OPTIONS", ruri: `sip:bob@${kamailio.domain}`, to: `sip:bob@${kamailio.domain}` });
    const sent = parse(request);
    const { status, message, text } = await alice.request(request);

    expect(status).toBe(407);
    expect(message).toBeInstanceOf(Core.IncomingResponseMessage);
    expect(message.reasonPhrase).toMatch(/Proxy Authentication Required/i);
    expect(message.method).toBe("OPTIONS");
    expect(message.callId).toBe(sent.callId);
    expect(message.cseq).toBe(sent.cseq);
    expect(message.viaBranch).toBe(sent.viaBranch);
    expect(message.fromTag).toBe(alice.fromTag);
    expect(message.toTag).toEqual(expect.any(String));
    expect(message.from.uri.user).toBe("alice");
    expect(message.to.uri.user).toBe("bob");
    const challenge = message.getHeader("Proxy-Authenticate");
    expect(challenge).toMatch(/^Digest /);
    expect(challengeParam(challenge, "realm")).toBe(kamailio.domain);
    expect(challengeParam(challenge, "nonce")).toEqual(expect.any(String));
    // The whole frame is one SIP message, and the parser keeps it as received.
    expect(message.data).toBe(text);
    expect(text.startsWith("SIP/2.0 407 ")).toBe(true);
  });

  test("REGISTER: 401 without credentials, 200 with digest (Contact bound, expires), 200 on unregister", async () => {
    const bob = await peer({ user: "bob" });
    const unauthenticated = await bob.request({ method: "REGISTER", ruri: `sip:${kamailio.domain}`, headers: ["Expires: 600"] });
    expect(unauthenticated.status).toBe(401);
    expect(challengeParam(unauthenticated.message.getHeader("WWW-Authenticate"), "realm")).toBe(kamailio.domain);

    const registered = await bob.register({ expires: 600 });
    expect(registered.status).toBe(200);
    const contacts = registered.message.getHeaders("Contact");
    expect(contacts.length).toBe(1);
    const contact = registered.message.parseHeader("Contact");
    expect(contact.uri.user).toBe("bob");
    expect(contact.uri.host).toBe(bob.host);
    expect(Number(contact.getParam("expires"))).toBeGreaterThan(0);
    expect(Number(contact.getParam("expires"))).toBeLessThanOrEqual(600);
    // Kamailio's own view: the location table holds bob's WebSocket contact.
    expect(await kamailio.rpc("ul.dump")).toContain(`sip:bob@${bob.host}`);

    const unregistered = await bob.register({ expires: 0 });
    expect(unregistered.status).toBe(200);
    expect(unregistered.message.getHeaders("Contact")).toEqual([]);
    expect(await kamailio.rpc("ul.dump")).not.toContain(`sip:bob@${bob.host}`);
  });

  test("a wrong password is challenged again; an unknown user gets 403", async () => {
    const carol = await peer({ user: "carol" });
    expect((await carol.register({ password: "not-carols" })).status).toBe(401);
    const mallory = await peer({ user: "mallory" });
    const answer = await mallory.request({ method: "OPTIONS" });
    expect(answer.status).toBe(403);
    expect(answer.reason).toBe("Unknown User");
  });
});

describe("connection failures are bounded", () => {
  test("a server that never answers the handshake: connect() rejects after connectionTimeout, state Disconnected", async () => {
    const silent = await startSilentServer();
    try {
      const { logger } = captureLogger();
      const transport = new Web.Transport(logger, { server: silent.url, connectionTimeout: 1, traceSip: false });
      const states = [];
      transport.stateChange.addListener((s) => states.push(s));
      const started = Date.now();
      const outcome = await withTimeout(transport.connect().then(() => "connected", (e) => e), 5000, "connect() to settle");
      const elapsed = Date.now() - started;
      expect(outcome).toBeInstanceOf(Error);
      expect(outcome.message).toMatch(/timed out/i);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(4000);
      expect(transport.state).toBe(TransportState.Disconnected);
      expect(states).toEqual([TransportState.Connecting, TransportState.Disconnected]);
      expect(silent.accepted).toBe(1); // the TCP connection was made; only the handshake hung
    } finally {
      await silent.close();
    }
  });

  test("a port nothing listens on: connect() rejects promptly, state Disconnected", async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const p = new Peer(url, { connectionTimeout: 10 });
    const started = Date.now();
    const outcome = await withTimeout(p.transport.connect().then(() => "connected", (e) => e), 5000, "connect() to settle");
    expect(outcome).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(3000); // refused, long before the 10 s timeout
    expect(p.transport.state).toBe(TransportState.Disconnected);
  });
});

describe("Kamailio goes away under a connected transport", () => {
  test("stopped: onDisconnect with an Error, Disconnected, connect() fails; started again: connect() and requests work", async () => {
    const alice = await peer({ user: "alice" });
    expect((await alice.request({ method: "OPTIONS" })).status).toBe(407);

    await kamailio.stop();
    await until(() => alice.disconnectErrors.length > 0, { timeout: 5000, what: "onDisconnect" });
    expect(alice.disconnectErrors).toHaveLength(1);
    expect(alice.disconnectErrors[0]).toBeInstanceOf(Error);
    expect(alice.disconnectErrors[0].message).toMatch(/WebSocket closed/);
    expect(alice.transport.state).toBe(TransportState.Disconnected);
    await expect(alice.transport.send(alice.buildRequest())).rejects.toThrow(/Not connected/);

    const refused = await withTimeout(alice.transport.connect().then(() => "connected", (e) => e), 8000, "connect() while stopped");
    expect(refused).toBeInstanceOf(Error);
    expect(alice.transport.state).toBe(TransportState.Disconnected);

    await kamailio.start();
    await withTimeout(alice.transport.connect(), 8000, "reconnect");
    expect(alice.transport.state).toBe(TransportState.Connected);
    expect((await alice.request({ method: "OPTIONS" })).status).toBe(407);
    expect((await alice.register()).status).toBe(200);
  });

  test("killed (SIGKILL) and restarted on the same URL: the transport sees the loss and connects again", async () => {
    const bob = await peer({ user: "bob" });
    const urlBefore = kamailio.url;
    await kamailio.restart({ signal: "SIGKILL" });
    expect(kamailio.url).toBe(urlBefore);
    await until(() => bob.transport.state === TransportState.Disconnected, { timeout: 5000, what: "Disconnected" });
    expect(bob.disconnectErrors[0]).toBeInstanceOf(Error);
    await withTimeout(bob.transport.connect(), 8000, "reconnect");
    expect(bob.events).toEqual(["connect", expect.stringMatching(/^disconnect:WebSocket closed/), "connect"]);
    expect((await bob.register()).status).toBe(200);
  });
});
