// Bundle size for a browser app: the whole package (lib/index.js) bundled by esbuild as an app
// would (ESM, platform browser, minified), ours and sip.js 0.21.2's (node_modules/sip.js), in one
// run with the same settings; raw minified bytes, gzip -9 and brotli. Our Wasm core is inside the
// bundle (base64 in lib/wasm/sipcore.mjs, -sSINGLE_FILE): its share is shown on its own line.
// Usage: node bench/bundle.mjs [--json] [--out DIR]   (--out writes the bundles there)
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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

/** Sizes of every target, and of our Wasm module alone. */
export async function measure({ out } = {}) {
  const rows = [];
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
  const rows = await measure({ out: outIndex >= 0 ? resolve(args[outIndex + 1]) : undefined });
  if (args.includes("--json")) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log("whole package bundled by esbuild (ESM, browser, minified)\n");
    console.log("| package | minified | gzip -9 | brotli |\n| --- | ---: | ---: | ---: |");
    for (const r of rows) console.log(`| ${r.name.trim()} | ${kb(r.minified)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
    const [ours, theirs] = rows;
    console.log(`\nours / sip.js: minified ${(ours.minified / theirs.minified).toFixed(2)}x, gzip ${(ours.gzip / theirs.gzip).toFixed(2)}x`);
  }
}
