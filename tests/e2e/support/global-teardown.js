// jest globalTeardown of the e2e suite: kills any process of this run that a test file did not
// stop (there should be none; a line is printed if there was one).
import { sweep } from "./processes.js";

export default async function globalTeardown() {
  const killed = sweep();
  if (killed.length) console.warn(`[e2e] killed processes the tests left running: ${killed.join("; ")}`);
}
