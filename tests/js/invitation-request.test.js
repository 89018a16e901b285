// Invitation.request: the incoming INVITE as SIP.js's IncomingRequestMessage. It is built from the
// text the core serialized, headers at once and the grammar-parsed fields (ruri, from, to, via,
// cseq, tags, referTo) when first read (js/core/messages/deferred-request-message.js). Whatever is
// read first, it must hold exactly what Parser.parseMessage makes of the same text.
import { Core } from "../../lib/index.js";
import { makeUserAgent, settle, useSipNetwork } from "./support/session-harness.js";

const { Parser } = Core;

let network;
let bob;

useSipNetwork((made) => {
  network = made;
  bob = makeUserAgent(network, "bob");
  return [bob];
});

let nextCall = 1;

// An INVITE from a peer that is not on the network (its responses go nowhere), with `headers`
// between the mandatory ones and the body.
function inviteText(headers, body = "") {
  const n = nextCall++;
  return [
    "INVITE sip:bob@example.com SIP/2.0",
    `Via: SIP/2.0/WS peer.invalid;branch=z9hG4bKdeferred${n}`,
    "Max-Forwards: 70",
    `To: <sip:bob@example.com>`,
    `From: "Peer" <sip:peer@example.com>;tag=from${n}`,
    `Call-ID: deferred-${n}`,
    "CSeq: 7 INVITE",
    ...headers,
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body
  ].join("\r\n");
}

async function receive(text) {
  const before = bob.invitations.length;
  network.deliver("bob", text);
  await settle();
  expect(bob.invitations.length).toBe(before + 1);
  return bob.invitations[before];
}

const SDP = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";

// INVITEs whose headers take every path of the text reader: list headers split into entries,
// compact names, a folded value, an empty value, repeated unknown headers, non-ASCII text.
const CASES = {
  "plain with SDP": inviteText(["Contact: <sip:peer@peer.invalid;transport=ws>", "Content-Type: application/sdp"], SDP),
  "lists, compact names and a folded value": inviteText(
    [
      "v: SIP/2.0/WS proxy.invalid;branch=z9hG4bKsecond, SIP/2.0/WS third.invalid;branch=z9hG4bKthird",
      "m: <sip:peer@peer.invalid;transport=ws>;expires=30",
      "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
      "Subject: a subject\r\n  folded onto a second line",
      "X-Empty:",
      "X-Twice: one",
      "X-Twice: two",
      "k: timer, 100rel",
      "c: application/sdp"
    ],
    SDP
  ),
  "non-ASCII display name and header": inviteText(
    ["Contact: \"Zoë\" <sip:peer@peer.invalid>", "X-Note: café ☕"],
    ""
  ),
  "Refer-To and Replaces-free extras": inviteText(
    ["Contact: <sip:peer@peer.invalid>", "Refer-To: <sip:carol@example.com>", "Allow: INVITE, ACK, BYE"],
    ""
  )
};

// The fields and header values a full parse gives, as comparable text.
function fieldsOf(message) {
  const text = (v) => (v === undefined ? undefined : String(v));
  return {
    ruri: text(message.ruri),
    from: text(message.from),
    fromTag: message.fromTag,
    to: text(message.to),
    toTag: message.toTag,
    callId: message.callId,
    cseq: message.cseq,
    viaHost: message.via && message.via.host,
    viaBranch: message.viaBranch,
    referTo: text(message.referTo)
  };
}

function headersOf(message) {
  return Object.fromEntries(Object.entries(message.headers).map(([name, values]) => [name, values.map((v) => v.raw)]));
}

describe("Invitation.request read from the core's text", () => {
  for (const [label, text] of Object.entries(CASES)) {
    test(`${label}: headers first, then the parsed fields, as Parser.parseMessage has them`, async () => {
      const invitation = await receive(text);
      const request = invitation.request;
      const full = Parser.parseMessage(request.data);
      expect(full).toBeDefined();
      expect(request).toBeInstanceOf(Core.IncomingRequestMessage);
      // Headers, method, body and data before anything parsed was read (and nothing parsed yet).
      expect(Object.prototype.hasOwnProperty.call(request, "from")).toBe(false);
      expect(request.method).toBe("INVITE");
      expect(request.body).toBe(full.body);
      expect(request.data).toBe(full.data);
      expect(headersOf(request)).toEqual(headersOf(full));
      for (const name of Object.keys(full.headers)) {
        expect(request.getHeader(name)).toBe(full.getHeader(name));
        expect(request.getHeaders(name)).toEqual(full.getHeaders(name));
      }
      // The parsed fields, then the parsed header values, which are the same objects.
      expect(fieldsOf(request)).toEqual(fieldsOf(full));
      expect(request.parseHeader("from")).toBe(request.from);
      expect(request.parseHeader("to")).toBe(request.to);
      expect(String(request.parseHeader("contact"))).toBe(String(full.parseHeader("contact")));
      expect(Object.keys(request)).toEqual(expect.arrayContaining(Object.keys(full)));
    });
  }

  test("the text as received: compact names spelled out, list values one entry each", async () => {
    const request = (await receive(CASES["lists, compact names and a folded value"])).request;
    expect(request.getHeaders("Via")).toHaveLength(3);
    expect(request.getHeaders("Record-Route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
    expect(request.getHeader("Contact")).toBe("<sip:peer@peer.invalid;transport=ws>;expires=30");
    expect(request.getHeader("Supported")).toBe("timer, 100rel");
    expect(request.getHeader("Subject")).toBe("a subject\r\n  folded onto a second line");
    expect(request.getHeader("X-Empty")).toBe("");
    expect(request.getHeaders("X-Twice")).toEqual(["one", "two"]);
    const other = (await receive(CASES["non-ASCII display name and header"])).request;
    expect(other.getHeader("X-Note")).toBe("café ☕");
    expect(other.from.displayName).toBe("Peer");
  });

  test("a parsed header value read first fills in the fields too", async () => {
    const request = (await receive(CASES["plain with SDP"])).request;
    const contact = request.parseHeader("contact");
    expect(String(contact.uri)).toBe("sip:peer@peer.invalid;transport=ws");
    expect(request.fromTag).toMatch(/^from\d+$/);
    expect(request.parseHeader("from")).toBe(request.from);
  });

  test("a field assigned before any is read keeps the assigned value; the others are parsed", async () => {
    const request = (await receive(CASES["plain with SDP"])).request;
    request.callId = "changed";
    request.from = "not a name-addr";
    expect(request.callId).toBe("changed");
    expect(request.from).toBe("not a name-addr");
    expect(String(request.ruri)).toBe("sip:bob@example.com");
    expect(request.cseq).toBe(7);
  });

  test("the invitation's identities and body come from the same message", async () => {
    const invitation = await receive(CASES["plain with SDP"]);
    expect(invitation.remoteIdentity).toBe(invitation.request.from);
    expect(invitation.localIdentity).toBe(invitation.request.to);
    expect(invitation.remoteIdentity.friendlyName).toBe("Peer");
    expect(invitation.body).toBe(SDP);
  });
});
