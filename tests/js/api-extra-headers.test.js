// The application's extraHeaders (js/api/extra-headers.js): a wrong entry is a TypeError naming it,
// thrown before anything is sent or changes state, wherever extraHeaders are taken (constructors,
// request options, response options); CRLF-joined entries go out as separate header lines and
// folded ones unfolded. sip.js writes every entry verbatim, so its wrong entries became malformed
// messages on the wire.
import { Inviter, Messager, Registerer, Subscriber, Publisher, SessionState, UserAgent } from "../../lib/api/index.js";
import { DOMAIN, establishedCall, headerOf, headersOf, makeUserAgent, settle, startCall, useSipNetwork } from "./support/session-harness.js";

let network;
let alice;
let bob;
useSipNetwork((n) => {
  network = n;
  alice = makeUserAgent(n, "alice");
  bob = makeUserAgent(n, "bob");
  return [alice, bob];
});

const bobUri = () => UserAgent.makeURI(`sip:bob@${DOMAIN}`);
const lastRequest = (method) => network.requests(method).at(-1).text;

// Each with the reason the error gives.
const WRONG = [
  [["no colon"], /"no colon": expected "Name: value"/],
  [[""], /"": expected "Name: value"/],
  [["Bad Name: x"], /"Bad Name: x": expected "Name: value" with a token/],
  [["X-A: 1\nX-B: 2"], /CR, LF and NUL may only appear as CRLF between lines/],
  [["X-A: 1\r\n"], /expected "Name: value"/],
  [[" X-A: 1"], /starts with white space/],
  [[42], /42: expected a "Name: value" string/],
  [["Content-Length: 99"], /Content-Length is written by the stack/],
  [["l: 99"], /Content-Length is written by the stack/],
  [["Via: SIP/2.0/WSS evil.invalid"], /Via is written by the stack/],
  [["i: other-call-id"], /Call-ID is written by the stack/],
  [["CSeq: 1 MESSAGE"], /CSeq is written by the stack/],
  [["X-Ok: 1\r\nFrom: <sip:mallory@example.com>"], /From is written by the stack/],
  [["Max-Forwards: 1"], /Max-Forwards is written by the stack/]
];

describe("extraHeaders are checked before anything is sent", () => {
  test.each(WRONG)("Messager refuses %j and sends nothing", (extraHeaders, reason) => {
    expect(() => new Messager(alice, bobUri(), "hi", "text/plain", { extraHeaders })).toThrow(TypeError);
    expect(() => new Messager(alice, bobUri(), "hi", "text/plain", { extraHeaders })).toThrow(reason);
    expect(network.requests("MESSAGE")).toHaveLength(0);
  });

  test("an extraHeaders that is not an array is refused", () => {
    expect(() => new Messager(alice, bobUri(), "hi", "text/plain", { extraHeaders: "X-A: 1" })).toThrow(
      new TypeError('Invalid extraHeaders: expected an array of "Name: value" strings.')
    );
  });

  test("CRLF-joined entries go out as separate lines, folded ones unfolded, the rest as given", async () => {
    const extraHeaders = ["X-A: 1\r\nX-B: 2", "X-Folded: one\r\n  two", "Route: <sip:proxy.example.com;lr>", "x-lower:  v "];
    await new Messager(alice, bobUri(), "hi", "text/plain", { extraHeaders }).message();
    await settle();
    const text = lastRequest("MESSAGE");
    expect(headerOf(text, "X-A")).toBe("1");
    expect(headerOf(text, "X-B")).toBe("2");
    expect(headerOf(text, "X-Folded")).toBe("one two");
    expect(headersOf(text, "Route")).toEqual(["<sip:proxy.example.com;lr>"]);
    expect(headerOf(text, "x-lower")).toBe("v");
    expect(headersOf(text, "Content-Length")).toHaveLength(1);
  });

  test("Inviter: the constructor and cancel() refuse a wrong entry; the INVITE is not sent", async () => {
    expect(() => new Inviter(alice, bobUri(), { extraHeaders: ["Call-ID: x"] })).toThrow(/Call-ID is written by the stack/);
    expect(network.requests("INVITE")).toHaveLength(0);
    const { inviter } = await startCall(alice, bob);
    expect(() => inviter.cancel({ extraHeaders: ["Reason SIP;cause=487"] })).toThrow(TypeError);
    expect(inviter.state).toBe(SessionState.Establishing);
    expect(network.requests("CANCEL")).toHaveLength(0);
    await inviter.cancel({ extraHeaders: ['Reason: SIP;cause=487;text="Gone"'] });
    await settle();
    expect(headerOf(lastRequest("CANCEL"), "Reason")).toBe('SIP;cause=487;text="Gone"');
  });

  test("Invitation: reject() with a wrong entry throws and leaves it answerable", async () => {
    const { invitation } = await startCall(alice, bob);
    expect(() => invitation.reject({ extraHeaders: ["Content-Length: 0"] })).toThrow(/Content-Length/);
    expect(invitation.state).toBe(SessionState.Initial);
    expect(network.responses(486, "INVITE")).toHaveLength(0);
    await invitation.reject({ statusCode: 486, extraHeaders: ["X-Why: busy"] });
    await settle();
    expect(headerOf(network.responses(486, "INVITE")[0].text, "X-Why")).toBe("busy");
  });

  test("Session: bye() with a wrong requestOptions entry throws, sends no BYE and stays established", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const delegatesBefore = inviter._area.delegates.size;
    const requestDelegate = { onAccept: () => {} };
    expect(() =>
      inviter.bye({ requestDelegate, requestOptions: { extraHeaders: ["To: <sip:carol@example.com>"] } })
    ).toThrow(/Invalid requestOptions\.extraHeaders entry "To: <sip:carol@example\.com>": To is written by the stack/);
    expect(() =>
      inviter.invite({ requestDelegate, sessionDescriptionHandlerOptions: { hold: true }, requestOptions: { extraHeaders: ["f: x"] } })
    ).toThrow(/From is written by the stack/);
    expect(inviter.state).toBe(SessionState.Established);
    expect(inviter.sessionDescriptionHandlerOptionsReInvite).not.toEqual({ hold: true });
    expect(inviter._area.delegates.size).toBe(delegatesBefore);
    expect(network.requests("BYE")).toHaveLength(0);
    expect(network.requests("INVITE")).toHaveLength(1);
    await inviter.bye({ requestOptions: { extraHeaders: ["X-End: 1"] } });
    await settle();
    expect(headerOf(lastRequest("BYE"), "X-End")).toBe("1");
  });

  test("Registerer: the constructor and register() refuse a wrong entry; register() keeps its options", async () => {
    expect(() => new Registerer(alice, { extraHeaders: ["broken"] })).toThrow(TypeError);
    const registerer = new Registerer(alice, { extraHeaders: ["X-Device: phone"] });
    expect(() => registerer.register({ requestOptions: { extraHeaders: ["v: SIP/2.0/WSS x.invalid"] } })).toThrow(
      /Via is written by the stack/
    );
    expect(registerer.options.extraHeaders).toEqual(["X-Device: phone"]);
    expect(network.requests("REGISTER")).toHaveLength(0);
    expect(() => registerer.unregister({ requestOptions: { extraHeaders: [7] } })).toThrow(TypeError);
    await registerer.dispose();
  });

  test("Subscriber and Publisher refuse a wrong entry in their options", () => {
    expect(() => new Subscriber(alice, bobUri(), "presence", { extraHeaders: ["Expires 60"] })).toThrow(TypeError);
    expect(() => new Publisher(alice, bobUri(), "presence", { extraHeaders: ["CSeq: 9 PUBLISH"] })).toThrow(/CSeq/);
    expect(network.requests("SUBSCRIBE")).toHaveLength(0);
    expect(network.requests("PUBLISH")).toHaveLength(0);
  });

  test("an incoming MESSAGE answered with a wrong entry throws and can still be answered", async () => {
    const answered = [];
    bob.delegate.onMessage = (message) => {
      let error;
      try {
        message.accept({ extraHeaders: ["no colon"] });
      } catch (e) {
        error = e;
      }
      message.accept({ extraHeaders: ["X-Seen: yes"] });
      answered.push(error);
    };
    await new Messager(alice, bobUri(), "hi").message();
    await settle();
    expect(answered).toHaveLength(1);
    expect(answered[0]).toBeInstanceOf(TypeError);
    const ok = network.responses(200, "MESSAGE");
    expect(ok).toHaveLength(1);
    expect(headerOf(ok[0].text, "X-Seen")).toBe("yes");
  });
});
