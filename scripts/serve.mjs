// A small static server for the web demo: serves web-demo/ at / and the built package at /lib/.
// No dependencies, loopback only. Usage: node scripts/serve.mjs [port]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const port = Number(process.argv[2] || process.env.SIPWASM_DEMO_PORT || 8080);
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png",
};

function resolvePath(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath.split("?")[0])).replace(/^(\.\.[/\\])+/, "");
  const [base, rest] = clean.startsWith("/lib/") ? [join(root, "lib"), clean.slice(5)] : [join(root, "web-demo"), clean.slice(1)];
  const file = resolve(base, rest || "index.html");
  return file.startsWith(base) ? file : undefined;  // never serve outside the two folders
}

const server = createServer(async (req, res) => {
  const file = resolvePath(req.url || "/");
  try {
    if (!file || !(await stat(file)).isFile()) throw new Error("not a file");
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  }
});
server.listen(port, "127.0.0.1", () => console.log(`web demo: http://127.0.0.1:${port}/`));
