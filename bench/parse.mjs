// Messages per second of Core.Parser.parseMessage, ours against sip.js 0.21.2, on the same corpus,
// in one run. Two figures each: parse alone, and parse + reading the fields a UA core reads.
// Usage: node bench/parse.mjs [seconds-per-measurement]
import { Core as OurCore } from "../lib/index.js";
import { Core as SipJsCore } from "sip.js";
import { corpus } from "./corpus.mjs";

const seconds = Number(process.argv[2] || 2);
const quiet = { error() {}, warn() {}, log() {}, debug() {} };

function touch(m) {  // what a transaction/dialog layer reads from every message
  return m.callId.length + m.cseq + (m.fromTag || "").length + (m.toTag || "").length +
    (m.viaBranch || "").length + m.from.uri.host.length + m.body.length;
}

function measure(parse, readFields) {
  for (const m of corpus) {  // both must parse every message, or the comparison means nothing
    const parsed = parse(m, quiet);
    if (!parsed) throw new Error("a parser rejected the corpus message:\n" + m.slice(0, 200));
  }
  let count = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const m of corpus) {
      const parsed = parse(m, quiet);
      if (readFields) sink += touch(parsed);
    }
    count += corpus.length;
  }
  const rate = count / ((performance.now() - start) / 1000);
  return { rate, sink };
}

const rows = [];
for (const readFields of [false, true]) {
  const theirs = measure((m, l) => SipJsCore.Parser.parseMessage(m, l), readFields);
  const ours = measure((m, l) => OurCore.Parser.parseMessage(m, l), readFields);
  rows.push({ what: readFields ? "parse + read fields" : "parse", theirs: theirs.rate, ours: ours.rate });
}
console.log(`corpus: ${corpus.length} messages (REGISTER, 401, INVITE+SDP, 180, BYE)`);
console.log("measurement            sip.js msg/s      ours msg/s    ratio");
for (const r of rows) {
  console.log(`${r.what.padEnd(22)} ${r.theirs.toFixed(0).padStart(12)} ${r.ours.toFixed(0).padStart(15)} ${(r.ours / r.theirs).toFixed(1).padStart(7)}x`);
}
