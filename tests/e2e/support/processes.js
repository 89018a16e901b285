// A registry of the processes the e2e tests start (Kamailio, Chromium), so that none outlives a run.
//
// Each support module kills what it started in its own afterAll/close and, failing that, in the
// worker's "exit" handler. This registry is the last line: every started process is written down
// (pid + a marker string unique to that instance, e.g. its run directory) under
// tests/e2e/.artifacts/pids/, and jest's globalTeardown (and the next run's globalSetup) kills what
// is still listed, by pid, after checking in /proc that the pid still carries the marker (so a pid
// reused by an unrelated process is never touched). Browsers are found by marker alone: their
// marker is the fresh --user-data-dir, which no other process has on its command line.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifactsDir } from "./util.js";

const registryDir = () => artifactsDir("pids");

// The jest run a process belongs to: globalSetup sets SIPWASM_E2E_RUN to the jest parent's pid;
// without it (a test file run some other way) the registering process itself is the run.
const runId = () => process.env.SIPWASM_E2E_RUN || String(process.pid);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Pids of the processes whose command line contains `marker`. */
export function pidsWithMarker(marker) {
  const pids = [];
  let entries = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if (cmdline(entry).includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

/** Writes down a started process. `pid` may be undefined for a browser (found by marker). */
export function track({ kind, pid, marker, group = false }) {
  const file = join(registryDir(), `${kind}-${pid ?? "m"}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(file, JSON.stringify({ kind, pid, marker, group, run: runId(), owner: process.pid }));
  return () => rmSync(file, { force: true });
}

function kill(pid, group, signal) {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    /* gone already */
  }
}

/** Kills one recorded process (and its group) and everything carrying its marker; synchronous. */
export function killEntry({ pid, marker, group }) {
  let killed = 0;
  if (pid && alive(pid) && cmdline(pid).includes(marker)) {
    kill(pid, group, "SIGKILL");
    killed += 1;
  }
  if (marker) {
    for (const other of pidsWithMarker(marker)) {
      kill(other, false, "SIGKILL");
      killed += 1;
    }
  }
  return killed;
}

// A run is live while its jest process is (a reused pid would not be running jest).
const runAlive = (run) => alive(Number(run)) && cmdline(Number(run)).includes("jest");

/**
 * Kills what is still registered by this run or by runs whose jest process is gone (a run that
 * crashed); leaves a concurrent live run's processes alone. Returns what was killed.
 */
export function sweep() {
  const report = [];
  let files = [];
  try {
    files = readdirSync(registryDir());
  } catch {
    return report;
  }
  for (const name of files) {
    const file = join(registryDir(), name);
    let entry;
    try {
      entry = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    if (entry.run !== runId() && runAlive(entry.run)) continue;
    if (killEntry(entry) > 0) report.push(`${entry.kind} ${entry.pid ?? ""} ${entry.marker}`.trim());
    // The marker is the instance's own temp dir (run dir, browser profile): remove it too.
    if (typeof entry.marker === "string" && entry.marker.startsWith(join(tmpdir(), "sipwasm-e2e-"))) {
      rmSync(entry.marker, { recursive: true, force: true });
    }
    rmSync(file, { force: true });
  }
  return report;
}

export function ensureRegistry() {
  mkdirSync(registryDir(), { recursive: true });
}
