// A small static server for the web demo: serves web-demo/ at / and the built package at /lib/.
// No dependencies, loopback only.
//   node scripts/serve.mjs [port]                      (CLI; port 0 picks a free one)
//   import { startServer } from "./scripts/serve.mjs"  (the e2e tests: `await startServer(0)`)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png",
};

function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return undefined;  // malformed %-escape
  }
  const clean = normalize(decoded).replace(/^(\.\.[/\\])+/, "");
  const [base, rest] = clean.startsWith("/lib/") ? [join(root, "lib"), clean.slice(5)] : [join(root, "web-demo"), clean.slice(1)];
  const file = resolve(base, rest || "index.html");
  return file.startsWith(base) ? file : undefined;  // never serve outside the two folders
}

/**
 * Starts the demo server on 127.0.0.1:`port` (0: a free port).
 * Resolves to { server, port, url, routes, close() } once it listens; rejects if it cannot listen.
 * `routes` is a Map from a URL path to { body, type } served before the files (tests add pages
 * made on the fly, served from the same loopback origin as the demo).
 */
export function startServer(port = 0) {
  const sockets = new Set();
  const routes = new Map();
  const server = createServer(async (req, res) => {
    const route = routes.get((req.url || "/").split("?")[0]);
    if (route) {
      res.writeHead(200, { "content-type": route.type || types[extname(req.url)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(route.body);
      return;
    }
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
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(Number(port), "127.0.0.1", () => {
      server.off("error", reject);
      const actual = server.address().port;
      resolvePromise({
        server,
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        routes,
        // Stops listening and drops kept-alive connections, so close() never waits on a browser.
        close: () => new Promise((done) => {
          server.close(() => done());
          for (const socket of sockets) socket.destroy();
        }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.argv[2] || process.env.SIPWASM_DEMO_PORT || 8080);
  startServer(port).then(
    ({ url }) => console.log(`web demo: ${url}/`),
    (e) => { console.error(`web demo: cannot listen on 127.0.0.1:${port}: ${e.message}`); process.exit(1); },
  );
}
