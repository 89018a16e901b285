// Complete calls per second and memory per held call, ours against sip.js 0.21.2, in one run, with
// the same harness code driving both packages through their public API (bench/support/calls.mjs):
// two UserAgents joined by an in-memory transport (messages delivered on a later event-loop turn,
// like a socket), static SDP, every call INVITE -> 200 -> ACK -> BYE -> 200.
//
// Usage: node bench/calls.mjs [seconds-per-measurement] [rounds] [--concurrency N] [--sessions N]
//        (defaults: 5 s in 5 rounds per row, 50 concurrent calls, 1000 held calls)
//
// Rates are measured in rounds that alternate the packages (sip.js then ours, ours then sip.js,
// ...), as bench/parse.mjs does; each rate is the median over the rounds and each ratio the median
// of the per-round ratios. Memory: with N calls established and held open, the growth of the JS
// heap (after forced GCs, --expose-gc) divided by N; for ours the Wasm heap's growth is added, read
// as the address malloc gives a block larger than any free chunk (the top of the heap in use), and
// the Wasm memory buffer's size (HEAPU8.length, which starts at 16 MiB and only grows) is shown too.
// Each held call is two sessions (caller's Inviter and callee's Invitation) and their dialogs and
// transactions, in one process. A call that fails or takes over 2 s is "lost": not counted as
// completed, listed after the table (a new INVITE whose random Via branch equals that of a server
// transaction still alive, 64*T1 after its 2xx, is taken for a retransmission: both packages draw
// branches from 10^7 values, so this happens about once per 10^7 / (live transactions) calls).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadPackage, ourWasm } from "./support/packages.mjs";
import { REQUIRED_EXPORTS, callRate, makeCallPair, withTimeout } from "./support/calls.mjs";

if (typeof globalThis.gc !== "function") {
  // The memory measurement needs forced GCs: run again with --expose-gc.
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(child.status === null ? 1 : child.status);
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args.splice(i, 2)[1]);
  if (!(value > 0)) throw new Error(`${name} needs a positive number`);
  return value;
};
const concurrency = Math.floor(option("--concurrency", 50));
const sessions = Math.floor(option("--sessions", 1000));
const seconds = Number(args[0] || 5);
const rounds = Math.max(1, Math.floor(Number(args[1] || 5)));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const oneLine = (error) => String(error && error.message ? error.message : error).split("\n")[0];

const packages = {
  theirs: await loadPackage("sip.js", REQUIRED_EXPORTS),
  ours: await loadPackage("ours", REQUIRED_EXPORTS),
};
if (packages.theirs.error) throw new Error(`sip.js 0.21.2 did not load: ${packages.theirs.error}`);
const wasm = packages.ours.api ? await ourWasm() : undefined;

function settle() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

// The first address past the Wasm heap in use: a block bigger than any free chunk comes from the top.
function wasmHeapTop() {
  const block = wasm._malloc(1 << 20);
  if (!block) throw new Error("Wasm malloc failed");
  wasm._free(block);
  return block;
}

// Memory per held call for one package: a fresh pair, a short warm-up, then `sessions` calls held.
async function memoryPerCall(pkg) {
  const pair = await makeCallPair(pkg.api);
  for (let i = 0; i < 50; i++) await pair.call(10000).catch(() => {});  // warm-up (a lost call is harmless here)
  for (let i = 0; i < 20; i++) await nextTurn();
  const isOurs = pkg === packages.ours;
  const before = { heap: settle(), buffer: isOurs ? wasm.HEAPU8.length : 0 };
  if (isOurs) before.top = wasmHeapTop();
  // Calls are established 50 at a time; one that fails (see "lost calls" below) is left out.
  const hangUps = [];
  let lost = 0;
  const batch = 50;
  for (let i = 0; i < sessions; i += batch) {
    const n = Math.min(batch, sessions - i);
    const results = await Promise.allSettled(Array.from({ length: n }, () => pair.establish(30000)));
    for (const r of results) {
      if (r.status === "fulfilled") hangUps.push(r.value);
      else lost++;
    }
  }
  if (hangUps.length < sessions / 2) throw new Error(`only ${hangUps.length} of ${sessions} calls were established`);
  for (let i = 0; i < 20; i++) await nextTurn();
  const after = { heap: settle(), buffer: isOurs ? wasm.HEAPU8.length : 0 };
  if (isOurs) after.top = wasmHeapTop();
  await withTimeout(Promise.allSettled(hangUps.map((hangUp) => hangUp())), 180000, "hanging up the held calls");
  await pair.stop();
  const held = hangUps.length;
  const js = (after.heap - before.heap) / held;
  const wasmHeap = isOurs ? (after.top - before.top) / held : 0;
  return {
    js,
    wasmHeap,
    total: js + wasmHeap,
    bufferBefore: before.buffer,
    bufferAfter: after.buffer,
    held,
    lost,
    errors: pair.errors,
  };
}

// Calls per second for every available package, alternating rounds.
async function rates(concurrencyLevel) {
  const available = [packages.theirs, packages.ours].filter((p) => p.api);
  const pairs = new Map();
  for (const pkg of available) pairs.set(pkg, await makeCallPair(pkg.api));
  const ms = (seconds * 1000) / rounds;
  for (const pkg of available) await callRate(pairs.get(pkg), concurrencyLevel, Math.min(ms, 500));  // warm-up
  const results = new Map(available.map((p) => [p, []]));
  const losses = new Map(available.map((p) => [p, { lost: 0, completed: 0, first: undefined }]));
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? available : [...available].reverse();
    const got = new Map();
    for (const pkg of order) {
      const run = await callRate(pairs.get(pkg), concurrencyLevel, ms);
      const loss = losses.get(pkg);
      loss.lost += run.lost;
      loss.completed += run.completed;
      if (!loss.first && run.firstLoss) loss.first = oneLine(run.firstLoss);
      got.set(pkg, run.rate);
    }
    for (const [pkg, r] of got) results.get(pkg).push(r);
    if (got.size === 2) ratios.push(got.get(packages.ours) / got.get(packages.theirs));
  }
  const errors = [];
  for (const [pkg, pair] of pairs) {
    errors.push(...pair.errors.map((e) => `${pkg.name}: ${e}`));
    await pair.stop();
  }
  return {
    theirs: median(results.get(packages.theirs)),
    ours: packages.ours.api ? median(results.get(packages.ours)) : undefined,
    ratio: ratios.length ? median(ratios) : undefined,
    low: ratios.length ? Math.min(...ratios) : undefined,
    high: ratios.length ? Math.max(...ratios) : undefined,
    losses,
    errors,
  };
}

// Memory first, while our Wasm heap has seen only the warm-up.
const memory = { theirs: await memoryPerCall(packages.theirs) };
if (packages.ours.api) {
  try {
    memory.ours = await memoryPerCall(packages.ours);
  } catch (error) {
    packages.ours = { name: "ours", error: `memory run failed: ${oneLine(error)}` };
  }
}

const rows = [];
for (const level of [1, concurrency]) {
  try {
    rows.push({ level, ...(await rates(level)) });
  } catch (error) {
    if (!packages.ours.api) throw error;
    packages.ours = { name: "ours", error: `call run failed: ${oneLine(error)}` };
    rows.length = 0;
    rows.push({ level: 1, ...(await rates(1)) }, { level: concurrency, ...(await rates(concurrency)) });
    break;
  }
}

const num = (n, digits = 0) => (n === undefined ? "-" : n.toFixed(digits));
console.log(
  `complete calls (INVITE, 200, ACK, BYE, 200) between two in-process UserAgents, in-memory transport, static SDP;\n` +
    `${rounds} alternating rounds of ${(seconds / rounds).toFixed(2)} s per row, medians`
);
if (packages.ours.error) console.log(`ours: not available (${packages.ours.error})`);
console.log("\nmeasurement                 sip.js calls/s   ours calls/s    ratio");
for (const r of rows) {
  const what = r.level === 1 ? "sequential" : `${r.level} concurrent`;
  const spread = r.ratio === undefined ? "" : `   (rounds: ${num(r.low, 1)}x to ${num(r.high, 1)}x)`;
  console.log(
    `${what.padEnd(26)} ${num(r.theirs).padStart(15)} ${num(r.ours).padStart(14)} ${(r.ratio === undefined ? "-" : num(r.ratio, 1) + "x").padStart(8)}${spread}`
  );
}
const lossLines = [];
for (const r of rows) {
  for (const [pkg, loss] of r.losses) {
    if (loss.lost) lossLines.push(`${pkg.name}, ${r.level === 1 ? "sequential" : r.level + " concurrent"}: ${loss.lost} of ${loss.lost + loss.completed} calls lost (first: ${loss.first})`);
  }
}
for (const [name, mem] of [["sip.js", memory.theirs], ["ours", memory.ours]]) {
  if (mem && mem.lost) lossLines.push(`${name}, held calls: ${mem.lost} of ${mem.lost + mem.held} not established`);
}
if (lossLines.length) console.log(`\nlost calls (failed or not complete in 2 s; not counted as completed):\n  ${lossLines.join("\n  ")}`);
console.log(`\nmemory per held call (${sessions} established calls held open; each is 2 sessions)`);
console.log("                            sip.js bytes     ours bytes    ratio");
const m = memory;
const ratio = (a, b) => (a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`);
console.log(`${"JS heap".padEnd(26)} ${num(m.theirs.js).padStart(15)} ${num(m.ours && m.ours.js).padStart(14)}`);
console.log(`${"Wasm heap in use".padEnd(26)} ${"-".padStart(15)} ${num(m.ours && m.ours.wasmHeap).padStart(14)}`);
console.log(
  `${"total".padEnd(26)} ${num(m.theirs.total).padStart(15)} ${num(m.ours && m.ours.total).padStart(14)} ${ratio(m.ours && m.ours.total, m.theirs.total).padStart(8)}`
);
if (m.ours) {
  const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
  console.log(`ours: Wasm memory buffer ${mib(m.ours.bufferBefore)} before, ${mib(m.ours.bufferAfter)} with the calls held`);
}
const errors = [...rows.flatMap((r) => r.errors), ...m.theirs.errors.map((e) => `sip.js: ${e}`), ...((m.ours && m.ours.errors) || []).map((e) => `ours: ${e}`)];
if (errors.length) console.log(`\nerrors logged by the packages (first ${Math.min(errors.length, 10)}):\n  ${errors.slice(0, 10).join("\n  ")}`);
const seq = rows[0];
if (seq && seq.ratio !== undefined) {
  const mem = m.ours ? m.ours.total / m.theirs.total : undefined;
  console.log(
    `\ntargets: calls/s >= 20x sip.js: ${seq.ratio >= 20 && rows.every((r) => r.ratio >= 20) ? "met" : "NOT met"}; ` +
      `bytes per session <= sip.js: ${mem !== undefined && mem <= 1 ? "met" : "NOT met"}`
  );
}
process.exit(0);  // held-over transaction timers (64*T1) need not keep the process alive
