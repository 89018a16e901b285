// The small extra: Core.Parser.parseMessage (the C++ parser in Wasm) on a message you paste.
const sample = [
  "INVITE sip:bob@sipwasm.test SIP/2.0",
  "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds8",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@sipwasm.test>",
  'From: "Alice" <sip:alice@sipwasm.test>;tag=1928301774',
  "Call-ID: a84b4c76e66710",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

const describe = (m) =>
  JSON.stringify(
    {
      method: m.method, ruri: m.ruri && m.ruri.toString(), statusCode: m.statusCode, reasonPhrase: m.reasonPhrase,
      from: m.from && m.from.toString(), fromTag: m.fromTag, to: m.to && m.to.toString(), toTag: m.toTag,
      callId: m.callId, cseq: m.cseq, viaBranch: m.viaBranch, headers: Object.keys(m.headers), body: m.body,
    },
    null,
    2
  );

/** Wires the parser section: fills in the sample and parses it (again on "Parse"). */
export function setUpParser(Core) {
  const input = document.getElementById("message");
  const output = document.getElementById("result");
  input.value = sample;
  const parse = () => {
    const warnings = [];
    const logger = { warn: (s) => warnings.push(s), error: (s) => warnings.push(s), log() {}, debug() {} };
    const message = Core.Parser.parseMessage(input.value.replace(/\r?\n/g, "\r\n"), logger);
    output.textContent = message ? describe(message) : "rejected: " + warnings.join("; ");
  };
  document.getElementById("parse").addEventListener("click", parse);
  parse();
}
