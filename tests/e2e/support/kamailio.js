// A private Kamailio (SIP over WebSocket, tests/e2e/kamailio/kamailio.cfg) per test file, on a
// free loopback port.
//
//   import { useKamailio } from "./support/kamailio.js";
//   const kamailio = useKamailio();          // beforeAll starts it, afterAll stops it
//   test("...", async () => { kamailio.url; await kamailio.restart(); ... });
//
// or by hand: `const k = await startKamailio(); try { ... } finally { await k.stop(); }`.
//
// Kamailio runs in the foreground (-DD: its main process is the one we spawn, its children share
// its process group) and is stopped by killing that group. It never outlives the test file: stop()
// in afterAll; a guard process that kills the group as soon as the test process is gone, however
// it ended; a kill in the worker's "exit" and signal handlers; and the registry swept by jest's
// globalTeardown and the next run's globalSetup (support/processes.js).
import { execFile, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { track } from "./processes.js";
import { freePort, repoRoot, sleep, withTimeout } from "./util.js";

export const configFile = join(repoRoot, "tests/e2e/kamailio/kamailio.cfg");
export const domain = "sipwasm.test";

/** The users kamailio.cfg knows: { alice: { user, password, uri }, bob, carol, dave }. */
export const users = Object.fromEntries(
  ["alice", "bob", "carol", "dave"].map((user) => [user, { user, password: `${user}-secret`, uri: `sip:${user}@${domain}` }])
);

function binary(name) {
  for (const dir of ["/usr/sbin", "/usr/local/sbin", "/usr/bin"]) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not installed: run scripts/bootstrap.sh`);
}

const live = new Set(); // instances with a running process, for the exit handler
let exitHandlerInstalled = false;
function installExitHandler() {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  const killAll = () => {
    for (const instance of live) instance.killNow();
  };
  process.on("exit", killAll);
  // A worker ended by a signal runs no "exit" handlers: kill first, then let the signal do what it
  // would have done (re-raised when no one else, e.g. Playwright, handles it).
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    const onSignal = () => {
      killAll();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/**
 * A guard for a process group: a tiny shell, in a session of its own, that blocks reading a pipe
 * from this process and SIGKILLs the group when the pipe closes, i.e. when this process is gone
 * however it ended (a SIGKILLed jest worker, Ctrl-C, a crash) and could not stop Kamailio itself.
 * It keeps nothing alive here (unref'd). stopGuard() ends it quietly once Kamailio was stopped.
 */
function startGuard(pgid) {
  try {
    const guard = spawn("/bin/sh", ["-c", 'read _eof; kill -9 -"$1" 2>/dev/null', "sipwasm-e2e-guard", String(pgid)], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    });
    guard.on("error", () => undefined);
    guard.stdin.on("error", () => undefined);
    guard.unref();
    guard.stdin.unref();
    return guard;
  } catch {
    return undefined; // the registry sweep remains
  }
}

function stopGuard(guard) {
  if (!guard || guard.exitCode !== null || guard.signalCode !== null) return;
  try {
    guard.kill("SIGKILL");
  } catch {
    /* gone */
  }
}

/**
 * Opens a SIP WebSocket to `url` and closes it again; resolves true if the handshake completed
 * (with the "sip" subprotocol) within `timeoutMs`.
 */
export function probeWebSocket(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let done = false;
    let ws;
    const finish = (ok) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        ws && ws.terminate();
      } catch {
        /* ignore */
      }
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    try {
      ws = new WebSocket(url, "sip", { handshakeTimeout: timeoutMs });
    } catch {
      finish(false);
      return;
    }
    ws.on("open", () => finish(ws.protocol === "sip"));
    ws.on("error", () => finish(false));
    ws.on("close", () => finish(false));
  });
}

class Kamailio {
  constructor({ port, startTimeoutMs = 15000, defines = {} } = {}) {
    this.requestedPort = port;
    this.port = port;
    this.startTimeoutMs = startTimeoutMs;
    this.defines = defines;
    this.child = undefined;
    this.exited = undefined; // promise resolved with { code, signal } when the current process ends
    this.untrack = undefined;
    this.runDir = undefined;
    this.logFile = undefined;
    this.starts = 0;
  }

  /** ws://127.0.0.1:PORT */
  get url() {
    return `ws://127.0.0.1:${this.port}`;
  }

  get domain() {
    return domain;
  }

  get users() {
    return users;
  }

  /** The pid of Kamailio's main process while it runs. */
  get pid() {
    return this.child ? this.child.pid : undefined;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kamailio's stderr log (all starts of this instance). */
  log() {
    try {
      return readFileSync(this.logFile, "utf8");
    } catch {
      return "";
    }
  }

  logTail(lines = 30) {
    return this.log().split("\n").slice(-lines).join("\n");
  }

  /** Starts Kamailio (on the same port as before, if it ran already) and waits for the handshake. */
  async start() {
    if (this.running) return this;
    installExitHandler();
    const attempts = this.requestedPort || this.port ? 1 : 3; // a fresh free port can be raced for
    let lastError;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (!this.port) this.port = await freePort();
      try {
        await this.spawnAndWait();
        return this;
      } catch (e) {
        lastError = e;
        await this.stop();
        if (attempts > 1) this.port = undefined;
      }
    }
    throw lastError;
  }

  async spawnAndWait() {
    if (!this.runDir) this.runDir = mkdtempSync(join(tmpdir(), `sipwasm-e2e-kamailio-${this.port}-`));
    this.logFile = join(this.runDir, "kamailio.log");
    const defines = { SIPWASM_WS_PORT: this.port, ...this.defines };
    const args = ["-f", configFile, "-P", join(this.runDir, "kamailio.pid"), "-DD", "-E", "-Y", this.runDir];
    for (const [k, v] of Object.entries(defines)) args.push("-A", v === true ? k : `${k}=${v}`);
    const fd = openSync(this.logFile, "a");
    let child;
    try {
      child = spawn(binary("kamailio"), args, { cwd: repoRoot, detached: true, stdio: ["ignore", fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.starts += 1;
    live.add(this);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", (error) => resolve({ code: null, signal: null, error }));
    });
    if (child.pid) {
      this.untrack = track({ kind: "kamailio", pid: child.pid, marker: this.runDir, group: true });
      this.guard = startGuard(child.pid);
    }

    const deadline = Date.now() + this.startTimeoutMs;
    let exitedEarly;
    this.exited.then((r) => (exitedEarly = r));
    while (Date.now() < deadline) {
      if (exitedEarly) {
        const why = exitedEarly.error ? exitedEarly.error.message : `exit code ${exitedEarly.code}, signal ${exitedEarly.signal}`;
        throw new Error(`kamailio exited while starting on port ${this.port} (${why}); its log:\n${this.logTail()}`);
      }
      if (await probeWebSocket(this.url, 1000)) return;
      await sleep(100);
    }
    throw new Error(`kamailio did not accept a WebSocket handshake on ${this.url} within ${this.startTimeoutMs}ms; its log:\n${this.logTail()}`);
  }

  /**
   * Stops Kamailio: `signal` to its process group (SIGTERM: a clean shutdown; SIGKILL: a crash),
   * SIGKILL if it is still there after `timeoutMs`. Resolves once the main process has exited.
   * Safe to call when it is not running.
   */
  async stop({ signal = "SIGTERM", timeoutMs = 5000 } = {}) {
    const child = this.child;
    if (child) {
      if (this.running) {
        this.signalGroup(signal);
        try {
          await withTimeout(this.exited, timeoutMs, "kamailio to exit");
        } catch {
          this.signalGroup("SIGKILL");
          await withTimeout(this.exited, 5000, "kamailio to exit after SIGKILL").catch(() => undefined);
        }
      }
      // Children that outlived the main process (only possible after a SIGKILL of it alone).
      this.signalGroup("SIGKILL");
      this.child = undefined;
      stopGuard(this.guard);
      this.guard = undefined;
      live.delete(this);
      if (this.untrack) this.untrack();
      this.untrack = undefined;
    }
    return this;
  }

  /** Stops and starts again on the same port (same URL); resolves once the handshake works again. */
  async restart(stopOptions) {
    await this.stop(stopOptions);
    await this.start();
    return this;
  }

  /** The ctl module's binrpc socket of this instance (kamailio.cfg leaves it in the runtime dir). */
  get ctlSocket() {
    return `unix:${join(this.runDir, "kamailio_ctl")}`;
  }

  /**
   * Runs a Kamailio RPC command with kamcmd against this instance and resolves with its output,
   * e.g. rpc("ul.dump") lists the registered contacts, rpc("core.uptime").
   */
  rpc(...args) {
    return new Promise((resolve, reject) => {
      execFile(binary("kamcmd"), ["-s", this.ctlSocket, ...args], { timeout: 5000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`kamcmd ${args.join(" ")} failed: ${error.message}${stderr ? `\n${stderr}` : ""}`));
        else resolve(stdout);
      });
    });
  }

  /**
   * The location table (ul.dump) as [{ aor, contacts: [address, ...] }], e.g.
   * [{ aor: "alice", contacts: ["sip:alice@x7a0.invalid;transport=ws"] }].
   */
  async registrations() {
    const dump = await this.rpc("ul.dump");
    const result = [];
    for (const line of dump.split("\n")) {
      const aor = /^\s*AoR:\s*(\S+)/.exec(line);
      if (aor) result.push({ aor: aor[1], contacts: [] });
      const address = /^\s*Address:\s*(\S+)/.exec(line);
      if (address && result.length) result[result.length - 1].contacts.push(address[1]);
    }
    return result;
  }

  /** Stops and removes the run directory (log included, unless `keepLog`). */
  async dispose({ keepLog = false } = {}) {
    await this.stop();
    if (this.runDir && !keepLog) rmSync(this.runDir, { recursive: true, force: true });
  }

  signalGroup(signal) {
    if (!this.child || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      /* gone */
    }
  }

  /** Synchronous SIGKILL of the whole group (for process "exit"). */
  killNow() {
    this.signalGroup("SIGKILL");
    if (this.untrack) this.untrack();
  }
}

/**
 * Starts a private Kamailio and resolves once it accepts a SIP WebSocket handshake.
 * Options: port (default: a free one), startTimeoutMs (15000), defines (extra -A for the cfg).
 * Resolves to an instance: url, port, pid, domain, users, running, log(), logTail(n), ctlSocket,
 * rpc(...args), registrations(), stop({ signal, timeoutMs }), start(), restart(stopOptions), dispose().
 */
export async function startKamailio(options) {
  const instance = new Kamailio(options);
  try {
    await instance.start();
  } catch (e) {
    await instance.dispose({ keepLog: true });
    throw e;
  }
  return instance;
}

/**
 * For a test file (or describe block): starts Kamailio in beforeAll and disposes of it in
 * afterAll. Returns a handle whose properties and methods are the running instance's.
 */
export function useKamailio(options) {
  let instance;
  const handle = new Proxy(
    {},
    {
      get(_, name) {
        if (!instance) throw new Error(`kamailio is not started (reading "${String(name)}" outside a test?)`);
        const value = instance[name];
        return typeof value === "function" ? value.bind(instance) : value;
      },
    }
  );
  beforeAll(async () => {
    instance = await startKamailio(options);
  }, 30000);
  afterAll(async () => {
    if (instance) await instance.dispose();
  }, 20000);
  return handle;
}
