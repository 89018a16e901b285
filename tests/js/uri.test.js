// URI: construction, argument checks, raw/normal forms, parameters, headers, clone, toString.
import { Grammar, URI, equivalentURI } from "../../lib/grammar/index.js";

describe("URI construction", () => {
  test("defaults the scheme to sip and keeps raw and normal forms", () => {
    const uri = new URI(undefined, "Alice", "Example.COM", 5070);
    expect(uri.scheme).toBe("sip");
    expect(uri.user).toBe("Alice");
    expect(uri.host).toBe("example.com");
    expect(uri.port).toBe(5070);
    expect(uri.aor).toBe("Alice@example.com");
    expect(uri.toString()).toBe("sip:Alice@example.com:5070");
    expect(uri.toRaw()).toBe("sip:Alice@Example.COM:5070");
    expect(uri._raw).toEqual({ scheme: "sip", user: "Alice", host: "Example.COM", port: 5070 });
    expect(uri._normal).toEqual({ scheme: "sip", user: "Alice", host: "example.com", port: 5070 });
  });

  test("takes parameters and headers", () => {
    const uri = new URI("SIPS", undefined, "h.example", undefined, { Transport: "TLS", lr: null, n: 5 }, { subject: "hi", "x-a": ["1", "2"] });
    expect(uri.scheme).toBe("sips");
    expect(uri.user).toBeUndefined();
    expect(uri.parameters).toEqual({ transport: "TLS", lr: null, n: "5" });
    expect(uri.headers).toEqual({ Subject: ["hi"], "X-A": ["1", "2"] });
    expect(uri.toString()).toBe("sips:h.example;transport=TLS;lr;n=5?Subject=hi&X-A=1&X-A=2");
    expect(uri.toRaw()).toBe("SIPS:h.example;transport=TLS;lr;n=5?Subject=hi&X-A=1&X-A=2");
  });

  test("writes // for schemes other than sip and sips", () => {
    expect(new URI("http", undefined, "example.com").toString()).toBe("http://example.com");
  });

  test("port 0 is written, an absent port is not", () => {
    expect(new URI("sip", "a", "b", 0).toString()).toBe("sip:a@b:0");
    expect(new URI("sip", "a", "b").toString()).toBe("sip:a@b");
  });

  test.each([
    [["sip", "a", ""], 'missing or invalid "host" parameter'],
    [["sip", "a", undefined], 'missing or invalid "host" parameter'],
    [["sip", "a", 42], 'missing or invalid "host" parameter'],
    [["", "a", "b"], 'missing or invalid "scheme" parameter'],
    [[5, "a", "b"], 'missing or invalid "scheme" parameter'],
    [["sip", {}, "b"], 'invalid "user" parameter'],
    [["sip", "a", "b", -1], 'invalid "port" parameter'],
    [["sip", "a", "b", 1.5], 'invalid "port" parameter'],
    [["sip", "a", "b", "x"], 'invalid "port" parameter'],
    [["sip", "a", "b", 5060, "transport=ws"], 'invalid "parameters" parameter'],
    [["sip", "a", "b", 5060, {}, "X-A=1"], 'invalid "headers" parameter']
  ])("new URI(%j) throws a TypeError saying what is wrong", (args, message) => {
    expect(() => new URI(...args)).toThrow(TypeError);
    expect(() => new URI(...args)).toThrow(message);
  });

  test("setters check their value and keep both forms in step", () => {
    const uri = new URI("sip", "a", "b");
    uri.scheme = "SIPS";
    uri.host = "EXAMPLE.org";
    uri.user = "bob";
    uri.port = 5061;
    expect(uri.toString()).toBe("sips:bob@example.org:5061");
    expect(uri.toRaw()).toBe("SIPS:bob@EXAMPLE.org:5061");
    uri.port = undefined;
    uri.user = undefined;
    expect(uri.toString()).toBe("sips:example.org");
    expect(() => {
      uri.host = "";
    }).toThrow('missing or invalid "host" parameter');
    expect(() => {
      uri.scheme = null;
    }).toThrow(TypeError);
    expect(() => {
      uri.port = "abc";
    }).toThrow(TypeError);
    expect(uri.toString()).toBe("sips:example.org");
  });
});

describe("URI parameters", () => {
  let uri;
  beforeEach(() => {
    uri = new URI("sip", "alice", "example.com");
  });

  test("set, get, has, delete, clear (names case-insensitive, values kept as given)", () => {
    uri.setParam("Transport", "WS");
    uri.setParam("lr");
    uri.setParam("ttl", 5);
    expect(uri.parameters).toEqual({ transport: "WS", lr: null, ttl: "5" });
    expect(uri.getParam("TRANSPORT")).toBe("WS");
    expect(uri.getParam("lr")).toBeNull();
    expect(uri.getParam("nope")).toBeUndefined();
    expect(uri.hasParam("LR")).toBe(true);
    expect(uri.hasParam("nope")).toBe(false);
    expect(uri.deleteParam("TTL")).toBe("5");
    expect(uri.deleteParam("ttl")).toBeUndefined();
    uri.clearParams();
    expect(uri.parameters).toEqual({});
  });

  test("names of Object.prototype are not parameters", () => {
    expect(uri.hasParam("constructor")).toBe(false);
    expect(uri.getParam("toString")).toBeUndefined();
    expect(uri.deleteParam("hasOwnProperty")).toBeUndefined();
  });

  test("a parameter named __proto__ is stored as data and cannot change the prototype", () => {
    uri.setParam("__proto__", "x");
    expect(Object.getPrototypeOf(uri.parameters)).toBe(Object.prototype);
    expect(uri.getParam("__proto__")).toBe("x");
    expect(uri.toString()).toBe("sip:alice@example.com;__proto__=x");
  });

  test("empty or missing names are ignored; non-string names are a TypeError", () => {
    uri.setParam(undefined, "v");
    uri.setParam("", "v");
    expect(uri.parameters).toEqual({});
    expect(uri.getParam(undefined)).toBeUndefined();
    expect(uri.hasParam(undefined)).toBe(false);
    expect(() => uri.setParam(42, "v")).toThrow(TypeError);
  });
});

describe("URI headers", () => {
  let uri;
  beforeEach(() => {
    uri = new URI("sip", "alice", "example.com");
  });

  test("names are headerized; values are lists", () => {
    uri.setHeader("call-id", "abc");
    uri.setHeader("x_custom_header", ["1", "2"]);
    expect(uri.headers).toEqual({ "Call-ID": ["abc"], "X-Custom-Header": ["1", "2"] });
    expect(uri.getHeader("CALL-ID")).toEqual(["abc"]);
    expect(uri.hasHeader("x-custom-header")).toBe(true);
    expect(uri.hasHeader("nope")).toBe(false);
    expect(uri.getHeader("nope")).toBeUndefined();
    expect(uri.deleteHeader("Call-Id")).toEqual(["abc"]);
    expect(uri.deleteHeader("Call-Id")).toBeUndefined();
    expect(uri.toString()).toBe("sip:alice@example.com?X-Custom-Header=1&X-Custom-Header=2");
    uri.clearHeaders();
    expect(uri.headers).toEqual({});
  });

  test("special spellings of header names", () => {
    for (const [given, spelled] of [
      ["cseq", "CSeq"],
      ["www-authenticate", "WWW-Authenticate"],
      ["min-se", "Min-SE"],
      ["rack", "RAck"],
      ["rseq", "RSeq"]
    ]) {
      uri.setHeader(given, "v");
      expect(Object.keys(uri.headers)).toContain(spelled);
    }
  });
});

describe("URI clone and strings", () => {
  test("clone is equal and independent", () => {
    const uri = new URI("SIP", "alice", "Example.com", 5060, { transport: "ws" }, { "X-A": ["1"] });
    const clone = uri.clone();
    expect(clone).toEqual(uri);
    expect(clone).not.toBe(uri);
    clone.setParam("transport", "tcp");
    clone.getHeader("X-A").push("2");
    clone.host = "other.com";
    expect(uri.getParam("transport")).toBe("ws");
    expect(uri.getHeader("x-a")).toEqual(["1"]);
    expect(uri.host).toBe("example.com");
    expect(clone.toRaw()).toBe("SIP:alice@other.com:5060;transport=tcp?X-A=1&X-A=2");
  });

  test("clone keeps an absent user absent", () => {
    const uri = new URI("sip", undefined, "example.com");
    expect(uri.clone()._raw.user).toBeUndefined();
    expect(uri.clone()).toEqual(uri);
  });

  test("the user is percent-escaped as SIP.js escapes it", () => {
    expect(new URI("sip", "Iñaki:PASSWD", "h").toString()).toBe("sip:I%C3%B1aki:PASSWD@h");
    expect(new URI("sip", "+1 (555)/x?y", "h").toString()).toBe("sip:+1%20(555)/x?y@h");
    expect(new URI("sip", "%61lice", "h").toString()).toBe("sip:alice@h");
  });

  test("toString never throws on a user holding a malformed escape", () => {
    expect(new URI("sip", "a%zz%41%", "h").toString()).toBe("sip:a%25zz%41%25@h");
    expect(new URI("sip", "%E0x", "h").toString()).toBe("sip:%E0x@h");
  });
});

describe("equivalentURI (RFC 3261 19.1.4)", () => {
  const uri = (scheme, user, host, port, params, headers) => new URI(scheme, user, host, port, params, headers);

  test("scheme, user (case-sensitive), host (case-insensitive), port", () => {
    expect(equivalentURI(uri("sip", "a", "H.com"), uri("sip", "a", "h.COM"))).toBe(true);
    expect(equivalentURI(uri("sip", "a", "h"), uri("sips", "a", "h"))).toBe(false);
    expect(equivalentURI(uri("sip", "A", "h"), uri("sip", "a", "h"))).toBe(false);
    expect(equivalentURI(uri("sip", "a", "h"), uri("sip", "a", "h", 5060))).toBe(false);
    expect(equivalentURI(uri("sip", undefined, "h"), uri("sip", "a", "h"))).toBe(false);
  });

  test("parameters", () => {
    expect(equivalentURI(uri("sip", "a", "h", undefined, { x: "1" }), uri("sip", "a", "h"))).toBe(true);
    expect(equivalentURI(uri("sip", "a", "h", undefined, { x: "1" }), uri("sip", "a", "h", undefined, { x: "2" }))).toBe(false);
    for (const name of ["user", "ttl", "method", "transport", "maddr"]) {
      expect(equivalentURI(uri("sip", "a", "h", undefined, { [name]: "v" }), uri("sip", "a", "h"))).toBe(false);
    }
  });

  test("headers", () => {
    const h = (headers) => uri("sip", "a", "h", undefined, {}, headers);
    expect(equivalentURI(h({ Subject: "x" }), h({ subject: "x" }))).toBe(true);
    expect(equivalentURI(h({ Subject: "x" }), h({}))).toBe(false);
    expect(equivalentURI(h({ Subject: "x" }), h({ Subject: "y" }))).toBe(false);
    expect(equivalentURI(h({ Subject: "x" }), h({ Priority: "x" }))).toBe(false);
  });

  test("arguments must be URIs", () => {
    expect(() => equivalentURI("sip:a@h", uri("sip", "a", "h"))).toThrow(TypeError);
  });

  test("on parsed URIs", () => {
    const a = Grammar.URIParse("sip:%61lice@atlanta.com;transport=TCP");
    const b = Grammar.URIParse("sip:alice@AtLanTa.CoM;Transport=tcp");
    expect(a).toBeInstanceOf(URI);
    expect(b).toBeInstanceOf(URI);
    expect(equivalentURI(a, b)).toBe(true);
  });
});
