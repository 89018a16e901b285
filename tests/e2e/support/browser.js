// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and the web-demo
// server (scripts/serve.mjs: web-demo/ at /, lib/ at /lib/) on a free loopback port.
//
//   import { useBrowser } from "./support/browser.js";
//   const browser = useBrowser();                 // beforeAll launches both, afterAll closes both
//   test("...", async () => {
//     const page = await browser.openPage("/");   // console and page errors in page.e2e
//     await browser.screenshot(page, "demo");     // tests/e2e/.artifacts/demo.png
//   });
//
// Each launch gets a fresh --user-data-dir in a temp dir (removed on close). The browser never
// outlives the test file: close() in afterAll (SIGKILL of whatever still carries the profile dir
// if closing hangs), Playwright's own exit handlers, and the registry swept by jest's
// globalTeardown (support/processes.js).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { bundle } from "../../../bench/bundle.mjs";
import { startServer } from "../../../scripts/serve.mjs";
import { pidsWithMarker, track } from "./processes.js";
import { artifactsDir, withTimeout } from "./util.js";

export const chromiumPath = process.env.SIPWASM_CHROMIUM || "/usr/bin/chromium";

/** The flags of NOTES.md (Playwright adds --headless, --no-sandbox and its own automation flags). */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
];

/** Saves a PNG of `page` to tests/e2e/.artifacts/<name>.png and resolves with its path. */
export async function screenshot(page, name, { fullPage = true, timeoutMs = 10000 } = {}) {
  const file = join(artifactsDir(), `${name.replace(/[^\w.-]+/g, "_")}.png`);
  await page.screenshot({ path: file, fullPage, timeout: timeoutMs });
  return file;
}

/** Records the console lines and uncaught errors of a page in page.e2e = { console, errors }. */
export function watchPage(page) {
  if (page.e2e) return page;
  page.e2e = { console: [], errors: [] };
  page.on("console", (m) => page.e2e.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => page.e2e.errors.push(e));
  return page;
}

/**
 * Launches Chromium and (unless serve: false) the demo server.
 * Options: serve (true), headless (true), args (extra flags), timeoutMs (default timeout of
 * Playwright actions, 10000), launchTimeoutMs (30000).
 * Resolves to { context, server, baseUrl, userDataDir, newPage(), openPage(path, opts),
 * screenshot(page, name), serveBundle(path, moduleSource), close() }. Pages are served from the
 * demo server's loopback origin (a page Playwright fulfils by itself has no address space, and
 * Chromium's local network access checks then block its WebSocket to 127.0.0.1).
 */
export async function launchBrowser({ serve = true, headless = true, args = [], timeoutMs = 10000, launchTimeoutMs = 30000 } = {}) {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: run scripts/bootstrap.sh (Debian package chromium)`);
  const userDataDir = mkdtempSync(join(tmpdir(), "sipwasm-e2e-chromium-"));
  const untrack = track({ kind: "chromium", marker: userDataDir });
  let server;
  let context;
  const cleanUp = async () => {
    if (context) {
      await withTimeout(context.close(), 10000, "chromium to close").catch(() => undefined);
      context = undefined;
    }
    for (const pid of pidsWithMarker(userDataDir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    if (server) {
      await withTimeout(server.close(), 5000, "the demo server to close").catch(() => undefined);
      server = undefined;
    }
    rmSync(userDataDir, { recursive: true, force: true });
    untrack();
  };
  try {
    if (serve) server = await startServer(0);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless,
      args: [...chromiumFlags, ...args],
      timeout: launchTimeoutMs,
      viewport: { width: 1100, height: 800 },
    });
    context.setDefaultTimeout(timeoutMs);
    context.setDefaultNavigationTimeout(Math.max(timeoutMs, 15000));
  } catch (e) {
    await cleanUp();
    throw e;
  }
  const env = {
    context,
    server,
    baseUrl: server ? server.url : undefined,
    userDataDir,
    /** A new tab, watched (page.e2e). */
    async newPage() {
      return watchPage(await context.newPage());
    },
    /** A new tab at baseUrl + path, once the load event fired. */
    async openPage(path = "/", { waitUntil = "load" } = {}) {
      const page = await env.newPage();
      await page.goto(new URL(path, env.baseUrl).href, { waitUntil });
      return page;
    },
    screenshot,
    /**
     * Bundles `contents` (an ES module; bare imports resolve from the repo, e.g. "sip.js" or
     * "./lib/index.js") with esbuild for the browser and serves it at `path`, with a page that
     * loads it at `path` + ".html". Resolves with the page URL.
     */
    async serveBundle(path, contents) {
      const code = await bundle({ contents });
      server.routes.set(path, { type: "text/javascript; charset=utf-8", body: code });
      server.routes.set(`${path}.html`, {
        type: "text/html; charset=utf-8",
        body: `<!doctype html><meta charset="utf-8"><title>${path}</title><script type="module" src="${path}"></script>`,
      });
      return new URL(`${path}.html`, env.baseUrl).href;
    },
    close: cleanUp,
  };
  return env;
}

/**
 * For a test file (or describe block): launches in beforeAll and closes in afterAll; the pages a
 * test opened are closed after it. Returns a handle with the properties and methods of
 * launchBrowser()'s result.
 */
export function useBrowser(options) {
  let env;
  const handle = new Proxy(
    {},
    {
      get(_, name) {
        if (!env) throw new Error(`the browser is not launched (reading "${String(name)}" outside a test?)`);
        const value = env[name];
        return typeof value === "function" ? value.bind(env) : value;
      },
    }
  );
  beforeAll(async () => {
    env = await launchBrowser(options);
  }, 60000);
  afterEach(async () => {
    if (!env) return;
    for (const page of env.context.pages()) await withTimeout(page.close(), 5000, "a page to close").catch(() => undefined);
  }, 20000);
  afterAll(async () => {
    if (env) await env.close();
  }, 30000);
  return handle;
}
