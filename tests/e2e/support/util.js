// Small helpers shared by the end-to-end tests. Every wait here is bounded.
import net from "node:net";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LoggerFactory } from "../../../lib/core/log/index.js";

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where tests put screenshots and logs (gitignored). Created on first use. */
export function artifactsDir(...sub) {
  const dir = join(repoRoot, "tests/e2e/.artifacts", ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Settles like `promise`, or rejects with "timed out after Nms: what" once `ms` have passed.
 * The timer is cleared either way, so it never keeps Node alive.
 */
export function withTimeout(promise, ms, what = "operation") {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms: ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** Polls `predicate` (which may be async) every `interval` ms until it is truthy; returns its value. */
export async function until(predicate, { timeout = 5000, interval = 25, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout}ms waiting for ${what}`);
    await sleep(interval);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort() {
  const server = net.createServer();
  await new Promise((res, rej) => {
    server.once("error", rej);
    server.listen(0, "127.0.0.1", res);
  });
  const { port } = server.address();
  await new Promise((res) => server.close(res));
  return port;
}

/**
 * A TCP server on 127.0.0.1 that accepts connections, reads what comes and never answers
 * (a WebSocket handshake to it never completes). { url, port, sockets, accepted, close() }.
 */
export async function startSilentServer() {
  const sockets = new Set();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.resume();
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((res, rej) => {
    server.once("error", rej);
    server.listen(0, "127.0.0.1", res);
  });
  const { port } = server.address();
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    sockets,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise((res) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => res());
      }),
  };
}

/**
 * A logger of the package (LoggerFactory) that records instead of printing:
 * { logger, factory, logs: [{ level, category, content }], text() }.
 */
export function captureLogger(category = "sip.e2e") {
  const logs = [];
  const factory = new LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, cat, label, content) => logs.push({ level, category: cat, content });
  return { logger: factory.getLogger(category), factory, logs, text: () => logs.map((l) => `[${l.level}] ${l.content}`).join("\n") };
}
