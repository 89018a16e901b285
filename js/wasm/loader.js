// Instantiates the Wasm core once, with top-level await, so that `import` is all the setup a user
// does (DESIGN.md, rule 6). The module is linked with -sSINGLE_FILE=1: the Wasm bytes are inside
// sipcore.mjs, so nothing is fetched, in Node or in a browser.
import createSipCore from "./sipcore.mjs";

const inNode =
  typeof process === "object" &&
  process !== null &&
  typeof process.versions === "object" &&
  process.versions !== null &&
  typeof process.versions.node === "string";

// Emscripten 3.1.6 writes its Node branch for CommonJS: it reads `__dirname` (absent from ES module
// scope) and installs process-wide "uncaughtException"/"unhandledRejection" handlers that rethrow,
// which would change how the host application's own errors are handled. Both happen synchronously
// inside the factory call, so we lend it a `__dirname` for that call and take back exactly the
// handlers it added, before any other code can run. With a module linked without the Node
// environment (-sENVIRONMENT=web,worker, which also works in Node 18+) this is a no-op.
function instantiate() {
  if (!inNode) {
    return createSipCore();
  }
  const events = ["uncaughtException", "unhandledRejection"];
  const before = events.map((event) => process.listeners(event));
  const lendDirname = typeof globalThis.__dirname === "undefined";
  if (lendDirname) {
    globalThis.__dirname = ".";
  }
  try {
    return createSipCore();
  } finally {
    if (lendDirname) {
      delete globalThis.__dirname;
    }
    events.forEach((event, i) => {
      for (const listener of process.listeners(event)) {
        if (!before[i].includes(listener)) {
          process.removeListener(event, listener);
        }
      }
    });
  }
}

/**
 * The instantiated Wasm core (embind exports: `grammarParse`, `parseMessage`, `coreVersion`, ...).
 * Internal to this package.
 */
export const wasm = await instantiate();
