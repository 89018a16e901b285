// Grammar.parse over the C++ grammar: every start rule of SIP.js's grammar at least once, compared
// with what sip.js 0.21.2 itself returns where its grammar is right, and -1 for what does not match.
import { Grammar, NameAddrHeader, URI } from "../../lib/grammar/index.js";
import {
  Grammar as RefGrammar,
  NameAddrHeader as RefNameAddrHeader,
  URI as RefURI
} from "sip.js/lib/grammar/index.js";

// A comparable plain form of a grammar result (ours or sip.js's): class instances become their
// observable state; a member holding undefined is kept (toStrictEqual tells it from a missing one).
function plain(value) {
  if (value instanceof URI || value instanceof RefURI) {
    return {
      $uri: value.toString(),
      raw: value.toRaw(),
      scheme: value.scheme,
      user: value.user,
      host: value.host,
      port: value.port,
      parameters: { ...value.parameters },
      headers: JSON.parse(JSON.stringify(value.headers))
    };
  }
  if (value instanceof NameAddrHeader || value instanceof RefNameAddrHeader) {
    return {
      $nameAddr: value.toString(),
      displayName: value.displayName,
      uri: plain(value.uri),
      parameters: { ...value.parameters }
    };
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) {
      out[key] = plain(value[key]);
    }
    return out;
  }
  return value;
}

const contactString =
  '"Iñaki @ł€" <SIP:+1234@ALIAX.net;Transport=WS>;+sip.Instance="abCD", sip:bob@biloxi.COM;headerParam, <sips:DOMAIN.com:5>';

// [rule, input]: inputs on which sip.js's grammar is right; ours must return the same.
const sameAsSipJs = [
  ["SIP_URI", "sip:alice@example.com"],
  ["SIP_URI", "SIP:%61liCE@versaTICA.Com:6060;TRansport=TCp;Foo=ABc;baz?X-Header-1=AaA1&X-Header-2=BbB&x-header-1=AAA2"],
  ["SIP_URI", "sips:bob:secret@[2001:db8::1]:5061;transport=tls"],
  ["SIP_URI", "sip:+1-555@gw.example.com;user=phone"],
  ["SIP_URI", "sip:192.0.2.4"],
  ["SIP_URI", "sip:carol@chicago.com?Subject=next%20meeting"],
  ["SIP_URI", "sip:alice@example.com;lr;method=INVITE"],
  ["Name_Addr_Header", '"A" <sip:a@b>;p=1'],
  ["Name_Addr_Header", "Bob <sips:bob@x.com>"],
  ["Name_Addr_Header", "<sip:a@b;lr>;x"],
  ["Contact", contactString],
  ["Contact", "<sip:a@b>;expires=3600;q=0.5"],
  ["Record_Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>"],
  ["Request_Response", "INVITE sip:bob@biloxi.com SIP/2.0"],
  ["Request_Response", "SIP/2.0 200 OK"],
  ["Request_Response", "SIP/2.0 486 Busy Here"],
  ["Request_Response", "SIP/2.0 180 "],
  ["Subscription_State", "active;expires=60"],
  ["Subscription_State", "pending;expires=600"],
  ["Subscription_State", "terminated;reason=timeout"],
  ["Supported", "timer, 100rel"],
  ["Supported", ""],
  ["Require", "100rel"],
  ["Via", "SIP /  3.0 \r\n / UDP [1:ab::FF]:6060 ;\r\n  BRanch=1234;Param1=Foo;paRAM2;param3=Bar"],
  ["Via", "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1"],
  ["Via", "SIP/2.0/UDP a.b:5070;branch=1;ttl=5"],
  ["Call_ID", "a84b4c76e66710@pc33.atlanta.com"],
  ["Content_Disposition", "session"],
  ["Content_Disposition", "render"],
  ["Content_Length", "0"],
  ["Content_Length", "123"],
  ["Content_Type", "application/sdp"],
  ["Content_Type", 'multipart/mixed;boundary="abc"'],
  ["CSeq", "123456  CHICKEN"],
  ["CSeq", "1 INVITE"],
  ["displayName", "Bob"],
  ["displayName", '"Bob B"'],
  ["Event", "Presence.winfo;Param1=QWe;paraM2"],
  ["Event", "refer;id=93809824"],
  ["From", '"A" <sip:a@b.c>;x=2;tag=1'],
  ["From", "sip:a@b.c;tag=1"],
  ["host", "EXAMPLE.com"],
  ["host", "1.2.3.4"],
  ["host", "[::1]"],
  ["Max_Forwards", "70"],
  ["Min_SE", "90"],
  ["Proxy_Authenticate", 'Digest realm="a", nonce="b"'],
  ["WWW_Authenticate", 'Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"'],
  [
    "challenge",
    'Digest realm =  "[1:ABCD::abc]", nonce =  "31d0a89ed7781ce6877de5cb032bf114", qop="AUTH,autH-INt", algorithm =  md5  ,  stale =  TRUE , opaque = "00000188"'
  ],
  ["Refer_To", "<sip:b@c?Replaces=abc>"],
  ["Refer_To", "sip:a@b.c"],
  ["Replaces", "98732@sip.example.com\r\n          ;from-tag=r33th4x0r\r\n          ;to-tag=ff87ff"],
  ["Replaces", "12adf2f34456gs5;to-tag=12345;from-tag=54321;early-only"],
  ["Replaces", "87134@171.161.34.23;to-tag=24796;from-tag=0;foo=bar"],
  ["Session_Expires", "90;refresher=uac"],
  ["Session_Expires", "90"],
  ["To", "<sip:a@b.c>"],
  ["To", "Bob <sip:bob@biloxi.example.com>;tag=a6c85cf"],
  ["turn_URI", "turn:1.2.3.4"],
  ["uuid", "f6e15cd0-17ed-11e4-8c21-0800200c9a66"],
  ["sipfrag", "SIP/2.0 200 OK"],
  ["sipfrag", "SIP/2.0 100 Trying"],
  ["Referred_By", "Referred-By: <sip:a@b>"],
  ["Referred_By", 'Referred-By: "R" <sip:a@b>;cid=abc']
];

// [rule, input]: no match, in sip.js and here.
const noMatch = [
  ["SIP_URI", "alice@example.com"],
  ["SIP_URI", "sip:"],
  ["SIP_URI", "tel:+1234"],
  ["SIP_URI", "sip:%E0@example.com"],
  ["Name_Addr_Header", "<sip:a@b"],
  ["Contact", "<>"],
  ["Record_Route", "sip:a@b"],
  ["Request_Response", "HELLO"],
  ["Request_Response", "SIP/2.0 180"],
  ["Subscription_State", ""],
  ["Supported", "a b"],
  ["Require", ","],
  ["Via", "SIP/2.0 host"],
  ["absoluteURI", "nocolon"],
  ["Call_ID", ""],
  ["Call_ID", "a b"],
  ["Content_Length", "-1"],
  ["Content_Type", "application"],
  ["CSeq", "abc INVITE"],
  ["displayName", '"unterminated'],
  ["Event", ""],
  ["From", ""],
  ["host", "a b"],
  ["Max_Forwards", "abc"],
  ["Max_Forwards", ""],
  ["Min_SE", "x"],
  ["Proxy_Authenticate", "Digest realm"],
  ["quoted_string", "abc"],
  ["Refer_To", "x"],
  ["Replaces", "12adf2f34456gs5;to-tag1=12345;from-tag=54321;early-only"],
  ["Replaces", "12adf2f34456gs5;baz;to-tag=12345;from-tag=54321;"],
  ["Replaces", "87134@171.161.34.23;to-tag=24796;from-tag"],
  ["Replaces", "87134@171.161.34.23;to-tag;from-tag=0;foo=bar"],
  ["Session_Expires", "abc"],
  ["stun_URI", "stun:"],
  ["To", "sip:a@b c"],
  ["turn_URI", "http://x"],
  ["uuid", "XXX bad UUID XXX"],
  ["uuid", "f6e15cd0-17ed-11e4-8c21-0800200c9a6"],
  ["WWW_Authenticate", "x"],
  ["challenge", "Digest"],
  ["sipfrag", "x"],
  ["Referred_By", "<sip:a@b"]
];

describe("Grammar.parse: the same result as sip.js", () => {
  test.each(sameAsSipJs)("%s %j", (rule, input) => {
    const expected = RefGrammar.parse(input, rule);
    expect(expected).not.toBe(-1);
    expect(plain(Grammar.parse(input, rule))).toStrictEqual(plain(expected));
  });
});

describe("Grammar.parse: no match gives -1", () => {
  test.each(noMatch)("%s %j", (rule, input) => {
    expect(RefGrammar.parse(input, rule)).toBe(-1);
    expect(Grammar.parse(input, rule)).toBe(-1);
  });

  test("unknown rules, non-string input or rule", () => {
    expect(Grammar.parse("sip:a@b", "No_Such_Rule")).toBe(-1);
    expect(Grammar.parse("sip:a@b", "")).toBe(-1);
    expect(Grammar.parse(undefined, "SIP_URI")).toBe(-1);
    expect(Grammar.parse(null, "SIP_URI")).toBe(-1);
    expect(Grammar.parse(42, "Max_Forwards")).toBe(-1);
    expect(Grammar.parse({ toString: () => "sip:a@b" }, "SIP_URI")).toBe(-1);
    expect(Grammar.parse("sip:a@b", undefined)).toBe(-1);
    expect(Grammar.parse("sip:a@b", 5)).toBe(-1);
    expect(Grammar.URIParse(undefined)).toBeUndefined();
    expect(Grammar.nameAddrHeaderParse(42)).toBeUndefined();
  });
});

describe("Grammar.parse: start rules where sip.js 0.21.2's own grammar is wrong", () => {
  test("Referred_By: the header value alone parses too (sip.js's rule wants the header name first)", () => {
    const plainValue = Grammar.parse('"R" <sip:referrer@example.com>;cid=abc', "Referred_By");
    expect(plainValue.displayName).toBe("R");
    expect(plainValue.uri).toBeInstanceOf(URI);
    expect(plainValue.uri.aor).toBe("referrer@example.com");
    expect(plainValue.params).toEqual({ cid: "abc" });
    expect(Grammar.parse("sip:referrer@example.com", "Referred_By").uri.aor).toBe("referrer@example.com");
  });

  test("stun_URI and turn_URI", () => {
    const stun = Grammar.parse("stun:stun.example.com:3478", "stun_URI");
    expect(stun).not.toBe(-1);
    expect(stun.scheme).toBe("stun");
    // sip.js gives the host as an array of characters; a string is what it means.
    const host = Array.isArray(stun.host) ? stun.host.join("") : String(stun.host);
    expect(host.startsWith("stun.example.com")).toBe(true);
    const turn = Grammar.parse("turns:turn.example.com?transport=tcp", "turn_URI");
    expect(turn).not.toBe(-1);
    expect(turn.scheme).toBe("turns");
    expect(turn.transport).toBe("tcp");
  });

  test("quoted_string and absoluteURI match", () => {
    expect(Grammar.parse('"abc \\" def"', "quoted_string")).not.toBe(-1);
    const absolute = Grammar.parse("mailto:alice@example.com", "absoluteURI");
    expect(absolute).not.toBe(-1);
    expect(absolute.scheme).toBe("mailto");
  });
});

describe("Grammar.parse: results", () => {
  test("Contact: three entries with positions in UTF-16 code units", () => {
    const contacts = Grammar.parse(contactString, "Contact");
    expect(contacts).toHaveLength(3);
    const [c1, c2, c3] = contacts.map((c) => c.parsed);
    expect(c1).toBeInstanceOf(NameAddrHeader);
    expect(c1.displayName).toBe("Iñaki @ł€");
    expect(c1.getParam("+sip.instance")).toBe('"abCD"');
    expect(c1.uri.user).toBe("+1234");
    expect(c1.uri.host).toBe("aliax.net");
    expect(c1.uri.getParam("transport")).toBe("ws");
    expect(c2.toString()).toBe("<sip:bob@biloxi.com>;headerparam");
    expect(c3.toString()).toBe("<sips:domain.com:5>");
    // sip.js's parser cuts each raw value with substring(position, offset).
    expect(contacts.map((c) => contactString.substring(c.position, c.offset))).toEqual([
      '"Iñaki @ł€" <SIP:+1234@ALIAX.net;Transport=WS>;+sip.Instance="abCD"',
      "sip:bob@biloxi.COM;headerParam",
      "<sips:DOMAIN.com:5>"
    ]);
  });

  test("Via: a parameter without a value is present and undefined", () => {
    const via = Grammar.parse("SIP/2.0/UDP host.example;branch=z9hG4bK1;foo;bar=Baz", "Via");
    expect(via.branch).toBe("z9hG4bK1");
    expect(Object.keys(via.params)).toEqual(["foo", "bar"]);
    expect(via.params.foo).toBeUndefined();
    expect(via.params.bar).toBe("Baz");
  });

  test("a URI's password stays in its user part, as in sip.js", () => {
    const uri = Grammar.URIParse("sip:alice:secret@example.com");
    expect(uri.user).toBe("alice:secret");
    expect(uri.toString()).toBe("sip:alice:secret@example.com");
  });

  test("parameter order is kept", () => {
    const uri = Grammar.URIParse("sip:a@b;z=1;a=2;m;b=3");
    expect(Object.keys(uri.parameters)).toEqual(["z", "a", "m", "b"]);
    expect(uri.toString()).toBe("sip:a@b;z=1;a=2;m;b=3");
  });

  test("UTF-8 display names round-trip", () => {
    const header = Grammar.nameAddrHeaderParse('"日本語 😀 ñ" <sip:u@h>');
    expect(header.displayName).toBe("日本語 😀 ñ");
    expect(header.toString()).toBe('"日本語 😀 ñ" <sip:u@h>');
  });

  test("results are fresh objects each time", () => {
    const a = Grammar.URIParse("sip:a@b");
    const b = Grammar.URIParse("sip:a@b");
    expect(a).not.toBe(b);
    a.setParam("x", "1");
    expect(b.hasParam("x")).toBe(false);
  });
});
