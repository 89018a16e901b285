// The package in a browser app, three ways, in headless Chromium (no SIP server needed):
//   - built by Vite's JS API (production build) from a tiny app that imports "sip.js", aliased to
//     our lib/index.js; the same app built against sip.js 0.21.2 (node_modules/sip.js) runs the
//     same checks, so both packages must give the same answers;
//   - loaded unbundled: lib/index.js imported by a plain <script type="module"> page;
//   - (bundled by esbuild: see browser-demo.test.js, "an app bundled with esbuild".)
// The checks go through the Wasm core (URI and header grammar, message parser, an INVITE built by
// the core) and no console error or uncaught error may occur. The test prints the gzipped size of
// what a browser downloads for each Vite build (a report, not an assertion: size goals live in
// bench/bundle.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { useBrowser } from "./support/browser.js";
import { withTimeout } from "./support/util.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const packages = {
  "sip-wasm": join(root, "lib/index.js"),
  "sip.js 0.21.2": join(root, "node_modules/sip.js/lib/index.js"),
};

// The app: what a sip.js user writes; it hands the exports it uses to the test through `window`.
const appSource = `import { UserAgent, Inviter, Grammar, Core, Web } from "sip.js";
window.app = { UserAgent, Inviter, Grammar, Core, Web };
`;
// (The empty icon keeps Chromium from asking for /favicon.ico, whose 404 would be a console error.)
const appPage = `<!doctype html><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>`;

/** Runs in the page: the same calls for every build; they reach the Wasm core in ours. */
function exercise() {
  const { UserAgent, Inviter, Grammar, Core, Web } = window.app;
  const alice = UserAgent.makeURI("sip:alice@example.com");
  const ua = new UserAgent({ uri: alice, transportOptions: { server: "wss://127.0.0.1:9/" }, logBuiltinEnabled: false });
  const invite = new Inviter(ua, UserAgent.makeURI("sip:bob@example.com")).request;
  const to = Grammar.nameAddrHeaderParse('"Bob" <sip:bob@example.com>;tag=abc');
  const text = ["OPTIONS sip:carol@example.com SIP/2.0", "Via: SIP/2.0/WSS x.invalid;branch=z9hG4bK42", "Max-Forwards: 70",
    "To: <sip:carol@example.com>", "From: <sip:carol@example.com>;tag=t1", "Call-ID: vite-1", "CSeq: 7 OPTIONS", "Content-Length: 0", "", ""].join("\r\n");
  const message = Core.Parser.parseMessage(text, ua.getLogger("sip.parser"));
  return {
    user: alice.user,
    host: alice.host,
    badUri: UserAgent.makeURI("not a uri") === undefined,
    inviteLine: invite.toString().split("\r\n")[0],
    toName: to.displayName,
    toTag: to.getParam("tag"),
    cseq: Grammar.parse("7 OPTIONS", "CSeq"),
    method: message.method,
    messageCseq: message.cseq,
    callId: message.callId,
    fromTag: message.fromTag,
    ruriUser: message.ruri.user,
    simpleUser: typeof Web.SimpleUser,
  };
}

const expected = {
  user: "alice",
  host: "example.com",
  badUri: true,
  inviteLine: "INVITE sip:bob@example.com SIP/2.0",
  toName: "Bob",
  toTag: "abc",
  cseq: { value: 7, method: "OPTIONS" },
  method: "OPTIONS",
  messageCseq: 7,
  callId: "vite-1",
  fromTag: "t1",
  ruriUser: "carol",
  simpleUser: "function",
};

// Vite runs in a child Node process: under jest's --experimental-vm-modules its native bundler
// (rolldown) rejects the plugin objects created in the test's VM context.
const buildScript = `
import { build } from "vite";
const [root, outDir, entry] = process.argv.slice(1);
await build({
  root, base: "./", configFile: false, logLevel: "error", mode: "production",
  resolve: { alias: { "sip.js": entry } },
  build: { outDir, emptyOutDir: true, reportCompressedSize: false },
});
`;

/** Builds the app against `entry` with Vite in a temp dir; returns its files { path: bytes }. */
function viteBuild(entry) {
  const dir = mkdtempSync(join(tmpdir(), "sipwasm-vite-app-"));
  try {
    writeFileSync(join(dir, "main.js"), appSource);
    writeFileSync(join(dir, "index.html"), appPage);
    const outDir = join(dir, "dist");
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", buildScript, dir, outDir, entry], {
      cwd: root, // resolves "vite" from the repository's node_modules
      encoding: "utf8",
      timeout: 90000,
      killSignal: "SIGKILL",
    });
    if (run.status !== 0) throw new Error(`vite build of ${entry} failed (${run.error || `exit ${run.status}`}):\n${run.stderr}`);
    const files = {};
    for (const name of readdirSync(outDir, { recursive: true })) {
      const file = join(outDir, name);
      if (extname(file)) files[relative(outDir, file).split("\\").join("/")] = readFileSync(file);
    }
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const browser = useBrowser();
const builds = {};

beforeAll(async () => {
  for (const [name, entry] of Object.entries(packages)) builds[name] = viteBuild(entry);
  // What a browser downloads: the JavaScript and any .wasm (the HTML page is the app's own).
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const lines = Object.entries(builds).map(([name, files]) => {
    const downloaded = Object.entries(files).filter(([path]) => /\.(m?js|wasm)$/.test(path));
    const raw = downloaded.reduce((sum, [, bytes]) => sum + bytes.length, 0);
    const gzip = downloaded.reduce((sum, [, bytes]) => sum + gzipSync(bytes, { level: 9 }).length, 0);
    return `${name.padEnd(14)} ${kb(raw).padStart(10)} minified, ${kb(gzip).padStart(9)} gzip -9  (${downloaded.map(([p]) => p).join(", ")})`;
  });
  console.log(`Vite production build of the same app, what a browser downloads:\n${lines.join("\n")}`);
}, 120000);

/** Serves a build's files under /vite/<slug>/ and opens its page; resolves to the page. */
async function openBuild(name) {
  const prefix = `/vite/${name.replace(/[^\w]+/g, "-")}/`;
  for (const [path, body] of Object.entries(builds[name])) browser.server.routes.set(prefix + path, { body });
  const page = await newPage();
  await page.goto(new URL(`${prefix}index.html`, browser.baseUrl).href);
  await page.waitForFunction(() => window.app !== undefined, null, { timeout: 15000 });
  return page;
}

/** A new watched tab that also records the URLs the server answered with an error status. */
async function newPage() {
  const page = await browser.newPage();
  page.e2e.failed = [];
  page.on("response", (r) => r.status() >= 400 && page.e2e.failed.push(`${r.status()} ${new URL(r.url()).pathname}`));
  return page;
}

/** No uncaught error, no console error, no failed load. */
function expectCleanPage(page) {
  expect(page.e2e.errors).toEqual([]);
  expect(page.e2e.failed).toEqual([]);
  expect(page.e2e.console.filter((line) => line.startsWith("error:"))).toEqual([]);
}

test("our package built by Vite runs in the page: the Wasm core answers like sip.js 0.21.2", async () => {
  const js = Object.entries(builds["sip-wasm"]).filter(([path]) => path.endsWith(".js"));
  expect(js.length).toBeGreaterThan(0);
  // The Wasm core travels inside the JavaScript (-sSINGLE_FILE): base64 of "\0asm" is "AGFzbQ".
  expect(js.some(([, bytes]) => bytes.includes("data:application/octet-stream;base64,AGFzbQ"))).toBe(true);
  const page = await openBuild("sip-wasm");
  expect(await withTimeout(page.evaluate(exercise), 10000, "the checks in the Vite build")).toEqual(expected);
  expectCleanPage(page);
});

test("the same app built by Vite against sip.js 0.21.2 gives the same answers (the reference)", async () => {
  const page = await openBuild("sip.js 0.21.2");
  expect(await withTimeout(page.evaluate(exercise), 10000, "the checks in sip.js's Vite build")).toEqual(expected);
  expectCleanPage(page);
});

test("lib/index.js unbundled, from a plain <script type=module>, runs the same checks", async () => {
  browser.server.routes.set("/plain-module.html", {
    type: "text/html; charset=utf-8",
    body: `<!doctype html><meta charset="utf-8"><title>plain</title><link rel="icon" href="data:,"><script type="module">
import { UserAgent, Inviter, Grammar, Core, Web } from "/lib/index.js";
window.app = { UserAgent, Inviter, Grammar, Core, Web };
</script>`,
  });
  const page = await newPage();
  await page.goto(new URL("/plain-module.html", browser.baseUrl).href);
  await page.waitForFunction(() => window.app !== undefined, null, { timeout: 15000 });
  expect(await withTimeout(page.evaluate(exercise), 10000, "the checks on the unbundled package")).toEqual(expected);
  expectCleanPage(page);
});
