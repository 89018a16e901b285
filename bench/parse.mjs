// Messages per second of Core.Parser.parseMessage, ours against sip.js 0.21.2, on the same corpus,
// in one run. Two figures each: parse alone, and parse + reading the fields a UA core reads.
// Usage: node bench/parse.mjs [seconds-per-measurement] [rounds]
//
// The machine this runs on is shared and noisy, so each row is measured in rounds that alternate
// the two parsers (sip.js then ours, ours then sip.js, ...): a burst of load hits both sides of a
// round alike. Each rate is the median over the rounds and the ratio the median of the per-round
// ratios; the spread of those ratios is printed after it.
import { Core as OurCore } from "../lib/index.js";
import { Core as SipJsCore } from "sip.js";
import { corpus } from "./corpus.mjs";

const seconds = Number(process.argv[2] || 2);
const rounds = Math.max(1, Math.floor(Number(process.argv[3] || 7)));
const quiet = { error() {}, warn() {}, log() {}, debug() {} };

function touch(m) {  // what a transaction/dialog layer reads from every message
  return m.callId.length + m.cseq + (m.fromTag || "").length + (m.toTag || "").length +
    (m.viaBranch || "").length + m.from.uri.host.length + m.body.length;
}

function check(parse) {  // both must parse every message, or the comparison means nothing
  for (const m of corpus) {
    const parsed = parse(m, quiet);
    if (!parsed) throw new Error("a parser rejected the corpus message:\n" + m.slice(0, 200));
  }
}

let sink = 0;

// Messages per second over `ms` milliseconds (whole passes over the corpus).
function rate(parse, readFields, ms) {
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  do {
    for (const m of corpus) {
      const parsed = parse(m, quiet);
      if (readFields) sink += touch(parsed);
    }
    count += corpus.length;
  } while (performance.now() < end);
  return count / ((performance.now() - start) / 1000);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const parsers = {
  theirs: (m, l) => SipJsCore.Parser.parseMessage(m, l),
  ours: (m, l) => OurCore.Parser.parseMessage(m, l),
};
check(parsers.theirs);
check(parsers.ours);

const rows = [];
for (const readFields of [false, true]) {
  const ms = (seconds * 1000) / rounds;
  // Warm-up: both JITs settle before the first round counts.
  rate(parsers.theirs, readFields, Math.min(ms, 300));
  rate(parsers.ours, readFields, Math.min(ms, 300));
  const theirs = [];
  const ours = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    let t, o;
    if (round % 2 === 0) {
      t = rate(parsers.theirs, readFields, ms);
      o = rate(parsers.ours, readFields, ms);
    } else {
      o = rate(parsers.ours, readFields, ms);
      t = rate(parsers.theirs, readFields, ms);
    }
    theirs.push(t);
    ours.push(o);
    ratios.push(o / t);
  }
  rows.push({
    what: readFields ? "parse + read fields" : "parse",
    theirs: median(theirs),
    ours: median(ours),
    ratio: median(ratios),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
  });
}
console.log(`corpus: ${corpus.length} messages (REGISTER, 401, INVITE+SDP, 180, BYE); ${rounds} alternating rounds per row, medians`);
console.log("measurement            sip.js msg/s      ours msg/s    ratio");
for (const r of rows) {
  console.log(
    `${r.what.padEnd(22)} ${r.theirs.toFixed(0).padStart(12)} ${r.ours.toFixed(0).padStart(15)} ${r.ratio.toFixed(1).padStart(7)}x` +
    `   (rounds: ${r.low.toFixed(1)}x to ${r.high.toFixed(1)}x)`
  );
}
if (sink === 0.5) console.log(sink);  // keeps the reads alive
