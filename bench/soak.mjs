// Soak: 10,000 complete calls in one process on ours; fails (exit 1) if the Wasm core kept
// anything. Checkpoints after the first 100 calls and after all of them, each taken once every
// timer has run out (a virtual clock moves time: 1 s per call, then 70 s to let the 64*T1 = 32 s
// transaction timers expire) and after forced GCs. Compared at the two checkpoints:
//   - live embind handles (count_emval_handles) and the bridge's live objects (liveCounts());
//   - the Wasm memory buffer (memory.buffer.byteLength);
//   - the top of the Wasm heap in use (malloc of a block larger than any free chunk);
//   - the JS heap, within a tolerance for GC noise.
// Usage: node bench/soak.mjs [calls]        (exit 0: nothing grew; 1: something grew; 2: could not run)
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { loadPackage, ourWasm, root } from "./support/packages.mjs";
import { REQUIRED_EXPORTS, makeCallPair } from "./support/calls.mjs";
import { VirtualClock } from "./support/virtual-clock.mjs";

if (typeof globalThis.gc !== "function") {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(child.status === null ? 2 : child.status);
}

const total = Math.floor(Number(process.argv[2] || 10000));
const first = Math.min(100, total);
const STEP_MS = 1000;  // virtual time between calls: at most ~32 calls' transactions await Timer L/M
const DRAIN_MS = 70000;
const JS_HEAP_TOLERANCE = 2 << 20;  // GC noise; a leak of 200+ bytes per call over 10,000 calls exceeds it
const WASM_TOP_TOLERANCE = 256 << 10;  // allocator fragmentation

const clock = new VirtualClock().install();
const ours = await loadPackage("ours", REQUIRED_EXPORTS);
if (ours.error) {
  console.log(`ours: not available (${ours.error})`);
  process.exit(2);
}
const wasm = await ourWasm();
const { UserAgentCoreBridge } = await import(
  pathToFileURL(join(root, "lib/core/user-agent-core/user-agent-core-bridge.js")).href
);

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
async function quiesce() {
  // Let messages in flight land, then run every timer out, twice (a timer may send, a send may arm).
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < 10; i++) await nextTurn();
    clock.advance(DRAIN_MS);
  }
  for (let i = 0; i < 10; i++) await nextTurn();
}
function heapTop() {
  const block = wasm._malloc(1 << 20);
  wasm._free(block);
  return block;
}
function snapshot() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  const live = UserAgentCoreBridge.liveCounts();
  return {
    emvalHandles: live.emvalHandles,
    bridges: live.bridges,
    userAgentClients: live.userAgentClients,
    userAgentServers: live.userAgentServers,
    wasmBuffer: wasm.HEAPU8.buffer.byteLength,
    wasmHeapTop: heapTop(),
    jsHeap: process.memoryUsage().heapUsed,
    timers: clock.pending,
  };
}

const pair = await makeCallPair(ours.api);
const started = performance.now();
let done = 0;
async function callsUpTo(count) {
  for (; done < count; done++) {
    await pair.call(30000);
    clock.advance(STEP_MS);
  }
}

await callsUpTo(first);
await quiesce();
const atFirst = snapshot();
await callsUpTo(total);
await quiesce();
const atEnd = snapshot();
const seconds = (performance.now() - started) / 1000;
await pair.stop();

const checks = [
  ["live embind handles", "emvalHandles", 0],
  ["live bridges", "bridges", 0],
  ["live user agent clients", "userAgentClients", 0],
  ["live user agent servers", "userAgentServers", 0],
  ["Wasm memory buffer (bytes)", "wasmBuffer", 0],
  ["Wasm heap top (bytes)", "wasmHeapTop", WASM_TOP_TOLERANCE],
  ["JS heap used (bytes)", "jsHeap", JS_HEAP_TOLERANCE],
  ["pending timers", "timers", 0],
];
console.log(`soak: ${total} complete calls on ours in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} calls/s, with checkpoints)`);
console.log(`${"".padEnd(28)} ${`after ${first}`.padStart(14)} ${`after ${total}`.padStart(14)}   allowed growth`);
let grew = false;
for (const [label, key, tolerance] of checks) {
  const a = atFirst[key];
  const b = atEnd[key];
  const bad = typeof a === "number" && typeof b === "number" && b - a > tolerance;
  if (bad) grew = true;
  console.log(`${label.padEnd(28)} ${String(a).padStart(14)} ${String(b).padStart(14)}   ${String(tolerance).padStart(8)}${bad ? "   GREW" : ""}`);
}
if (atEnd.emvalHandles === undefined) console.log("(count_emval_handles is not exported by this build)");
const problems = [...pair.errors, ...pair.network.receiveErrors.map(String), ...clock.errors.map(String)];
if (problems.length) console.log(`errors seen:\n  ${problems.slice(0, 10).join("\n  ")}`);
console.log(grew ? "FAIL: something grew between the checkpoints" : "ok: nothing grew");
process.exit(grew ? 1 : 0);
