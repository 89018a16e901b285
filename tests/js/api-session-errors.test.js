// Calls made in the wrong state, or with bad arguments, on Session / Inviter / Invitation: the
// exact exception SIP.js 0.21.2 gives (class and message), whether it is thrown or the promise
// rejects, and that nothing goes on the wire and no state changes because of it.
import { Inviter, RequestPendingError, SessionState, SessionTerminatedError, UserAgent } from "../../lib/index.js";
import {
  establishedCall,
  makeUserAgent,
  recordStates,
  settle,
  startCall,
  stopAll,
  useSipNetwork
} from "./support/session-harness.js";

const { Establishing, Established, Terminated } = SessionState;

let network;
let alice;
let bob;

let agents;

useSipNetwork((made) => {
  network = made;
  alice = makeUserAgent(network, "alice");
  bob = makeUserAgent(network, "bob");
  agents = [alice, bob];
  return agents;
});

const bobUri = () => UserAgent.makeURI("sip:bob@example.com");

/** The rejection of `promise` (fails the test when it resolves). */
async function rejectionOf(promise) {
  expect(promise).toBeInstanceOf(Promise);
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
/** The exception `f()` throws synchronously (fails the test when it does not). */
function thrownBy(f) {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a synchronous throw");
}
function expectInvalidState(error, state) {
  expect(error.constructor).toBe(Error);
  expect(error.message).toBe(`Invalid session state ${state}`);
}
// Sends of requests that change nothing: the wire stays as it was.
async function expectRejectedWithoutEffect(session, call, state) {
  const before = network.log.length;
  const stateBefore = session.state;
  expectInvalidState(await rejectionOf(call()), state);
  await settle();
  expect(network.log.length).toBe(before);
  expect(session.state).toBe(stateBefore);
}

const referTarget = () => UserAgent.makeURI("sip:carol@example.com");
const requestCalls = {
  bye: (s) => s.bye(),
  info: (s) => s.info(),
  message: (s) => s.message(),
  refer: (s) => s.refer(referTarget())
};

describe("Session requests outside Established reject with Error('Invalid session state <state>')", () => {
  for (const [name, call] of Object.entries(requestCalls)) {
    test(`${name}() on an Inviter in Initial`, async () => {
      const inviter = new Inviter(alice, bobUri());
      await expectRejectedWithoutEffect(inviter, () => call(inviter), "Initial");
      await inviter.dispose();
    });

    test(`${name}() on an Inviter in Establishing and an Invitation in Initial`, async () => {
      const { inviter, invitation } = await startCall(alice, bob);
      expect(inviter.state).toBe(Establishing);
      await expectRejectedWithoutEffect(inviter, () => call(inviter), "Establishing");
      await expectRejectedWithoutEffect(invitation, () => call(invitation), "Initial");
      await inviter.cancel();
      await settle();
    });

    test(`${name}() on both sides once Terminated`, async () => {
      const { inviter, invitation } = await establishedCall(alice, bob);
      await inviter.bye();
      await settle();
      await expectRejectedWithoutEffect(inviter, () => call(inviter), "Terminated");
      await expectRejectedWithoutEffect(invitation, () => call(invitation), "Terminated");
    });
  }

  test("invite() (re-INVITE) on an Inviter in Establishing, and on ended sessions", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    await expectRejectedWithoutEffect(inviter, () => inviter.invite(), "Establishing");
    await expectRejectedWithoutEffect(invitation, () => invitation.invite(), "Initial");
    await invitation.reject();
    await settle();
    await expectRejectedWithoutEffect(inviter, () => inviter.invite(), "Terminated");
    await expectRejectedWithoutEffect(invitation, () => invitation.invite(), "Terminated");
  });

  test("bye() on an Invitation in Establishing (accept() waiting for the SDH)", async () => {
    const { invitation } = await startCall(alice, bob);
    const accepting = invitation.accept();
    expect(invitation.state).toBe(Establishing);
    expectInvalidState(await rejectionOf(invitation.bye()), "Establishing");
    await accepting;
    await settle();
    expect(invitation.state).toBe(Established);
  });

  test("refer(session) to a session without a dialog names the referrer's state (as SIP.js does)", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const pending = new Inviter(alice, UserAgent.makeURI("sip:carol@example.com"));
    await expectRejectedWithoutEffect(inviter, () => inviter.refer(pending), "Established");
    await pending.dispose();
  });
});

describe("Inviter.cancel()", () => {
  test("once Established or Terminated rejects with Error('Invalid session state <state>')", async () => {
    const { inviter } = await establishedCall(alice, bob);
    await expectRejectedWithoutEffect(inviter, () => inviter.cancel(), "Established");
    await inviter.bye();
    await expectRejectedWithoutEffect(inviter, () => inviter.cancel(), "Terminated");
  });

  test("a second cancel() (Terminating) rejects", async () => {
    const { inviter } = await startCall(alice, bob);
    await inviter.cancel();
    expect(inviter.state).toBe(SessionState.Terminating);
    expectInvalidState(await rejectionOf(inviter.cancel()), "Terminating");
    await settle();
    expect(network.requests("CANCEL")).toHaveLength(1);
  });

  test.each([150, 199, 700])("statusCode %i with a reason phrase throws TypeError synchronously; no CANCEL", async (code) => {
    const { inviter } = await startCall(alice, bob);
    const error = thrownBy(() => inviter.cancel({ statusCode: code, reasonPhrase: "Nope" }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`Invalid statusCode: ${code}`);
    await settle();
    expect(network.requests("CANCEL")).toHaveLength(0);
    // SIP.js moves to Terminating before it validates the code, and stays there without a
    // CANCEL; here the call is refused before anything changes and can still be canceled.
    expect(inviter.state).toBe(Establishing);
    await inviter.cancel();
    await settle();
  });
});

describe("Invitation.accept() / progress() / reject()", () => {
  test("accept() twice: the second rejects while the first is Establishing, and once Established", async () => {
    const { invitation } = await startCall(alice, bob);
    const first = invitation.accept();
    expectInvalidState(await rejectionOf(invitation.accept()), "Establishing");
    await first;
    expectInvalidState(await rejectionOf(invitation.accept()), "Established");
    await settle();
    expect(network.responses(200, "INVITE")).toHaveLength(1);
  });

  test("progress() after accept() rejects", async () => {
    const { invitation } = await startCall(alice, bob);
    const accepting = invitation.accept();
    expectInvalidState(await rejectionOf(invitation.progress()), "Establishing");
    await accepting;
    expectInvalidState(await rejectionOf(invitation.progress()), "Established");
  });

  test("reject() once Established or Terminated rejects", async () => {
    const { inviter, invitation } = await establishedCall(alice, bob);
    expectInvalidState(await rejectionOf(invitation.reject()), "Established");
    await inviter.bye();
    await settle();
    expectInvalidState(await rejectionOf(invitation.reject()), "Terminated");
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).filter((m) => m.status >= 300)).toEqual([]);
  });

  test("accept() after a CANCEL rejects with Terminated", async () => {
    const { inviter, invitation } = await startCall(alice, bob);
    await inviter.cancel();
    await settle();
    expectInvalidState(await rejectionOf(invitation.accept()), "Terminated");
    expectInvalidState(await rejectionOf(invitation.reject()), "Terminated");
  });

  test.each([[99], [200], [486]])("progress({ statusCode: %i }) throws TypeError synchronously", async (code) => {
    const { invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const error = thrownBy(() => invitation.progress({ statusCode: code }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`Invalid statusCode: ${code}`);
    await settle();
    expect(states).toEqual([]);
    await invitation.reject();
    await settle();
  });

  test.each([[100], [200], [299], [700]])("reject({ statusCode: %i }) throws TypeError synchronously", async (code) => {
    const { invitation } = await startCall(alice, bob);
    const states = recordStates(invitation);
    const error = thrownBy(() => invitation.reject({ statusCode: code }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`Invalid statusCode: ${code}`);
    await settle();
    expect(states).toEqual([]);
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).map((m) => m.status)).toEqual([100, 180]);
    await invitation.reject();
    await settle();
  });
});

describe("Inviter construction", () => {
  test("a params.fromUri / toUri that is not a URI throws TypeError (SIP.js's message)", () => {
    const from = thrownBy(() => new Inviter(alice, bobUri(), { params: { fromUri: "not a uri" } }));
    expect(from).toBeInstanceOf(TypeError);
    expect(from.message).toBe("Invalid from URI: not a uri");
    const to = thrownBy(() => new Inviter(alice, bobUri(), { params: { toUri: "nope" } }));
    expect(to).toBeInstanceOf(TypeError);
    expect(to.message).toBe("Invalid to URI: nope");
    expect(Object.keys(alice._sessions)).toEqual([]);
  });
});

describe("RequestPendingError", () => {
  test("a second re-INVITE while one is pending rejects with RequestPendingError; nothing more is sent", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const invites = network.hold((m) => m.method === "INVITE");
    await inviter.invite();
    expect(invites.held).toHaveLength(1);
    const error = await rejectionOf(inviter.invite());
    expect(error).toBeInstanceOf(RequestPendingError);
    expect(error.message).toBe("Reinvite in progress. Please wait until complete, then try again.");
    // withoutSdp re-INVITEs are refused the same way.
    expect(await rejectionOf(inviter.invite({ withoutSdp: true }))).toBeInstanceOf(RequestPendingError);
    expect(network.requests("INVITE")).toHaveLength(2);
    invites.release();
    await settle();
    // Once the first one completed, the next one goes.
    await inviter.invite();
    await settle();
    expect(network.requests("INVITE")).toHaveLength(3);
    expect(network.responses(200, "INVITE")).toHaveLength(3);
  });

  test("a re-INVITE whose offer failed does not stay pending", async () => {
    const { inviter } = await establishedCall(alice, bob);
    const failure = new Error("renegotiation failed (fake SDH)");
    inviter.sessionDescriptionHandler.failGet = failure;
    expect(await rejectionOf(inviter.invite())).toBe(failure);
    await inviter.invite();
    await settle();
    expect(network.requests("INVITE")).toHaveLength(2);
    expect(inviter.state).toBe(Established);
  });
});

describe("SessionTerminatedError", () => {
  // A reliable 183 whose PRACK the network holds back; accept() then has to wait for it.
  async function acceptWaitingForPrack() {
    await stopAll(alice, bob);
    alice = makeUserAgent(network, "alice", { sipExtension100rel: "Supported" });
    bob = makeUserAgent(network, "bob", { sipExtension100rel: "Supported" });
    agents.push(alice, bob); // stopped after the test with the first two
    await alice.start();
    await bob.start();
    const { inviter, invitation } = await startCall(alice, bob);
    const pracks = network.hold((m) => m.method === "PRACK");
    const progress = invitation.progress({ statusCode: 183, rel100: true });
    progress.catch(() => undefined);
    await settle();
    expect(pracks.held).toHaveLength(1);
    const accepting = invitation.accept();
    await settle();
    expect(network.responses(200, "INVITE")).toHaveLength(0);
    return { inviter, invitation, pracks, accepting };
  }

  test("accept() waiting for a PRACK rejects with it when the invitation is disposed (480 sent)", async () => {
    const { inviter, invitation, pracks, accepting } = await acceptWaitingForPrack();
    await invitation.dispose();
    const error = await rejectionOf(accepting);
    expect(error).toBeInstanceOf(SessionTerminatedError);
    expect(error.message).toBe("The session has terminated.");
    expect(invitation.state).toBe(Terminated);
    await settle();
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).at(-1).status).toBe(480);
    expect(inviter.state).toBe(Terminated);
    pracks.release();
    await settle();
  });

  test("...but when a CANCEL ended it, accept() resolves (SIP.js squelches errors after a CANCEL)", async () => {
    const { inviter, invitation, pracks, accepting } = await acceptWaitingForPrack();
    await inviter.cancel();
    await settle();
    await expect(accepting).resolves.toBeUndefined();
    expect(invitation.state).toBe(Terminated);
    expect(network.messages({ request: false, cseqMethod: "INVITE" }).at(-1).status).toBe(487);
    pracks.release();
    await settle();
  });
});
