// Headless Chromium: the web demo loads lib/ with a plain <script type="module"> (top-level await
// instantiates the Wasm core), parses its sample message; in the page, Web.Transport talks to a
// private Kamailio over the browser's own WebSocket; an app bundled by esbuild (bench/bundle.mjs)
// works the same.
import { readFileSync, statSync } from "node:fs";
import { useBrowser } from "./support/browser.js";
import { useKamailio } from "./support/kamailio.js";
import { withTimeout } from "./support/util.js";

const kamailio = useKamailio();
const browser = useBrowser();

test("the demo page loads the package, parses its sample message, and a screenshot is saved", async () => {
  const page = await browser.openPage("/");
  await page.waitForFunction(() => document.getElementById("status").textContent !== "loading the package…", null, { timeout: 15000 });
  expect(await page.textContent("#status")).toBe("package loaded");
  expect(await page.getAttribute("#status", "class")).toBe("ok");

  const parsed = JSON.parse(await page.textContent("#result"));
  expect(parsed).toMatchObject({
    method: "INVITE",
    ruri: "sip:bob@sipwasm.test",
    fromTag: "1928301774",
    callId: "a84b4c76e66710",
    cseq: 314159,
    viaBranch: "z9hG4bKnashds8",
    body: "",
  });
  expect(parsed.headers).toEqual(expect.arrayContaining(["Via", "From", "To", "Call-ID", "CSeq", "Contact"]));
  const file = await browser.screenshot(page, "web-demo");
  expect(statSync(file).size).toBeGreaterThan(1000);
  expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");

  // The Parse button with an edited message: a response now, and a broken one is rejected.
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
      const logs = [];
      const factory = new Core.LoggerFactory();
      factory.builtinEnabled = false;
      factory.connector = (level, category, label, content) => logs.push(`${level} ${content}`);
      const transport = new Web.Transport(factory.getLogger("sip.transport"), { server, connectionTimeout: 5 });
      const states = [];
      transport.stateChange.addListener((s) => states.push(s));
      const received = [];
      const answer = new Promise((resolve) => {
        transport.onMessage = (text) => {
          received.push(text);
          resolve(text);
        };
      });
      const bounded = (p, ms, what) =>
        Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);

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
      const text = await bounded(answer, 8000, "the answer to REGISTER");
      const response = Core.Parser.parseMessage(text, factory.getLogger("sip.parser"));
      await bounded(transport.disconnect(), 8000, "disconnect");
      return {
        nativeSocket,
        protocol: transport.protocol,
        states,
        finalState: transport.state,
        disconnected: TransportState.Disconnected,
        status: response && response.statusCode,
        method: response && response.method,
        isResponse: response instanceof Core.IncomingResponseMessage,
        challenge: response && response.getHeader("WWW-Authenticate"),
        received: received.length,
      };
    }, kamailio.url),
    20000,
    "the in-page transport scenario"
  );
  expect(outcome).toMatchObject({
    nativeSocket: true,
    protocol: "WS",
    states: ["Connecting", "Connected", "Disconnecting", "Disconnected"],
    finalState: outcome.disconnected,
    status: 401,
    method: "REGISTER",
    isResponse: true,
    received: 1,
  });
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
      return { name, version, method: request.method, cseq: request.cseq, status: response.statusCode, callId: response.callId };
    }, kamailio.url),
    20000,
    "the bundled app scenario"
  );
  // sip.js 0.21.2 reports version "0.21.1" (its lib/version.js), and so do we.
  expect(outcome).toEqual({ name: "sip.js", version: "0.21.1", method: "OPTIONS", cseq: 7, status: 407, callId: "bundled-1" });
  expect(page.e2e.errors).toEqual([]);
});
