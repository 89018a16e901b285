// Requests inside an established session (BYE, INFO, MESSAGE) in both directions, with request
// options and request delegates, the default answers when the application has no delegate, and
// MESSAGE outside any dialog between two user agents (Messager to the UserAgent delegate).
import { Info, Message, Messager, SessionState, UserAgent } from "../../lib/index.js";
import {
  establishedCall,
  headerOf,
  makeUserAgent,
  settle,
  tagOf,
  useSipNetwork
} from "./support/session-harness.js";

let network;
let alice;
let bob;
let uaMessages;

useSipNetwork((made) => {
  network = made;
  uaMessages = [];
  alice = makeUserAgent(network, "alice");
  bob = makeUserAgent(network, "bob", { delegate: { onMessage: (message) => uaMessages.push(message) } });
  return [alice, bob];
});

const afterSetup = () => network.log.slice(5);

// A request delegate that records which callbacks ran with which status codes.
function recorder() {
  const heard = [];
  const delegate = {};
  for (const name of ["onAccept", "onProgress", "onRedirect", "onReject", "onTrying"]) {
    delegate[name] = (response) => heard.push(`${name}:${response.message.statusCode}`);
  }
  return { heard, delegate };
}

function expectInDialog(entry, session) {
  expect(headerOf(entry.text, "Call-ID")).toBe(session.dialog.callId);
  expect(tagOf(headerOf(entry.text, "From"))).toBe(session.dialog.localTag);
  expect(tagOf(headerOf(entry.text, "To"))).toBe(session.dialog.remoteTag);
  expect(entry.ruri).toBe(session.dialog.remoteTarget.toString());
}

describe("INFO", () => {
  test("caller to callee: body and headers arrive, the callee's accept() reaches onAccept", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const infos = [];
    invitation.delegate = { onInfo: (info) => infos.push(info) };
    const { heard, delegate } = recorder();
    const sent = await inviter.info({
      requestDelegate: delegate,
      requestOptions: {
        extraHeaders: ["X-Info: dtmf"],
        body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=5\r\nDuration=160" }
      }
    });
    expect(sent.message.method).toBe("INFO");
    await settle();
    expect(infos).toHaveLength(1);
    expect(infos[0]).toBeInstanceOf(Info);
    const request = infos[0].request;
    expect(request.method).toBe("INFO");
    expect(request.body).toBe("Signal=5\r\nDuration=160");
    expect(request.getHeader("Content-Type")).toBe("application/dtmf-relay");
    expect(request.getHeader("X-Info")).toBe("dtmf");
    const [info] = afterSetup();
    expectInDialog(info, inviter);
    expect(headerOf(info.text, "CSeq")).toBe("2 INFO");
    // Nothing answered until the application does.
    expect(network.responses(200, "INFO")).toHaveLength(0);
    expect(heard).toEqual([]);
    await infos[0].accept({ extraHeaders: ["X-Answer: yes"] });
    await settle();
    const [ok] = network.responses(200, "INFO");
    expect(headerOf(ok.text, "X-Answer")).toBe("yes");
    expect(heard).toEqual(["onAccept:200"]);
    expect(inviter.state).toBe(SessionState.Established);
  });

  test("callee to caller, rejected with 415: onReject; the session goes on", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    inviter.delegate = { onInfo: (info) => info.reject({ statusCode: 415 }) };
    const { heard, delegate } = recorder();
    await invitation.info({ requestDelegate: delegate });
    await settle();
    const [info, answer] = afterSetup();
    expectInDialog(info, invitation);
    expect(answer.status).toBe(415);
    expect(heard).toEqual(["onReject:415"]);
    expect(invitation.state).toBe(SessionState.Established);
  });

  test("without an onInfo delegate the session answers 200 itself", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const { heard, delegate } = recorder();
    await inviter.info({ requestDelegate: delegate });
    await settle();
    expect(network.summary().slice(5)).toEqual(["alice>bob INFO", "bob>alice 200 INFO"]);
    expect(heard).toEqual(["onAccept:200"]);
  });
});

describe("MESSAGE in a dialog", () => {
  test("reaches the session's delegate (not the user agent's) and is answered by the application", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const messages = [];
    invitation.delegate = { onMessage: (message) => messages.push(message) };
    const { heard, delegate } = recorder();
    const sent = await inviter.message({
      requestDelegate: delegate,
      requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content: "hello, bob" } }
    });
    expect(sent.message.method).toBe("MESSAGE");
    await settle();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toBeInstanceOf(Message);
    expect(messages[0].request.body).toBe("hello, bob");
    expect(messages[0].request.getHeader("Content-Type")).toBe("text/plain");
    expect(uaMessages).toEqual([]);
    expectInDialog(afterSetup()[0], inviter);
    await messages[0].reject({ statusCode: 486 });
    await settle();
    expect(heard).toEqual(["onReject:486"]);
  });

  test("without a session delegate: 200 from the session, the user agent's delegate hears nothing", async () => {
    const { invitation } = await establishedCall(alice, bob);
    const { heard, delegate } = recorder();
    await invitation.message({
      requestDelegate: delegate,
      requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content: "hi" } }
    });
    await settle();
    expect(network.summary().slice(5)).toEqual(["bob>alice MESSAGE", "alice>bob 200 MESSAGE"]);
    expect(heard).toEqual(["onAccept:200"]);
    expect(uaMessages).toEqual([]);
  });
});

describe("MESSAGE outside a dialog, user agent to user agent", () => {
  test("Messager -> the callee's UserAgent delegate.onMessage; its answer reaches the request delegate", async () => {
    const { heard, delegate } = recorder();
    const messager = new Messager(alice, UserAgent.makeURI("sip:bob@example.com"), "are you there?");
    await messager.message({ requestDelegate: delegate });
    await settle();
    expect(uaMessages).toHaveLength(1);
    const request = uaMessages[0].request;
    expect(request.body).toBe("are you there?");
    expect(request.getHeader("Content-Type")).toBe("text/plain");
    expect(request.from.uri.user).toBe("alice");
    expect(request.toTag).toBeUndefined();
    await uaMessages[0].accept();
    await settle();
    expect(heard).toEqual(["onAccept:200"]);
    expect(network.summary()).toEqual(["alice>bob MESSAGE", "bob>alice 200 MESSAGE"]);
  });

  test("a user agent without onMessage accepts it; a call in progress does not take it", async () => {
    const { inviter } = await establishedCall(bob, alice);
    const messages = [];
    inviter.delegate = { onMessage: (m) => messages.push(m) };
    const { heard, delegate } = recorder();
    await new Messager(bob, UserAgent.makeURI("sip:alice@example.com"), "ping").message({ requestDelegate: delegate });
    await settle();
    expect(heard).toEqual(["onAccept:200"]);
    expect(messages).toEqual([]);
    const message = network.requests("MESSAGE")[0];
    expect(headerOf(message.text, "Call-ID")).not.toBe(inviter.dialog.callId);
    expect(tagOf(headerOf(message.text, "To"))).toBeUndefined();
  });
});

describe("BYE", () => {
  test("with extra headers and a request delegate; the callee's onBye sees them", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    const byes = [];
    invitation.delegate = { onBye: (bye) => byes.push(bye) };
    const { heard, delegate } = recorder();
    await inviter.bye({ requestDelegate: delegate, requestOptions: { extraHeaders: ["Reason: Q.850;cause=16"] } });
    await settle();
    expect(byes[0].request.getHeader("Reason")).toBe("Q.850;cause=16");
    expectInDialog(afterSetup()[0], inviter);
    await byes[0].accept();
    await settle();
    expect(heard).toEqual(["onAccept:200"]);
  });

  test("dispose() of an established session sends BYE and resolves once it is answered", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const answers = network.hold((m) => m.status === 200 && m.cseqMethod === "BYE");
    let done = false;
    const disposing = inviter.dispose().then(() => (done = true));
    await settle();
    expect(network.requests("BYE")).toHaveLength(1);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(done).toBe(false);
    answers.release();
    await settle();
    await disposing;
    expect(done).toBe(true);
  });
});
