// Loads the package with a plain module import (top-level await instantiates the Wasm core).
const status = document.getElementById("status");
const sample = [
  "INVITE sip:bob@sipwasm.test SIP/2.0",
  "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds8",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@sipwasm.test>",
  'From: "Alice" <sip:alice@sipwasm.test>;tag=1928301774',
  "Call-ID: a84b4c76e66710",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>",
  "Content-Length: 0", "", "",
].join("\r\n");

try {
  const { Core } = await import("/lib/index.js");
  status.textContent = "package loaded";
  status.className = "ok";
  const input = document.getElementById("message");
  const output = document.getElementById("result");
  input.value = sample;
  const describe = (m) => JSON.stringify({
    method: m.method, ruri: m.ruri && m.ruri.toString(), statusCode: m.statusCode, reasonPhrase: m.reasonPhrase,
    from: m.from && m.from.toString(), fromTag: m.fromTag, to: m.to && m.to.toString(), toTag: m.toTag,
    callId: m.callId, cseq: m.cseq, viaBranch: m.viaBranch, headers: Object.keys(m.headers), body: m.body,
  }, null, 2);
  const parse = () => {
    const warnings = [];
    const logger = { warn: (s) => warnings.push(s), error: (s) => warnings.push(s), log() {}, debug() {} };
    const text = input.value.replace(/\r?\n/g, "\r\n");
    const m = Core.Parser.parseMessage(text, logger);
    output.textContent = m ? describe(m) : "rejected: " + warnings.join("; ");
  };
  document.getElementById("parse").addEventListener("click", parse);
  parse();
} catch (e) {
  status.textContent = "failed to load the package: " + e.message;
  status.className = "error";
}
