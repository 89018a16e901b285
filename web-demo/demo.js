// The demo: three phones (alice and bob side by side, carol as the transfer target), each a
// Web.SessionManager of this package loaded with a plain module import (top-level await in the
// package instantiates the Wasm core). The SIP server comes from ?server=ws://... or defaults to
// the one `npm start` runs (ws://<this host>:8088).
import { createPhone } from "./phone.js";
import { setUpParser } from "./parser.js";

const status = document.getElementById("status");
const serverInput = document.getElementById("server");
const params = new URLSearchParams(location.search);
const server = params.get("server") || `ws://${location.hostname || "127.0.0.1"}:8088`;
serverInput.value = server;
document.getElementById("settings").addEventListener("submit", (event) => {
  event.preventDefault();
  params.set("server", serverInput.value.trim());
  location.search = params.toString();
});

window.demo = { ready: false, phones: {}, server };
try {
  const library = await import("/lib/index.js");
  const container = document.getElementById("phones");
  const phones = [
    ["alice", "sip:bob@sipwasm.test"],
    ["bob", "sip:alice@sipwasm.test"],
    ["carol", "sip:alice@sipwasm.test"],
  ];
  for (const [user, callTarget] of phones) {
    window.demo.phones[user] = createPhone({ library, user, server, container, callTarget, transferTarget: "sip:carol@sipwasm.test" });
  }
  setUpParser(library.Core);
  window.demo.library = library;
  window.demo.ready = true;
  status.textContent = "package loaded";
  status.className = "ok";
} catch (e) {
  status.textContent = "failed to load the package: " + e.message;
  status.className = "error";
  throw e;
}
