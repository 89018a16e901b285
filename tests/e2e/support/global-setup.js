// jest globalSetup of the e2e suite: marks this run (SIPWASM_E2E_RUN, inherited by the workers)
// and kills what a crashed earlier run left behind (see processes.js).
import { ensureRegistry, sweep } from "./processes.js";

export default async function globalSetup() {
  process.env.SIPWASM_E2E_RUN = String(process.pid);
  ensureRegistry();
  const killed = sweep();
  if (killed.length) console.warn(`[e2e] killed processes left by an earlier run: ${killed.join("; ")}`);
}
