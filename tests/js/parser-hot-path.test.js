// Parser.parseMessage's hot path (bindings/README.md, "Raw exports", "Packed message JSON"): values
// SIP.js does not parse while parsing a message are parsed when read, with the same result as
// before; the input and output buffers of the core; messages of every size and alphabet.
import { Grammar, NameAddrHeader, URI } from "../../lib/grammar/index.js";
import { IncomingRequestMessage, Parser } from "../../lib/core/index.js";

const CRLF = "\r\n";
const utf8Bytes = (text) => Buffer.byteLength(text, "utf8");
const silent = { warn() {}, error() {} };

function request(extraLines, body = "") {
  return [
    "INVITE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7",
    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1;received=192.0.2.1;lr",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    ...extraLines,
    "Content-Length: " + utf8Bytes(body),
    "",
    body
  ].join(CRLF);
}

function parse(data) {
  const warnings = [];
  const message = Parser.parseMessage(data, { warn: (text) => warnings.push(text) });
  return { message, warnings };
}

describe("values SIP.js parses when they are read", () => {
  const { message } = parse(
    request(["Supported: timer, 100rel", "Allow: INVITE, ACK", "Route: <sip:p1.example.com;lr>", "Expires: 60", "X-Custom: x"])
  );

  test("are stored without `parsed` until read, then read as Grammar.parse reads them", () => {
    expect(message.headers.Supported[0]).toEqual({ raw: "timer, 100rel" });
    expect(message.parseHeader("supported")).toEqual(Grammar.parse("timer, 100rel", "Supported"));
    expect(message.headers.Supported[0].parsed).toEqual(["timer", "100rel"]);
    expect(message.parseHeader("expires")).toBe(60);
    expect(message.parseHeader("allow")).toEqual(["INVITE", "ACK"]);
    const route = message.parseHeader("route");
    expect(route).toBeInstanceOf(NameAddrHeader);
    expect(route.uri).toBeInstanceOf(URI);
    expect(route.uri.hasParam("lr")).toBe(true);
    expect(message.parseHeader("x-custom")).toBeUndefined();
  });

  test("the values SIP.js parses while parsing are there at once", () => {
    expect(message.headers.Via[0].parsed.branch).toBe("z9hG4bKnashds7");
    expect(message.headers.From[0].parsed).toBe(message.from);
    expect(message.headers.To[0].parsed).toBe(message.to);
    expect(message.headers["Call-ID"][0].parsed).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(message.headers.CSeq[0].parsed).toEqual({ value: 314159, method: "INVITE" });
    expect(message.headers["Max-Forwards"][0].parsed).toBe(70);
  });

  test("only the first Via is parsed at once; the others read the same as Grammar.parse", () => {
    expect(message.headers.Via[1].parsed).toBeUndefined();
    const second = message.parseHeader("via", 1);
    expect(second).toEqual(Grammar.parse("SIP/2.0/UDP p1.example.com;branch=z9hG4bK1;received=192.0.2.1;lr", "Via"));
    expect(second.params).toEqual({ lr: undefined });
  });
});

describe("URIs SIP.js's URI class cannot hold", () => {
  test("in a header SIP.js does not parse while parsing: the message is kept, the value reads undefined", () => {
    const { message, warnings } = parse(request(["P-Asserted-Identity: <tel:+14085551212>", "Route: <tel:+1>"]));
    expect(warnings).toEqual([]);
    expect(message).toBeInstanceOf(IncomingRequestMessage);
    expect(message.getHeader("P-Asserted-Identity")).toBe("<tel:+14085551212>");
    expect(message.parseHeader("route")).toBeUndefined();
    expect(message.getHeaders("route")).toEqual([]);  // SIP.js drops a value it cannot parse
  });

  test("in a header SIP.js parses while parsing: the message is dropped with a warning", () => {
    const { message, warnings } = parse(request([]).replace("To: Bob <sip:bob@biloxi.example.com>", "To: <tel:+14085551212>"));
    expect(message).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  test("values added with addHeader are parsed as Grammar.parse parses them", () => {
    const { message } = parse(request(["Route: <http://example.com/x>"]));
    expect(message.parseHeader("route").uri.scheme).toBe("http");  // the core's value: any URI
    message.addHeader("Route", "<http://example.com/y>");
    expect(message.parseHeader("route", 1)).toBeUndefined();  // Grammar.parse: SIP URIs only
  });
});

describe("the core's buffers", () => {
  test("messages larger than the kept buffers, then small ones again", () => {
    const big = request(["X-Big: " + "a".repeat(400 * 1024)], "b".repeat(300 * 1024));
    const first = parse(big).message;
    expect(first.getHeader("x-big")).toHaveLength(400 * 1024);
    expect(first.body).toHaveLength(300 * 1024);
    const small = parse(request([])).message;
    expect(small.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(parse(big).message.body).toHaveLength(300 * 1024);
    // Past 4 KiB the input buffer is first tried at one byte per character: non-ASCII text retries.
    const wide = request(["Subject: " + "é".repeat(3000)], "€😀".repeat(70 * 1024));
    const parsed = parse(wide).message;
    expect(parsed.getHeader("subject")).toBe("é".repeat(3000));
    expect(parsed.body).toBe("€😀".repeat(70 * 1024));
    expect(parse(request(["Subject: " + "é".repeat(1500)])).message.getHeader("subject")).toHaveLength(1500);
  });

  test("non-ASCII text and escapes in values and body", () => {
    const body = 'Grüße "quoted" \\ back\tslash 世界 😀\r\n\u0001';
    const { message, warnings } = parse(request(["Subject: Café \"au\" lait 😀", 'X-Q: a\\"b'], body));
    expect(warnings).toEqual([]);
    expect(message.getHeader("subject")).toBe('Café "au" lait 😀');
    expect(message.getHeader("x-q")).toBe('a\\"b');
    expect(message.body).toBe(body);
    expect(message.from.displayName).toBe("Alice");
  });

  test("a lone surrogate reads as U+FFFD, as a WebSocket text frame would carry it", () => {
    const { message } = parse(request(["Subject: a\uD800b"]));
    expect(message.getHeader("subject")).toBe("a\uFFFDb");
  });

  test("many messages in a row give the same results", () => {
    const data = request(["Contact: <sip:alice@192.0.2.1:5060;transport=ws>;expires=0060;q=0.50"]);
    const first = parse(data).message;
    for (let i = 0; i < 2000; i++) {
      const again = parse(i % 2 ? data : request([]) + "x".repeat(i % 50)).message;
      expect(again).toBeInstanceOf(IncomingRequestMessage);
    }
    const last = parse(data).message;
    expect(last.parseHeader("contact").parameters).toEqual({ expires: "60", q: "0.5" });
    expect(last.parseHeader("contact").uri.port).toBe(5060);
    expect(String(last.parseHeader("contact"))).toBe(String(first.parseHeader("contact")));
  });
});

describe("invalid messages", () => {
  test("the core's reason is the warning", () => {
    expect(parse("garbage").warnings).toEqual(["invalid SIP message, discarded: no CRLF found, not a SIP message"]);
    expect(parse(request([]).replace("CSeq: 314159 INVITE\r\n", "")).warnings).toEqual([
      "invalid SIP message, discarded: missing CSeq header"
    ]);
    expect(Parser.parseMessage("", silent)).toBeUndefined();
  });
});
