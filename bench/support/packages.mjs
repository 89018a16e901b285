// Loads the two packages a benchmark compares, each through its public entry point:
// sip.js 0.21.2 (node_modules/sip.js/lib/index.js) and ours (lib/index.js of this repository).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const entries = {
  "sip.js": join(root, "node_modules/sip.js/lib/index.js"),
  ours: join(root, "lib/index.js"),
};

/**
 * Resolves to `{ name, api }` where `api` is the package's module namespace, or `{ name, error }`
 * (a one-line reason) when it cannot be loaded or lacks one of `required` (export names).
 */
export async function loadPackage(name, required = []) {
  try {
    const api = await import(pathToFileURL(entries[name]).href);
    const missing = required.filter((exportName) => api[exportName] === undefined);
    if (missing.length) {
      return { name, error: `${entries[name].slice(root.length + 1)} exports no ${missing.join(", ")}` };
    }
    return { name, api };
  } catch (error) {
    return { name, error: String(error && error.message ? error.message : error).split("\n")[0] };
  }
}

/** Our instantiated Wasm module (internal: only for measuring its memory and live handles). */
export async function ourWasm() {
  const { wasm } = await import(pathToFileURL(join(root, "lib/wasm/loader.js")).href);
  return wasm;
}
