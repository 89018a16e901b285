import type { SipCoreModule } from "./loader.js";

/** Emscripten factory of the Wasm core (built into sipcore.mjs by scripts/build.sh). @internal */
declare function createSipCore(): Promise<SipCoreModule>;
export default createSipCore;
