// The web demo in headless Chromium, against a private Kamailio: three phones (alice, bob, carol),
// each a Web.SessionManager of this package, driven through the page's buttons. Both phones
// register; alice calls bob and bob answers; real RTCPeerConnections with Chromium's fake audio
// device carry RTP both ways (getStats: inbound packets on each side); DTMF over INFO, hold and
// unhold, a MESSAGE, a blind transfer of bob to carol, hang-ups; every phone shows its state and
// its SIP traffic. Screenshots go to tests/e2e/.artifacts/.
// Also here: in the page, Web.Transport talks to Kamailio over the browser's own WebSocket; an app
// bundled by esbuild (bench/bundle.mjs) runs the same.
import { readFileSync, statSync } from "node:fs";
import { useBrowser } from "./support/browser.js";
import { useKamailio } from "./support/kamailio.js";
import { until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
// Remote audio plays without a click (the callee's page answers by a click anyway).
const browser = useBrowser({ args: ["--autoplay-policy=no-user-gesture-required"] });

/** Opens the demo on the private Kamailio and waits for the package to load. */
async function openDemo() {
  const page = await browser.openPage(`/?server=${encodeURIComponent(kamailio.url)}`);
  await page.waitForFunction(() => window.demo && (window.demo.ready || /failed/.test(document.getElementById("status").textContent)), null, {
    timeout: 15000,
  });
  expect(await page.getAttribute("#status", "class")).toBe("ok");
  return page;
}

const phone = (user) => `#phone-${user}`;
const text = (page, user, role) => page.textContent(`${phone(user)} [data-role="${role}"]`);
const click = (page, user, action) => page.click(`${phone(user)} [data-action="${action}"]`);
const events = (page, user) => page.$$eval(`${phone(user)} [data-role="events"] li`, (items) => items.map((li) => li.textContent).reverse());
const rtp = (page, user) => withTimeout(page.evaluate((u) => window.demo.phones[u].rtpStats(), user), 10000, `${user}'s getStats()`);

async function waitText(page, user, role, expected, timeout = 15000) {
  await until(async () => (await text(page, user, role)) === expected, { timeout, interval: 100, what: `${user}'s ${role} to be "${expected}"` });
}

async function waitEvent(page, user, expected, timeout = 15000) {
  await until(async () => (await events(page, user)).includes(expected), {
    timeout,
    interval: 100,
    what: `${user}'s event "${expected}" (has: ${JSON.stringify(await events(page, user).catch(() => []))})`,
  });
}

async function register(page, ...users) {
  for (const user of users) await click(page, user, "register");
  for (const user of users) await waitText(page, user, "registration", "registered");
}

/** Stops every phone of the page (unregistering), so that the next page's phones are the only contacts. */
async function shutDown(page) {
  await withTimeout(
    page.evaluate(() => Promise.all(Object.values(window.demo.phones).map((p) => p.manager.disconnect()))),
    10000,
    "the phones to stop"
  );
}

async function expectMediaBothWays(page, a, b) {
  await until(async () => (await Promise.all([rtp(page, a), rtp(page, b)])).every((s) => s.connectionState === "connected"), {
    timeout: 15000,
    interval: 200,
    what: `${a}'s and ${b}'s RTCPeerConnections connected`,
  });
  await until(async () => (await Promise.all([rtp(page, a), rtp(page, b)])).every((s) => s.packetsReceived > 20 && s.packetsSent > 20), {
    timeout: 15000,
    interval: 250,
    what: `RTP received on both sides (${a}, ${b})`,
  });
}

test("two phones of the demo: register, call, answer, RTP both ways, DTMF, hold, message, hang up", async () => {
  const page = await openDemo();
  await register(page, "alice", "bob");
  expect((await kamailio.registrations()).map((r) => r.aor).sort()).toEqual(["alice", "bob"]);
  expect(await text(page, "alice", "transport")).toBe("connected");

  // alice calls bob (the target field says sip:bob@sipwasm.test); bob's phone rings; he answers.
  expect(await page.inputValue(`${phone("alice")} [data-role="target"]`)).toBe("sip:bob@sipwasm.test");
  await click(page, "alice", "call");
  await waitText(page, "bob", "call", "ringing");
  expect(await text(page, "alice", "call")).toBe("calling");
  await click(page, "bob", "answer");
  await waitText(page, "alice", "call", "established");
  await waitText(page, "bob", "call", "established");
  await expectMediaBothWays(page, "alice", "bob");
  expect(await events(page, "alice")).toEqual(["onServerConnect", "onRegistered", "onCallCreated outgoing", "onCallAnswered"]);
  expect(await events(page, "bob")).toEqual([
    "onServerConnect",
    "onRegistered",
    "onCallCreated incoming",
    "onCallReceived sip:alice@sipwasm.test",
    "onCallAnswered",
  ]);
  // The page shows the counters too.
  await until(async () => /^connected, RTP in [1-9]\d* \/ out [1-9]\d* packets$/.test(await text(page, "bob", "rtp")), {
    timeout: 5000,
    interval: 200,
    what: "bob's media line",
  });
  const shot = await browser.screenshot(page, "web-demo-call");
  expect(statSync(shot).size).toBeGreaterThan(1000);
  expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");

  // DTMF both ways (INFO application/dtmf-relay through Kamailio).
  await page.click(`${phone("alice")} [data-tone="5"]`);
  await page.click(`${phone("alice")} [data-tone="#"]`);
  await page.click(`${phone("bob")} [data-tone="9"]`);
  await waitEvent(page, "bob", "onCallDTMFReceived # (2000 ms)");
  await waitEvent(page, "alice", "onCallDTMFReceived 9 (2000 ms)");
  expect((await events(page, "bob")).filter((e) => e.startsWith("onCallDTMFReceived"))).toEqual([
    "onCallDTMFReceived 5 (2000 ms)",
    "onCallDTMFReceived # (2000 ms)",
  ]);

  // Hold and unhold (re-INVITEs); RTP flows again afterwards.
  await click(page, "alice", "hold");
  await waitEvent(page, "alice", "onCallHold held");
  await waitText(page, "alice", "call", "on hold");
  expect(await page.textContent(`${phone("alice")} [data-action="hold"]`)).toBe("Unhold");
  await click(page, "alice", "hold");
  await waitEvent(page, "alice", "onCallHold resumed");
  await waitText(page, "alice", "call", "established");
  const before = await rtp(page, "alice");
  await until(async () => (await rtp(page, "alice")).packetsReceived > before.packetsReceived + 10, {
    timeout: 10000,
    interval: 200,
    what: "RTP at alice after unhold",
  });

  // A MESSAGE from bob to alice.
  await page.fill(`${phone("bob")} [data-role="message-text"]`, "hello from bob");
  await click(page, "bob", "message");
  await waitEvent(page, "alice", "onMessageReceived hello from bob");

  // The SIP traffic each phone shows.
  const trace = await page.$$eval(`${phone("alice")} [data-role="trace"] summary`, (items) => items.map((s) => s.textContent).reverse());
  expect(trace).toEqual(expect.arrayContaining(["→ INVITE sip:bob@sipwasm.test SIP/2.0", "← SIP/2.0 200 OK"]));
  expect(trace.filter((line) => /^→ INFO /.test(line))).toHaveLength(2);
  expect(trace.filter((line) => /^← MESSAGE /.test(line))).toHaveLength(1);
  expect(trace.some((line) => /^← SIP\/2\.0 407 /.test(line) || /^← SIP\/2\.0 401 /.test(line))).toBe(true); // Kamailio's challenges

  // alice hangs up: both phones go idle.
  await click(page, "alice", "hangup");
  await waitText(page, "alice", "call", "idle");
  await waitText(page, "bob", "call", "idle");
  await waitEvent(page, "bob", "onCallHangup");
  expect(trace.length).toBeGreaterThan(5);
  await browser.screenshot(page, "web-demo-after-hangup");

  await shutDown(page);
  expect(page.e2e.errors).toEqual([]);
});

test("blind transfer: alice REFERs bob to carol, bob's phone calls carol, carol answers", async () => {
  const page = await openDemo();
  await register(page, "alice", "bob", "carol");
  await page.check(`${phone("bob")} [data-role="auto-answer"]`);
  await click(page, "alice", "call");
  await waitText(page, "alice", "call", "established");
  await waitText(page, "bob", "call", "established");

  expect(await page.inputValue(`${phone("alice")} [data-role="transfer-target"]`)).toBe("sip:carol@sipwasm.test");
  await click(page, "alice", "transfer");
  // bob accepts the REFER (SessionManager does) and calls carol: carol rings and answers.
  await waitText(page, "carol", "call", "ringing");
  await click(page, "carol", "answer");
  await waitText(page, "carol", "call", "established");
  await waitEvent(page, "bob", "onCallAnswered"); // (his second)
  await expectMediaBothWays(page, "bob", "carol");
  const bobTrace = await page.$$eval(`${phone("bob")} [data-role="trace"] summary`, (items) => items.map((s) => s.textContent));
  expect(bobTrace.some((line) => /^← REFER /.test(line))).toBe(true);
  expect(bobTrace.some((line) => /^→ INVITE sip:carol@sipwasm\.test /.test(line))).toBe(true);
  await browser.screenshot(page, "web-demo-transfer");

  // The transferor leaves; the transferred call stays up until carol hangs up.
  await click(page, "alice", "hangup");
  await waitText(page, "alice", "call", "idle");
  await waitText(page, "carol", "call", "established");
  await click(page, "carol", "hangup");
  await waitText(page, "carol", "call", "idle");
  await waitText(page, "bob", "call", "idle");

  await shutDown(page);
  expect(page.e2e.errors).toEqual([]);
});

test("the parser section parses its sample message and an edited one", async () => {
  const page = await openDemo();
  const parsed = JSON.parse(await page.textContent("#result"));
  expect(parsed).toMatchObject({ method: "INVITE", ruri: "sip:bob@sipwasm.test", fromTag: "1928301774", cseq: 314159, viaBranch: "z9hG4bKnashds8" });
  await page.click("#parser-section summary");
  await page.fill("#message", "SIP/2.0 180 Ringing\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bK1\nTo: <sip:b@x>;tag=9\nFrom: <sip:a@x>;tag=8\nCall-ID: c1\nCSeq: 2 INVITE\nContent-Length: 0\n\n");
  await page.click("#parse");
  expect(JSON.parse(await page.textContent("#result"))).toMatchObject({ statusCode: 180, reasonPhrase: "Ringing", toTag: "9", cseq: 2 });
  await page.fill("#message", "SIP/2.0 180 Ringing\nCSeq: nonsense\n\n");
  await page.click("#parse");
  expect(await page.textContent("#result")).toMatch(/^rejected: /);
  expect(page.e2e.errors).toEqual([]);
});

test("in the page, Web.Transport connects to Kamailio over the browser's WebSocket and gets its answer to a REGISTER", async () => {
  const page = await browser.openPage("/");
  const outcome = await withTimeout(
    page.evaluate(async (server) => {
      const { Core, Web, TransportState } = await import("/lib/index.js");
      const factory = new Core.LoggerFactory();
      factory.builtinEnabled = false;
      const transport = new Web.Transport(factory.getLogger("sip.transport"), { server, connectionTimeout: 5 });
      const states = [];
      transport.stateChange.addListener((s) => states.push(s));
      const answer = new Promise((resolve) => (transport.onMessage = resolve));
      const bounded = (p, ms, what) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
      await bounded(transport.connect(), 8000, "connect");
      const nativeSocket = transport.ws instanceof WebSocket && transport.ws.protocol === "sip" && transport.ws.url.startsWith(server);
      const host = `${Math.random().toString(36).slice(2, 10)}.invalid`;
      const register = [
        "REGISTER sip:sipwasm.test SIP/2.0",
        `Via: SIP/2.0/WSS ${host};branch=z9hG4bK${Date.now()}`,
        "Max-Forwards: 70",
        "To: <sip:dave@sipwasm.test>",
        "From: <sip:dave@sipwasm.test>;tag=e2etag",
        `Call-ID: browser-${Date.now()}`,
        "CSeq: 1 REGISTER",
        `Contact: <sip:dave@${host};transport=ws>;expires=60`,
        "Expires: 60",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      await transport.send(register);
      const response = Core.Parser.parseMessage(await bounded(answer, 8000, "the answer to REGISTER"), factory.getLogger("sip.parser"));
      await bounded(transport.disconnect(), 8000, "disconnect");
      return {
        nativeSocket,
        states,
        finalState: transport.state,
        disconnected: TransportState.Disconnected,
        status: response && response.statusCode,
        challenge: response && response.getHeader("WWW-Authenticate"),
      };
    }, kamailio.url),
    20000,
    "the in-page transport scenario"
  );
  expect(outcome).toMatchObject({ nativeSocket: true, states: ["Connecting", "Connected", "Disconnecting", "Disconnected"], finalState: outcome.disconnected, status: 401 });
  expect(outcome.challenge).toMatch(/^Digest .*realm="sipwasm\.test"/);
  expect(page.e2e.errors).toEqual([]);
});

test("an app bundled with esbuild (one ESM file, Wasm inside) runs in the page: parser and transport", async () => {
  const url = await browser.serveBundle(
    "/bundled/app.js",
    'import { Core, Web, name, version } from "./lib/index.js";\nwindow.bundled = { Core, Web, name, version };'
  );
  const app = browser.server.routes.get("/bundled/app.js").body;
  expect(app).not.toMatch(/\bimport\s*\(|from\s*"\.\//); // self-contained: no module left to fetch
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.bundled !== undefined, null, { timeout: 15000 });
  const outcome = await withTimeout(
    page.evaluate(async (server) => {
      const { Core, Web, name, version } = window.bundled;
      const text = ["OPTIONS sip:carol@sipwasm.test SIP/2.0", "Via: SIP/2.0/WSS x.invalid;branch=z9hG4bK42", "Max-Forwards: 70",
        "To: <sip:carol@sipwasm.test>", "From: <sip:carol@sipwasm.test>;tag=t1", "Call-ID: bundled-1", "CSeq: 7 OPTIONS",
        "Contact: <sip:carol@x.invalid;transport=ws>", "Content-Length: 0", "", ""].join("\r\n");
      const request = Core.Parser.parseMessage(text, console);
      const transport = new Web.Transport(new Core.LoggerFactory().getLogger("sip.transport"), { server, connectionTimeout: 5, traceSip: false });
      const answer = new Promise((resolve) => (transport.onMessage = resolve));
      const bounded = (p, ms) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), ms))]);
      await bounded(transport.connect(), 8000);
      await transport.send(text);
      const response = Core.Parser.parseMessage(await bounded(answer, 8000), console);
      await bounded(transport.disconnect(), 8000);
      return { name, version, method: request.method, cseq: request.cseq, status: response.statusCode, callId: response.callId,
        sessionManager: typeof Web.SessionManager, simpleUser: typeof Web.SimpleUser };
    }, kamailio.url),
    20000,
    "the bundled app scenario"
  );
  // sip.js 0.21.2 reports version "0.21.1" (its lib/version.js), and so do we.
  expect(outcome).toEqual({ name: "sip.js", version: "0.21.1", method: "OPTIONS", cseq: 7, status: 407, callId: "bundled-1",
    sessionManager: "function", simpleUser: "function" });
  expect(page.e2e.errors).toEqual([]);
});
