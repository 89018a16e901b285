// The loader: `import` is all the setup (top-level await), in Node's ESM and in a browser-like
// global scope, and it leaves no trace on the host process.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as Root from "../../lib/index.js";
import * as SipJs from "sip.js";
import { wasm } from "../../lib/wasm/loader.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = path.resolve(here, "../../lib");

function runNode(source) {
  return execFileSync(process.execPath, ["--input-type=module", "-e", source], {
    encoding: "utf8",
    timeout: 30000
  }).trim();
}

describe("loader", () => {
  test("the Wasm instance is ready once the import resolves", () => {
    expect(typeof wasm.coreVersion()).toBe("string");
    expect(typeof wasm.grammarParse).toBe("function");
    expect(typeof wasm.parseMessage).toBe("function");
    expect(wasm.grammarParse("not a uri", "SIP_URI")).toBe("-1");
  });

  test("importing the package in plain Node ESM works and leaves no process handlers or globals", () => {
    const out = runNode(`
      const before = ["uncaughtException", "unhandledRejection"].map((e) => process.listenerCount(e));
      const m = await import(${JSON.stringify(pathToFileURL(path.join(lib, "index.js")).href)});
      const after = ["uncaughtException", "unhandledRejection"].map((e) => process.listenerCount(e));
      const uri = m.Grammar.URIParse("sip:alice@example.com");
      console.log(JSON.stringify({ before, after, dirname: typeof globalThis.__dirname, uri: String(uri && uri.toString()) }));
    `);
    const result = JSON.parse(out);
    expect(result.after).toEqual(result.before);
    expect(result.dirname).toBe("undefined");
    expect(["sip:alice@example.com", "undefined"]).toContain(result.uri);
  });

  test("an uncaught application error still reaches the application's own handler", () => {
    const out = runNode(`
      await import(${JSON.stringify(pathToFileURL(path.join(lib, "index.js")).href)});
      process.on("uncaughtException", (e) => { console.log("handled:" + e.message); });
      setTimeout(() => { throw new Error("boom"); }, 0);
    `);
    expect(out).toBe("handled:boom");
  });

  test("the package loads in a browser-like global scope (no process, a window)", () => {
    const out = runNode(`
      const node = globalThis.process;
      globalThis.window = globalThis;
      globalThis.self = globalThis;
      delete globalThis.process;
      let text;
      try {
        const m = await import(${JSON.stringify(pathToFileURL(path.join(lib, "index.js")).href)});
        const uri = new m.URI("sip", "alice", "example.com");
        text = "ok " + uri.toString() + " " + typeof m.Grammar.parse("x", "SIP_URI");
      } catch (e) {
        text = "error " + (e && e.stack);
      }
      node.stdout.write(text + "\\n");
    `);
    expect(out).toBe("ok sip:alice@example.com number");
  });

  test("the root index exports sip.js's names (those provided so far) and nothing else", () => {
    const ours = Object.keys(Root).sort();
    const theirs = Object.keys(SipJs);
    for (const name of ours) {
      expect(theirs).toContain(name);
    }
    for (const name of ["Core", "Grammar", "NameAddrHeader", "Parameters", "URI", "Web", "equivalentURI", "name", "version"]) {
      expect(ours).toContain(name);
    }
    expect(Root.name).toBe(SipJs.name);
    expect(Root.version).toBe(SipJs.version);
  });

  test("the Core namespace exports only names sip.js's core exports", () => {
    const theirs = Object.keys(SipJs.Core);
    for (const name of Object.keys(Root.Core)) {
      expect(theirs).toContain(name);
    }
    for (const name of ["Grammar", "IncomingMessage", "IncomingRequestMessage", "IncomingResponseMessage", "Levels", "Logger", "LoggerFactory", "NameAddrHeader", "Parameters", "Parser", "Timers", "URI", "equivalentURI"]) {
      expect(Object.keys(Root.Core)).toContain(name);
    }
  });
});
