// Parser.parseMessage over the C++ message parser: requests, responses, folding, compact forms,
// multi-valued headers, bodies cut by Content-Length in bytes, and bad input (undefined + a warning,
// never an exception).
import { jest } from "@jest/globals";
import {
  IncomingRequestMessage,
  IncomingResponseMessage,
  LoggerFactory,
  NameAddrHeader,
  Parser,
  URI
} from "../../lib/core/index.js";

const CRLF = "\r\n";
const utf8Bytes = (text) => Buffer.byteLength(text, "utf8");
const lines = (...parts) => parts.join(CRLF);

function logger() {
  return { warn: jest.fn(), error: jest.fn(), log: jest.fn(), debug: jest.fn() };
}

function parse(data) {
  const log = logger();
  const message = Parser.parseMessage(data, log);
  return { message, log };
}

const sdp = lines("v=0", "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com", "s=-", "c=IN IP4 192.0.2.101", "t=0 0", "m=audio 49172 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "");

const invite = lines(
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7",
  "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK2",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  'Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>, "X" <sip:x@y.example>;expires=60',
  "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
  "X-Custom: hello world",
  "Content-Type: application/sdp",
  "Content-Length: " + utf8Bytes(sdp),
  "",
  sdp
);

describe("Parser.parseMessage: a request", () => {
  let message;
  let log;
  beforeAll(() => {
    ({ message, log } = parse(invite));
  });

  test("is an IncomingRequestMessage with method, Request-URI, data", () => {
    expect(log.warn).not.toHaveBeenCalled();
    expect(message).toBeInstanceOf(IncomingRequestMessage);
    expect(message.method).toBe("INVITE");
    expect(message.ruri).toBeInstanceOf(URI);
    expect(message.ruri.toString()).toBe("sip:bob@biloxi.example.com");
    expect(message.data).toBe(invite);
    expect(message.toString()).toBe(invite);
  });

  test("From, To, Call-ID, CSeq", () => {
    expect(message.from).toBeInstanceOf(NameAddrHeader);
    expect(message.from.displayName).toBe("Alice");
    expect(message.from.uri.aor).toBe("alice@atlanta.example.com");
    expect(message.fromTag).toBe("1928301774");
    expect(message.to).toBeInstanceOf(NameAddrHeader);
    expect(message.to.displayName).toBe("Bob");
    expect(message.toTag).toBeUndefined();
    expect(message.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(message.cseq).toBe(314159);
    expect(message.getHeader("from")).toBe('"Alice" <sip:alice@atlanta.example.com>;tag=1928301774');
  });

  test("Via: one entry per value, the first one parsed into via and viaBranch", () => {
    expect(message.getHeaders("via")).toEqual([
      "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7",
      "SIP/2.0/UDP p1.example.com;branch=z9hG4bK1",
      "SIP/2.0/UDP p2.example.com;branch=z9hG4bK2"
    ]);
    expect(message.via.host).toBe("df7jal23ls0d.invalid");
    expect(message.via.transport).toBe("WSS");
    expect(message.viaBranch).toBe("z9hG4bKnashds7");
    expect(message.parseHeader("via", 2).branch).toBe("z9hG4bK2");
  });

  test("Contact and Record-Route: one entry per value, each parsed", () => {
    expect(message.getHeaders("contact")).toEqual([
      "<sip:alice@df7jal23ls0d.invalid;transport=ws>",
      '"X" <sip:x@y.example>;expires=60'
    ]);
    const second = message.parseHeader("contact", 1);
    expect(second).toBeInstanceOf(NameAddrHeader);
    expect(second.getParam("expires")).toBe("60");
    expect(message.headers.Contact[0].parsed.uri.getParam("transport")).toBe("ws");
    expect(message.getHeaders("record-route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
    expect(message.parseHeader("Record-Route", 1).uri.host).toBe("p2.example.com");
  });

  test("other headers, by any spelling of their name", () => {
    expect(message.hasHeader("x-custom")).toBe(true);
    expect(message.getHeader("X-CUSTOM")).toBe("hello world");
    expect(message.parseHeader("x-custom")).toBeUndefined();
    expect(message.getHeader("max_forwards")).toBe("70");
    expect(message.parseHeader("Max-Forwards")).toBe(70);
    expect(message.s("content-type")).toBe("application/sdp");
    expect(message.hasHeader("subject")).toBe(false);
    expect(message.getHeader("subject")).toBeUndefined();
    expect(message.getHeaders("subject")).toEqual([]);
  });

  test("the body", () => {
    expect(message.body).toBe(sdp);
  });
});

describe("Parser.parseMessage: a response", () => {
  const response = lines(
    "SIP/2.0 180 Ringing",
    "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7;received=192.0.2.4",
    "To: Bob <sip:bob@biloxi.example.com>;tag=8321234356",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710",
    "CSeq: 314159 INVITE",
    "Contact: <sip:bob@192.0.2.4>",
    "Content-Length: 0",
    "",
    ""
  );

  test("is an IncomingResponseMessage with status, reason and the method of its CSeq", () => {
    const { message, log } = parse(response);
    expect(log.warn).not.toHaveBeenCalled();
    expect(message).toBeInstanceOf(IncomingResponseMessage);
    expect(message.statusCode).toBe(180);
    expect(message.reasonPhrase).toBe("Ringing");
    expect(message.method).toBe("INVITE");
    expect(message.cseq).toBe(314159);
    expect(message.toTag).toBe("8321234356");
    expect(message.fromTag).toBe("1928301774");
    expect(message.viaBranch).toBe("z9hG4bKnashds7");
    expect(message.body).toBe("");
  });

  test("a reason phrase with spaces and UTF-8", () => {
    const { message } = parse(response.replace("180 Ringing", "486 Occupé ici"));
    expect(message.statusCode).toBe(486);
    expect(message.reasonPhrase).toBe("Occupé ici");
  });

  test("authentication challenges", () => {
    const challenge = 'Digest realm="atlanta.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", qop="auth", algorithm=MD5, opaque="xyz"';
    const { message } = parse(response.replace("180 Ringing", "401 Unauthorized").replace("Contact: <sip:bob@192.0.2.4>", "WWW-Authenticate: " + challenge));
    expect(message.statusCode).toBe(401);
    const parsed = message.parseHeader("www-authenticate");
    expect(parsed.realm).toBe("atlanta.example.com");
    expect(parsed.nonce).toBe("ea9c8e88df84f1cec4341ae6cbe5a359");
    expect(parsed.qop).toEqual(["auth"]);
    expect(parsed.algorithm).toBe("MD5");
    expect(parsed.opaque).toBe("xyz");
  });
});

const register = (headerLines, body = "") =>
  lines(
    "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/WSS bobspc.invalid;branch=z9hG4bKnashds7",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
    "Call-ID: 843817637684230@998sdasdh09",
    "CSeq: 1826 REGISTER",
    ...headerLines,
    "Content-Length: " + utf8Bytes(body),
    "",
    body
  );

describe("Parser.parseMessage: several challenges (RFC 8760)", () => {
  test("every WWW-Authenticate is kept, in order, each parsed", () => {
    const data = lines(
      "SIP/2.0 401 Unauthorized",
      "Via: SIP/2.0/WSS bobspc.invalid;branch=z9hG4bKnashds7",
      "To: <sip:bob@biloxi.example.com>;tag=1",
      "From: <sip:bob@biloxi.example.com>;tag=456248",
      "Call-ID: 843817637684230@998sdasdh09",
      "CSeq: 1826 REGISTER",
      'WWW-Authenticate: Digest realm="biloxi.example.com", nonce="n1", algorithm=SHA-256, qop="auth"',
      'WWW-Authenticate: Digest realm="biloxi.example.com", nonce="n1", algorithm=MD5, qop="auth"',
      "Content-Length: 0",
      "",
      ""
    );
    const { message, log } = parse(data);
    expect(log.warn).not.toHaveBeenCalled();
    expect(message.getHeaders("www-authenticate")).toHaveLength(2);
    expect(message.parseHeader("www-authenticate").algorithm).toBe("SHA-256");
    expect(message.parseHeader("www-authenticate", 1).algorithm).toBe("MD5");
  });
});

describe("Parser.parseMessage: header forms", () => {
  test("folded header values (RFC 3261 7.3.1) read as one value", () => {
    const { message, log } = parse(
      register(["Subject: I know you're there,", "      pick up the phone", "   and talk to me!", "Contact: <sip:bob@192.0.2.4>;", " expires=7200"])
    );
    expect(log.warn).not.toHaveBeenCalled();
    const subject = message.getHeader("subject");
    expect(subject.replace(/\s+/g, " ")).toBe("I know you're there, pick up the phone and talk to me!");
    expect(message.parseHeader("contact").getParam("expires")).toBe("7200");
  });

  test("compact forms are expanded", () => {
    const body = "hello";
    const data = lines(
      "MESSAGE sip:bob@biloxi.example.com SIP/2.0",
      "v: SIP/2.0/WSS bobspc.invalid;branch=z9hG4bK776",
      "t: <sip:bob@biloxi.example.com>",
      "f: <sip:alice@atlanta.example.com>;tag=49583",
      "i: 3848276298220188511@atlanta.example.com",
      "CSeq: 1 MESSAGE",
      "m: <sip:alice@192.0.2.1>",
      "k: timer",
      "s: greetings",
      "c: text/plain",
      "l: " + body.length,
      "",
      body
    );
    const { message, log } = parse(data);
    expect(log.warn).not.toHaveBeenCalled();
    expect(message.viaBranch).toBe("z9hG4bK776");
    expect(message.to.uri.aor).toBe("bob@biloxi.example.com");
    expect(message.fromTag).toBe("49583");
    expect(message.callId).toBe("3848276298220188511@atlanta.example.com");
    expect(message.getHeader("Contact")).toBe("<sip:alice@192.0.2.1>");
    expect(message.getHeader("Supported")).toBe("timer");
    expect(message.getHeader("Subject")).toBe("greetings");
    expect(message.getHeader("Content-Type")).toBe("text/plain");
    expect(message.parseHeader("Content-Length")).toBe(5);
    expect(message.body).toBe(body);
  });

  test("header names are case-insensitive", () => {
    const { message } = parse(register(["cONTACT: <sip:bob@192.0.2.4>", "x-FOO-bar: 1"]).replace("Call-ID:", "call-id:"));
    expect(message.callId).toBe("843817637684230@998sdasdh09");
    expect(message.getHeader("contact")).toBe("<sip:bob@192.0.2.4>");
    expect(message.getHeader("X-Foo-Bar")).toBe("1");
  });

  test("a header repeated on several lines keeps every value, in order", () => {
    const { message } = parse(register(["Route: <sip:a.example;lr>", "X-A: 1", "Route: <sip:b.example;lr>", "X-A: 2"]));
    expect(message.getHeaders("route")).toEqual(["<sip:a.example;lr>", "<sip:b.example;lr>"]);
    expect(message.getHeaders("x-a")).toEqual(["1", "2"]);
  });

  test("Route values are name-addrs, like Contact and Record-Route", () => {
    const { message } = parse(register(["Route: <sip:a.example;lr>, <sip:b.example;lr>"]));
    expect(message.getHeaders("route")).toEqual(["<sip:a.example;lr>", "<sip:b.example;lr>"]);
    const second = message.parseHeader("route", 1);
    expect(second).toBeInstanceOf(NameAddrHeader);
    expect(second.uri.host).toBe("b.example");
  });

  test('"Contact: *" (RFC 3261 10.2.2) is kept', () => {
    const { message, log } = parse(register(["Contact: *", "Expires: 0"]));
    expect(log.warn).not.toHaveBeenCalled();
    expect(message).toBeInstanceOf(IncomingRequestMessage);
    expect(message.getHeader("contact")).toBe("*");
  });

  test("list headers on one line", () => {
    const { message } = parse(register(["Supported: path, gruu,outbound", "Allow: INVITE, ACK, BYE"]));
    const supported = [];
    for (let i = 0; i < message.getHeaders("supported").length; i++) {
      supported.push(...message.parseHeader("supported", i));
    }
    expect(supported).toEqual(["path", "gruu", "outbound"]);
    expect(message.getHeaders("allow").join(",").replace(/\s/g, "")).toBe("INVITE,ACK,BYE");
  });

  test("an empty header value", () => {
    const { message, log } = parse(register(["Subject:", "X-Empty:   "]));
    expect(log.warn).not.toHaveBeenCalled();
    expect(message.getHeader("subject")).toBe("");
    expect(message.getHeader("x-empty")).toBe("");
  });
});

describe("Parser.parseMessage: bodies", () => {
  test("the body is cut by Content-Length counted in UTF-8 bytes", () => {
    const body = "Grüße, 世界! 😀";
    expect(utf8Bytes(body)).toBeGreaterThan(body.length);
    const { message, log } = parse(register(["Content-Type: text/plain;charset=UTF-8"], body));
    expect(log.warn).not.toHaveBeenCalled();
    expect(message.body).toBe(body);
  });

  test("bytes past Content-Length are discarded (RFC 3261 18.3)", () => {
    const body = "héllo";
    const data = register(["Content-Type: text/plain"], body) + "TRAILING GARBAGE";
    const { message } = parse(data);
    expect(message.body).toBe(body);
  });

  test("Content-Length: 0 gives an empty body", () => {
    const { message } = parse(register([]));
    expect(message.body).toBe("");
  });

  test("without Content-Length the body is the rest of the message", () => {
    const data = register(["Content-Type: text/plain"], "").replace(/Content-Length: 0\r\n/, "") + "rest of it";
    const { message } = parse(data);
    expect(message).toBeDefined();
    expect(message.body).toBe("rest of it");
  });
});

describe("Parser.parseMessage: bad input", () => {
  const good = register([]);
  const bad = [
    ["an empty string", ""],
    ["no CRLF at all", "INVITE sip:bob@biloxi.example.com SIP/2.0"],
    ["garbage", "hello world\r\n\r\n"],
    ["a bad request line", good.replace("REGISTER sip:registrar.biloxi.example.com SIP/2.0", "REGISTER registrar SIP/2.0")],
    ["a bad status line", "SIP/2.0 abc OK\r\nContent-Length: 0\r\n\r\n"],
    ["a header without a colon", good.replace("Max-Forwards: 70", "Max-Forwards 70")],
    ["a header section that does not end", good.slice(0, good.indexOf("\r\n\r\n") + 2)],
    ["an unparsable From", good.replace("From: Bob <sip:bob@biloxi.example.com>;tag=456248", "From: <<<>>>")],
    ["an unparsable To", good.replace("To: Bob <sip:bob@biloxi.example.com>", "To: sip:")],
    ["an unparsable CSeq", good.replace("CSeq: 1826 REGISTER", "CSeq: many REGISTER")],
    ["an unparsable Call-ID", good.replace("Call-ID: 843817637684230@998sdasdh09", "Call-ID: a b c")],
    ["an unparsable Via", good.replace("Via: SIP/2.0/WSS bobspc.invalid;branch=z9hG4bKnashds7", "Via: nothing")],
    ["an unparsable Contact", register(["Contact: <sip:"])],
    ["an unparsable Max-Forwards", good.replace("Max-Forwards: 70", "Max-Forwards: seventy")],
    ["an unparsable Content-Length", good.replace("Content-Length: 0", "Content-Length: -5")]
  ];

  test.each(bad)("%s: undefined, and the reason logged with warn", (what, data) => {
    const { message, log } = parse(data);
    expect(message).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(typeof log.warn.mock.calls[0][0]).toBe("string");
    expect(log.warn.mock.calls[0][0].length).toBeGreaterThan(0);
  });

  test.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { data: good }],
    ["a String object", new String(good)],
    ["a Uint8Array", new TextEncoder().encode(good)],
    ["an ArrayBuffer", new ArrayBuffer(8)]
  ])("non-string input (%s): undefined and a warning, no exception", (what, data) => {
    const { message, log } = parse(data);
    expect(message).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  test("no logger, or a logger that throws, is not an exception", () => {
    expect(Parser.parseMessage("garbage")).toBeUndefined();
    expect(Parser.parseMessage(undefined, undefined)).toBeUndefined();
    const throwing = {
      warn() {
        throw new Error("logger broke");
      }
    };
    expect(Parser.parseMessage("garbage", throwing)).toBeUndefined();
  });

  test("works with SIP.js's own Logger", () => {
    const factory = new LoggerFactory();
    factory.builtinEnabled = false;
    const seen = [];
    factory.connector = (level, category, label, content) => seen.push([level, category, content]);
    expect(Parser.parseMessage("garbage", factory.getLogger("sip.parser"))).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBe("warn");
    expect(seen[0][1]).toBe("sip.parser");
    expect(Parser.parseMessage(good, factory.getLogger("sip.parser"))).toBeInstanceOf(IncomingRequestMessage);
  });
});

describe("IncomingMessage header methods", () => {
  test("addHeader, setHeader, parseHeader drops a value it cannot parse", () => {
    const { message } = parse(register([]));
    message.addHeader("x-list", "a");
    message.addHeader("X-List", "b");
    expect(message.getHeaders("x-list")).toEqual(["a", "b"]);
    message.setHeader("x-list", "c");
    expect(message.getHeaders("x-list")).toEqual(["c"]);
    message.addHeader("Event", "!!! not an event");
    message.addHeader("Event", "presence");
    expect(message.parseHeader("event", 0)).toBeUndefined();
    expect(message.getHeaders("event")).toEqual(["presence"]);
    expect(message.parseHeader("event").event).toBe("presence");
    expect(message.parseHeader("event", 5)).toBeUndefined();
  });
});
