// Rule 5 of DESIGN.md: bad input from the network never throws into the app, never aborts the Wasm
// instance and never leaks. 10,000+ malformed inputs through Parser.parseMessage and Grammar.parse,
// then the same instance must still parse, and its memory must not have grown past a bound.
import { Grammar, IncomingRequestMessage, IncomingResponseMessage, Parser, URI } from "../../lib/core/index.js";
import { wasm } from "../../lib/wasm/loader.js";

// Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRLF = "\r\n";
const valid = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7;rport",
  "Max-Forwards: 70",
  'To: "Bob" <sip:bob@biloxi.example.com>',
  "From: <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;expires=60, sip:x@y",
  "Record-Route: <sip:p1.example.com;lr>",
  'Proxy-Authenticate: Digest realm="a", nonce="b", qop="auth"',
  "Supported: timer, 100rel",
  "Content-Type: application/sdp",
  "Content-Length: 8",
  "",
  "v=0\r\nx=1"
].join(CRLF);

const nasty = ["\r\n", "\r\n ", ":", ";", ",", "<", ">", '"', "\\", "=", "@", "%", "%E0", "\0", "\t", " ", "[", "]", "?", "&", "ñ", "😀", "\uD800", "\uDC00", "SIP/2.0", "sip:", "\r", "\n"];
const rules = [
  "Contact", "Name_Addr_Header", "Record_Route", "Request_Response", "SIP_URI", "Subscription_State", "Supported", "Require", "Via",
  "absoluteURI", "Call_ID", "Content_Disposition", "Content_Length", "Content_Type", "CSeq", "displayName", "Event", "From", "host",
  "Max_Forwards", "Min_SE", "Proxy_Authenticate", "quoted_string", "Refer_To", "Replaces", "Session_Expires", "stun_URI", "To",
  "turn_URI", "uuid", "WWW_Authenticate", "challenge", "sipfrag", "Referred_By"
];

function mutate(random, text) {
  let out = text;
  const edits = 1 + Math.floor(random() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.3) {
      out = out.slice(0, at) + nasty[Math.floor(random() * nasty.length)] + out.slice(at);
    } else if (kind < 0.55) {
      out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 20));
    } else if (kind < 0.7) {
      out = out.slice(0, at);
    } else if (kind < 0.85) {
      const c = String.fromCharCode(Math.floor(random() * 0x3000));
      out = out.slice(0, at) + c + out.slice(at + 1);
    } else {
      const from = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(random() * 40)) + out.slice(at);
    }
  }
  return out;
}

function malformed(random, i) {
  switch (i % 10) {
    case 0:
      return valid.slice(0, Math.floor(random() * valid.length));
    case 1:
      return "SIP/2.0 " + Math.floor(random() * 1000) + " " + "x".repeat(Math.floor(random() * 100)) + CRLF.repeat(Math.floor(random() * 3));
    case 2:
      return valid.replace("Content-Length: 8", "Content-Length: " + ["99999999999999999999999", "-1", "1e3", "0x10", "", " 9 9", "4294967297"][i % 7]);
    case 3:
      return valid.replace("Max-Forwards: 70", Array.from({ length: 200 }, (_, k) => "X-H" + k + ": " + "v".repeat(k % 50)).join(CRLF));
    case 4:
      return valid.replace("Call-ID: ", "Call-ID: " + "<".repeat(500 + Math.floor(random() * 2000)));
    case 5:
      return Array.from({ length: 1 + Math.floor(random() * 200) }, () => nasty[Math.floor(random() * nasty.length)]).join("");
    default:
      return mutate(random, valid);
  }
}

function expectMessageOrUndefined(result) {
  if (result !== undefined) {
    expect(result instanceof IncomingRequestMessage || result instanceof IncomingResponseMessage).toBe(true);
  }
}

const silent = { warn() {}, error() {}, log() {}, debug() {} };
const heapBytes = () => wasm.HEAPU8.byteLength;

describe("robustness of the Wasm instance", () => {
  test("10,000 malformed messages and 10,000 malformed grammar inputs: no throw, no abort, bounded memory", () => {
    const random = prng(0x5eed);
    // Warm up the allocator so that its steady state is the baseline.
    for (let i = 0; i < 300; i++) {
      Parser.parseMessage(malformed(random, i), silent);
      Grammar.parse(mutate(random, "sip:alice@example.com;transport=ws"), rules[i % rules.length]);
    }
    const baseline = heapBytes();
    let parsedOk = 0;
    for (let i = 0; i < 10000; i++) {
      const input = malformed(random, i);
      let result;
      expect(() => {
        result = Parser.parseMessage(input, silent);
      }).not.toThrow();
      expectMessageOrUndefined(result);
      if (result) {
        parsedOk++;
      }
      const rule = rules[i % rules.length];
      let parsed;
      expect(() => {
        parsed = Grammar.parse(mutate(random, i % 2 ? "sip:alice@example.com;transport=ws?X-A=1" : valid.split(CRLF)[1 + (i % 12)].replace(/^[^:]*: /, "")), rule);
      }).not.toThrow();
      expect(parsed).not.toBeNull();
    }
    // Some mutations are harmless: the parser must still accept those.
    expect(parsedOk).toBeGreaterThan(0);
    expect(heapBytes() - baseline).toBeLessThanOrEqual(16 * 1024 * 1024);

    // The same instance still works.
    const message = Parser.parseMessage(valid, silent);
    expect(message).toBeInstanceOf(IncomingRequestMessage);
    expect(message.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(Grammar.URIParse("sip:alice@example.com")).toBeInstanceOf(URI);
  });

  test("large malformed inputs repeated: memory does not grow with the volume parsed", () => {
    const big = valid.replace("Max-Forwards: 70", "X-Big: " + "a;b=c,".repeat(12000)) + "<".repeat(20000);
    const bigHeader = '"' + "x".repeat(60000);
    for (let i = 0; i < 20; i++) {
      Parser.parseMessage(big, silent);
      Grammar.parse(bigHeader, "Name_Addr_Header");
    }
    const baseline = heapBytes();
    // 400 × 140 KB of input (56 MB): a leak of even the input copies would show.
    for (let i = 0; i < 400; i++) {
      expectMessageOrUndefined(Parser.parseMessage(big + i, silent));
      expect(Grammar.parse(bigHeader + i, i % 2 ? "Name_Addr_Header" : "Contact")).toBe(-1);
    }
    expect(heapBytes() - baseline).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(Parser.parseMessage(valid, silent)).toBeInstanceOf(IncomingRequestMessage);
  });
});
