// Faults under UserAgents (Web.Transport over `ws`, fake SDHs), each scenario for sip.js 0.21.2
// (the reference) and this package, with the same expectations:
//   - Kamailio restarted (SIGTERM, or killed with SIGKILL) under an established call: the
//     UserAgent's reconnection attempts (reconnectionAttempts / reconnectionDelay) bring the
//     transport back, the application re-registers on onConnect (as SIP.js's SessionManager
//     does), the sessions keep their state, ending them works, and a new call goes through;
//   - Kamailio down for longer than the reconnection attempts: they stop, a request sent meanwhile
//     fails with an internal 503, and UserAgent.reconnect() works once Kamailio is back;
//   - Kamailio gone and no reconnection: each kind of request gets the internal 503, the objects
//     change state as SIP.js's do, stop() does not hang;
//   - servers that never complete the WebSocket handshake, or refuse the connection:
//     UserAgent.start() rejects within the connectionTimeout, nothing hangs, stop() completes.
import { establishCall, makePhone, reachState } from "./support/calls.js";
import { useKamailio } from "./support/kamailio.js";
import { installNodeWebSocket } from "./support/sip.js";
import { packages } from "./support/useragents.js";
import { freePort, sleep, startSilentServer, until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
const domain = "sipwasm.test";

let restoreWebSocket;
const cleanups = [];
beforeAll(() => {
  restoreWebSocket = installNodeWebSocket();
});
afterAll(() => restoreWebSocket());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A phone whose UserAgent reconnects by itself and re-registers on every onConnect after the
 * first, as an application does. Adds: events (transport states, "onConnect", "onDisconnect:<message>",
 * "registered" when a REGISTER sent on onConnect is accepted) and disconnectErrors.
 */
async function resilientPhone(SIP, user, { reconnectionAttempts = 5, reconnectionDelay = 1 } = {}) {
  const events = [];
  const disconnectErrors = [];
  let handle;
  handle = await makePhone(SIP, {
    user,
    server: kamailio.url,
    userAgentOptions: {
      reconnectionAttempts,
      reconnectionDelay,
      delegate: {
        onConnect: () => {
          events.push("onConnect");
          if (!handle || !handle.registerer) return; // the first connect: register() follows
          handle.registerer
            .register({
              requestDelegate: {
                onAccept: () => events.push("registered"),
                onReject: (response) => events.push(`register rejected ${response.message.statusCode}`),
              },
            })
            .catch((e) => events.push(`register() threw ${e.message}`));
        },
        onDisconnect: (error) => {
          events.push(`onDisconnect:${error ? error.message : "-"}`);
          disconnectErrors.push(error);
        },
      },
    },
  });
  cleanups.push(() => handle.dispose());
  handle.events = events;
  handle.disconnectErrors = disconnectErrors;
  handle.ua.transport.stateChange.addListener((state) => events.push(state));
  handle.registererStates = [];
  handle.registerer.stateChange.addListener((state) => handle.registererStates.push(state));
  return handle;
}

/** Log lines that say an exception escaped into the stack (a callback threw, an internal error). */
const exceptionLines = (phone) => phone.logs.filter((line) => /exception|uncaught|TypeError|RangeError|abort/i.test(line));

/** Sends a request in `session` and resolves with the status code its requestDelegate hears. */
function requestOutcome(session, method, content) {
  return withTimeout(
    new Promise((resolve, reject) => {
      session[method]({
        requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content } },
        requestDelegate: {
          onAccept: (response) => resolve(response.message.statusCode),
          onReject: (response) => resolve(response.message.statusCode),
        },
      }).catch(reject);
    }),
    8000,
    `${method}: a final response`
  );
}

describe.each(packages)("%s", (name, load) => {
  describe.each(["SIGTERM", "SIGKILL"])("Kamailio restarted (%s) under an established call", (signal) => {
    test("the transport reconnects, the app re-registers on onConnect, the sessions stay Established, can be ended, and a new call works", async () => {
      const SIP = await load();
      const alice = await resilientPhone(SIP, "alice");
      const bob = await resilientPhone(SIP, "bob");
      const { outgoing, incoming } = await establishCall(alice, bob);
      const marks = { alice: alice.events.length, bob: bob.events.length };

      await kamailio.restart({ signal });
      // Kamailio's location table starts empty: only the re-registration fills it again.
      for (const phone of [alice, bob]) {
        await until(() => phone.events.includes("registered"), { timeout: 10000, what: `${phone.user}: REGISTER after reconnecting` });
      }
      for (const phone of [alice, bob]) {
        const events = phone.events.slice(marks[phone.user]);
        // Disconnected (onDisconnect with the cause), one or more connection attempts, connected.
        expect(events[0]).toBe("Disconnected");
        expect(events[1]).toMatch(/^onDisconnect:WebSocket closed ws:\/\/127\.0\.0\.1:\d+ \(code: 1006\)$/);
        expect(events.slice(2, events.indexOf("onConnect"))).toEqual(expect.arrayContaining(["Connecting", "Connected"]));
        expect(events.slice(-3)).toEqual(["Connected", "onConnect", "registered"]);
        expect(events.filter((e) => e.startsWith("onDisconnect"))).toHaveLength(1);
        expect(phone.disconnectErrors[0]).toBeInstanceOf(Error);
        expect(phone.ua.transport.state).toBe(SIP.TransportState.Connected);
        expect(phone.ua.isConnected()).toBe(true);
        expect(phone.ua.state).toBe(SIP.UserAgentState.Started);
        // register() while Registered refreshes without a state change.
        expect(phone.registerer.state).toBe(SIP.RegistererState.Registered);
        expect(phone.registererStates).toEqual([]);
      }
      const registered = await kamailio.registrations();
      expect(registered.map((r) => r.aor).sort()).toEqual(["alice", "bob"]);
      for (const phone of [alice, bob]) {
        const contact = registered.find((r) => r.aor === phone.user).contacts[0];
        expect(contact).toBe(phone.ua.contact.uri.toString());
      }

      // Nothing told the sessions: both are still Established.
      expect(outgoing.session.state).toBe(SIP.SessionState.Established);
      expect(incoming.session.state).toBe(SIP.SessionState.Established);
      expect(outgoing.states).toEqual(["Establishing", "Established"]);
      expect(incoming.states).toEqual(["Establishing", "Established"]);

      // The old dialog's route goes through the connection Kamailio lost (its alias): requests in
      // it fail (Kamailio answers 500), and hanging up still ends each session.
      expect(await requestOutcome(outgoing.session, "message", "still there?")).toBe(500);
      await withTimeout(outgoing.session.bye(), 8000, "alice: bye()");
      await reachState(outgoing.session, SIP.SessionState.Terminated);
      await withTimeout(incoming.session.bye(), 8000, "bob: bye()");
      await reachState(incoming.session, SIP.SessionState.Terminated);
      expect(incoming.byes).toBe(0);
      expect(outgoing.states).toEqual(["Establishing", "Established", "Terminated"]);
      expect(incoming.states).toEqual(["Establishing", "Established", "Terminated"]);

      // A new call over the new connections.
      const second = await establishCall(alice, bob);
      expect(await requestOutcome(second.outgoing.session, "message", "hello again")).toBe(200);
      expect(second.incoming.messages).toEqual(["hello again"]);
      await withTimeout(second.incoming.session.bye(), 8000, "bob: bye()");
      await reachState(second.outgoing.session, SIP.SessionState.Terminated);
      expect(second.outgoing.byes).toBe(1);

      for (const phone of [alice, bob]) expect(exceptionLines(phone)).toEqual([]);
      for (const r of [outgoing, incoming, second.outgoing, second.incoming]) expect(r.errors).toEqual([]);
    });
  });

  test("Kamailio down longer than the reconnection attempts: they stop; a request meanwhile gets an internal 503; reconnect() works once it is back", async () => {
    const SIP = await load();
    const alice = await resilientPhone(SIP, "alice", { reconnectionAttempts: 2, reconnectionDelay: 1 });
    const bob = await resilientPhone(SIP, "bob", { reconnectionAttempts: 2, reconnectionDelay: 1 });
    const { outgoing, incoming } = await establishCall(alice, bob);
    const mark = alice.events.length;

    await kamailio.stop();
    await until(() => alice.events.slice(mark).filter((e) => e === "Connecting").length === 2 && alice.ua.transport.state === SIP.TransportState.Disconnected, {
      timeout: 5000,
      what: "alice: two reconnection attempts",
    });
    // While disconnected, a request in the session cannot be sent: the request delegate hears an
    // internal 503 and the session stays as it was.
    expect(await requestOutcome(outgoing.session, "info", "anyone?")).toBe(503);
    expect(outgoing.session.state).toBe(SIP.SessionState.Established);
    await sleep(2500); // no third attempt
    const events = alice.events.slice(mark);
    expect(events.filter((e) => e === "Connecting")).toHaveLength(2);
    expect(events.filter((e) => e.startsWith("onDisconnect"))).toHaveLength(1);
    expect(events).not.toContain("Connected");
    expect(alice.ua.transport.state).toBe(SIP.TransportState.Disconnected);
    expect(alice.ua.isConnected()).toBe(false);
    expect(alice.ua.state).toBe(SIP.UserAgentState.Started);

    await kamailio.start();
    for (const phone of [alice, bob]) {
      await withTimeout(phone.ua.reconnect(), 8000, `${phone.user}: reconnect()`);
      await until(() => phone.events.slice(-1)[0] === "registered", { what: `${phone.user}: registered again` });
      expect(phone.ua.transport.state).toBe(SIP.TransportState.Connected);
    }
    expect((await kamailio.registrations()).map((r) => r.aor).sort()).toEqual(["alice", "bob"]);
    expect(outgoing.session.state).toBe(SIP.SessionState.Established);
    expect(incoming.session.state).toBe(SIP.SessionState.Established);
    await withTimeout(outgoing.session.bye(), 8000, "alice: bye()");
    await withTimeout(incoming.session.bye(), 8000, "bob: bye()");
    await reachState(outgoing.session, SIP.SessionState.Terminated);
    await reachState(incoming.session, SIP.SessionState.Terminated);

    const second = await establishCall(bob, alice);
    await withTimeout(second.outgoing.session.bye(), 8000, "bob: bye()");
    await reachState(second.incoming.session, SIP.SessionState.Terminated);
    for (const phone of [alice, bob]) expect(exceptionLines(phone)).toEqual([]);
  });

  test("Kamailio gone and no reconnection: re-INVITE, REGISTER, MESSAGE, INVITE and BYE each get an internal 503; states follow; stop() completes", async () => {
    const SIP = await load();
    const alice = await makePhone(SIP, { user: "alice", server: kamailio.url });
    const bob = await makePhone(SIP, { user: "bob", server: kamailio.url });
    cleanups.push(() => bob.dispose(), () => alice.dispose());
    const { outgoing } = await establishCall(alice, bob);
    await kamailio.stop();
    await until(() => !alice.ua.isConnected(), { what: "alice: disconnected" });
    cleanups.push(() => kamailio.start());

    const heard = [];
    const delegate = (tag) => ({
      onAccept: (r) => heard.push(`${tag} ${r.message.statusCode}`),
      onReject: (r) => heard.push(`${tag} ${r.message.statusCode} ${r.message.reasonPhrase}`),
    });
    const registererStates = [];
    alice.registerer.stateChange.addListener((state) => registererStates.push(state));

    await outgoing.session.invite({ sessionDescriptionHandlerOptions: { hold: true }, requestDelegate: delegate("re-INVITE") });
    await until(() => heard.length === 1, { what: "the re-INVITE's 503" });
    // The offer was rolled back: the SDH is stable again, the session still Established.
    expect(outgoing.session.sessionDescriptionHandler.signalingState).toBe("stable");
    expect(outgoing.session.state).toBe(SIP.SessionState.Established);

    await alice.registerer.register({ requestDelegate: delegate("REGISTER") });
    await new SIP.Messager(alice.ua, SIP.UserAgent.makeURI(`sip:bob@${domain}`), "anyone?").message({ requestDelegate: delegate("MESSAGE") });
    const inviter = new SIP.Inviter(alice.ua, SIP.UserAgent.makeURI(`sip:bob@${domain}`));
    const inviterStates = [];
    inviter.stateChange.addListener((state) => inviterStates.push(state));
    await inviter.invite({ requestDelegate: delegate("INVITE") });
    await until(() => heard.length === 4, { what: "four 503s" });
    expect(heard).toEqual([
      "re-INVITE 503 Service Unavailable",
      "REGISTER 503 Service Unavailable",
      "MESSAGE 503 Service Unavailable",
      "INVITE 503 Service Unavailable",
    ]);
    expect(registererStates).toEqual([SIP.RegistererState.Unregistered]);
    expect(inviterStates).toEqual([SIP.SessionState.Establishing, SIP.SessionState.Terminated]);

    await outgoing.session.bye();
    expect(outgoing.session.state).toBe(SIP.SessionState.Terminated);
    const started = Date.now();
    await withTimeout(alice.ua.stop(), 5000, "alice: stop()");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(alice.ua.state).toBe(SIP.UserAgentState.Stopped);
    expect(alice.registerer.state).toBe(SIP.RegistererState.Terminated);
    expect(exceptionLines(alice)).toEqual([]);
  });

  test("a re-INVITE that cannot be sent: invite() resolves before its requestDelegate hears the 503", async () => {
    const SIP = await load();
    const alice = await makePhone(SIP, { user: "alice", server: kamailio.url });
    const bob = await makePhone(SIP, { user: "bob", server: kamailio.url });
    cleanups.push(() => bob.dispose(), () => alice.dispose());
    const { outgoing } = await establishCall(alice, bob);
    await kamailio.stop();
    cleanups.push(() => kamailio.start());
    await until(() => !alice.ua.isConnected(), { what: "alice: disconnected" });
    const order = [];
    await outgoing.session
      .invite({ requestDelegate: { onReject: (r) => order.push(`onReject ${r.message.statusCode}`) } })
      .then(() => order.push("resolved"));
    await until(() => order.length === 2, { what: "both" });
    expect(order).toEqual(["resolved", "onReject 503"]);
  });

  describe("servers that never let the WebSocket open", () => {
    /** A started-but-not-connected UserAgent to `server`; records its transport states. */
    function agentTo(SIP, server, options = {}) {
      const ua = new SIP.UserAgent({
        uri: SIP.UserAgent.makeURI("sip:alice@sipwasm.test"),
        transportOptions: { server, connectionTimeout: 1, traceSip: false },
        authorizationUsername: "alice",
        authorizationPassword: "alice-secret",
        logBuiltinEnabled: false,
        logConnector: () => undefined,
        ...options,
      });
      const states = [];
      const disconnects = [];
      ua.transport.stateChange.addListener((state) => states.push(state));
      ua.delegate = { onDisconnect: (error) => disconnects.push(error) };
      cleanups.push(() => withTimeout(ua.stop(), 5000, "stop()").catch(() => undefined));
      return { ua, states, disconnects };
    }

    test("a TCP listener that never answers the handshake: start() rejects after connectionTimeout; no reconnection; stop() completes", async () => {
      const SIP = await load();
      const silent = await startSilentServer();
      cleanups.push(() => silent.close());
      const { ua, states, disconnects } = agentTo(SIP, silent.url, { reconnectionAttempts: 3, reconnectionDelay: 1 });
      const started = Date.now();
      const outcome = await withTimeout(ua.start().then(() => "connected", (e) => e), 6000, "start() to settle");
      const elapsed = Date.now() - started;
      expect(outcome).toBeInstanceOf(Error);
      // sip.js closes the still-connecting WebSocket when connectionTimeout passes and rejects with
      // the close it gets (abnormal closure, 1006). KNOWN DIFFERENCE, reported to the lead: ours
      // rejects with an error that names the timeout.
      const timeoutMessage = {
        "sip.js 0.21.2": `WebSocket closed ${silent.url} (code: 1006)`,
        "sip-wasm": `Connect timed out after 1s (${silent.url})`,
      };
      expect(outcome.message).toBe(timeoutMessage[name]);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(4000);
      expect(states).toEqual([SIP.TransportState.Connecting, SIP.TransportState.Disconnected]);
      expect(ua.state).toBe(SIP.UserAgentState.Started);
      // It never was connected: no onDisconnect, so no reconnection attempts either.
      await sleep(1500);
      expect(disconnects).toEqual([]);
      expect(silent.accepted).toBe(1);
      await withTimeout(ua.stop(), 5000, "stop()");
      expect(ua.state).toBe(SIP.UserAgentState.Stopped);
    });

    test("a port nothing listens on: start() rejects at once (connection refused); stop() completes", async () => {
      const SIP = await load();
      const url = `ws://127.0.0.1:${await freePort()}`;
      const { ua, states } = agentTo(SIP, url);
      const started = Date.now();
      const outcome = await withTimeout(ua.start().then(() => "connected", (e) => e), 6000, "start() to settle");
      expect(outcome).toBeInstanceOf(Error);
      expect(outcome.message).toBe(`WebSocket closed ${url} (code: 1006)`);
      expect(Date.now() - started).toBeLessThan(900); // refused, not timed out
      expect(states).toEqual([SIP.TransportState.Connecting, SIP.TransportState.Disconnected]);
      await withTimeout(ua.stop(), 5000, "stop()");
      expect(ua.state).toBe(SIP.UserAgentState.Stopped);
    });
  });
});
