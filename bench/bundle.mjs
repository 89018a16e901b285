// Bundle size for a browser app: the whole package (lib/index.js) bundled by esbuild as an app
// would (ESM, platform browser, minified), ours and sip.js 0.21.2's (node_modules/sip.js), in one
// run with the same settings; raw minified bytes, gzip -9 and brotli. Our Wasm core is inside the
// bundle (base64 in lib/wasm/sipcore.mjs, -sSINGLE_FILE): its share is shown on its own line.
// With --vite, each package is also built by Vite as an app's production build would (the package's
// whole namespace kept alive; Vite is not a devDependency: give its package directory with
// --vite DIR, e.g. a scratch `npm install vite` outside this repository, or have it in node_modules).
// Usage: node bench/bundle.mjs [--json] [--out DIR] [--vite [VITE_PACKAGE_DIR]]
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const targets = {
  "sip-wasm": join(root, "lib/index.js"),
  "sip.js 0.21.2": join(root, "node_modules/sip.js/lib/index.js"),
};

/**
 * Bundles `entry` (a file) or `contents` (module source resolved from `resolveDir`) for the browser.
 * Resolves to the bundle's text.
 */
export async function bundle({ entry, contents, resolveDir = root, minify = true }) {
  const result = await build({
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents, resolveDir, sourcefile: "entry.js", loader: "js" } }),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    write: false,
    logLevel: "silent",
    legalComments: "none",
  });
  return result.outputFiles[0].text;
}

export function sizes(textOrBytes) {
  const bytes = Buffer.from(textOrBytes);
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Loads Vite from `dir` (a vite package directory) or from node_modules. */
export async function loadVite(dir) {
  if (dir) return import(pathToFileURL(join(resolve(dir), "dist/node/index.js")).href);
  return import("vite");
}

/**
 * Builds `entry` with Vite (production, minified) as an app importing the whole package would.
 * Resolves to the text of the JavaScript it emits (one chunk, or all chunks joined).
 */
export async function viteBundle(vite, entry) {
  const dir = mkdtempSync(join(tmpdir(), "bundle-vite-"));
  try {
    const main = join(dir, "main.js");
    // Vite drops an app entry's exports: keep the whole namespace reachable, as an app using it would.
    writeFileSync(main, `import * as pkg from ${JSON.stringify(entry)};\nglobalThis.__pkg = pkg;\n`);
    const output = await vite.build({
      root: dir,
      configFile: false,
      logLevel: "silent",
      build: { write: false, minify: true, reportCompressedSize: false, rollupOptions: { input: main } },
    });
    const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
    return outputs.filter((o) => o.type === "chunk").map((o) => o.code).join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sizes of every target, and of our Wasm module alone. */
export async function measure({ out, vite } = {}) {
  const rows = [];
  if (vite) {
    for (const [name, entry] of Object.entries(targets)) {
      rows.push({ name: `${name} (Vite ${vite.version})`, ...sizes(await viteBundle(vite, entry)) });
    }
  }
  for (const [name, entry] of Object.entries(targets)) {
    const text = await bundle({ entry });
    if (out) {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `${name.replace(/[^\w.-]+/g, "_")}.min.js`), text);
    }
    rows.push({ name, ...sizes(text) });
  }
  const wasmModule = await bundle({ entry: join(root, "lib/wasm/sipcore.mjs") });
  rows.push({ name: "  of which the Wasm core (sipcore.mjs)", ...sizes(wasmModule) });
  // The same Wasm bytes as a separate .wasm file would be served (not base64 in JavaScript).
  const base64 = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(wasmModule);
  if (base64) rows.push({ name: "  (its .wasm bytes alone, for comparison)", ...sizes(Buffer.from(base64[1], "base64")) });
  return rows;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const viteIndex = args.indexOf("--vite");
  const viteDir = viteIndex >= 0 && args[viteIndex + 1] && !args[viteIndex + 1].startsWith("--") ? args[viteIndex + 1] : undefined;
  const vite = viteIndex >= 0 ? await loadVite(viteDir) : undefined;
  const rows = await measure({ out: outIndex >= 0 ? resolve(args[outIndex + 1]) : undefined, vite });
  if (args.includes("--json")) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log(`whole package bundled by esbuild (ESM, browser, minified)${vite ? " and by Vite (production build)" : ""}\n`);
    console.log("| package | minified | gzip -9 | brotli |\n| --- | ---: | ---: | ---: |");
    for (const r of rows) console.log(`| ${r.name.trim()} | ${kb(r.minified)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
    const [ours, theirs] = rows.slice(vite ? 2 : 0);
    console.log(`\nours / sip.js: minified ${(ours.minified / theirs.minified).toFixed(2)}x, gzip ${(ours.gzip / theirs.gzip).toFixed(2)}x`);
  }
}
