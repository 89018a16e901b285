// Drives complete calls between two UserAgents of one package through its public API only
// (UserAgent, Inviter, Invitation, Session), over a MemoryNetwork with static SDP. The same code
// drives sip.js 0.21.2 and ours.
import { MemoryNetwork, MemoryTransport } from "./memory-transport.mjs";
import { staticSessionDescriptionHandlerFactory } from "./static-sdh.mjs";

const realSetTimeout = globalThis.setTimeout;  // the harness's own timeouts stay real under a virtual clock
const realClearTimeout = globalThis.clearTimeout;

export const REQUIRED_EXPORTS = ["UserAgent", "Inviter", "SessionState"];

/** Rejects after `ms` of real time with `what` unless `promise` settles first. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = realSetTimeout(() => reject(new Error(`${what}: no completion after ${ms} ms`)), ms);
    }),
  ]).finally(() => realClearTimeout(timer));
}

/**
 * Two started UserAgents, alice (caller) and bob (callee, accepts every INVITE), on one network.
 * `call()` makes one complete call (INVITE, 200, ACK, BYE, 200) and resolves when the caller got the
 * 200 to its BYE and the callee's session is Terminated. `establish()` resolves when both sides are
 * Established, to a function that hangs the call up (and resolves like `call()`).
 */
export async function makeCallPair(api, { logErrors } = {}) {
  const { UserAgent, Inviter, SessionState } = api;
  const network = new MemoryNetwork();
  const errors = [];
  const logConnector = (level, category, label, content) => {
    if (level === "error" && errors.length < 5) errors.push(`${category}: ${content}`);
  };
  const common = {
    transportConstructor: MemoryTransport,
    sessionDescriptionHandlerFactory: staticSessionDescriptionHandlerFactory,
    logLevel: "error",
    logBuiltinEnabled: !!logErrors,
    logConnector,
  };
  // Calls are matched across the two ends by a header of our own rather than by Call-ID, so that the
  // harness reads nothing of the Inviter but its state.
  const calleeEnds = new Map();  // X-Bench-Call -> { established(), terminated(), byeAccepted(), fail() }
  let nextCall = 1;
  // The caller's receipt of the 200 to its BYE is seen on the wire, the same way for both packages
  // (a Session.bye() request delegate is not needed for it): an INVITE going to bob maps its Call-ID
  // to our call number; a 200 for a BYE reaching alice ends that call's exchange.
  const callOfCallId = new Map();
  const headerValue = (message, name) => {
    const at = message.indexOf(`\r\n${name}:`);
    if (at < 0) return undefined;
    const end = message.indexOf("\r\n", at + 2);
    return message.slice(at + name.length + 3, end).trim();
  };
  network.observer = (to, message) => {
    if (to === "bob" && message.startsWith("INVITE ")) {
      const call = headerValue(message, "X-Bench-Call");
      if (call) callOfCallId.set(headerValue(message, "Call-ID"), call);
    } else if (to === "alice" && message.startsWith("SIP/2.0 200") && /\r\nCSeq:\s*\d+\s+BYE\r\n/i.test(message)) {
      const callIdHeader = headerValue(message, "Call-ID");
      const ends = calleeEnds.get(callOfCallId.get(callIdHeader));
      callOfCallId.delete(callIdHeader);
      if (ends) ends.byeAccepted();
    }
  };

  const bob = new UserAgent({
    ...common,
    uri: UserAgent.makeURI("sip:bob@example.com"),
    transportOptions: { network, address: "bob", peer: "alice" },
    delegate: {
      onInvite(invitation) {
        const ends = calleeEnds.get(invitation.request.getHeader("X-Bench-Call"));
        invitation.stateChange.addListener((state) => {
          if (!ends) return;
          if (state === SessionState.Established) ends.established();
          else if (state === SessionState.Terminated) ends.terminated();
        });
        invitation.accept().catch((error) => ends && ends.fail(error));
      },
    },
  });
  const alice = new UserAgent({
    ...common,
    uri: UserAgent.makeURI("sip:alice@example.com"),
    transportOptions: { network, address: "alice", peer: "bob" },
  });
  await bob.start();
  await alice.start();
  const target = UserAgent.makeURI("sip:bob@example.com");

  // One call; `hold` keeps it open once established and resolves to its hang-up function instead.
  // A call that does not complete within `timeoutMs` (real time) fails, saying how far it got.
  function run(hold, timeoutMs = 10000) {
    return new Promise((resolveCall, rejectCall) => {
      const callId = String(nextCall++);
      const inviter = new Inviter(alice, target, { extraHeaders: [`X-Bench-Call: ${callId}`] });
      const progress = [];
      let timer = realSetTimeout(() => {
        fail(new Error(`a call did not complete in ${timeoutMs} ms (call ${callId}; got: ${progress.join(", ") || "nothing"})`));
      }, timeoutMs);
      const resolve = (value) => {
        realClearTimeout(timer);
        resolveCall(value);
      };
      const reject = (error) => {
        realClearTimeout(timer);
        rejectCall(error);
      };
      let calleeEstablished = false;
      let callerEstablished = false;
      let calleeTerminated = false;
      let callerByeAccepted = false;
      let hungUp;
      const fail = (error) => {
        calleeEnds.delete(callId);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const hangUp = () =>
        new Promise((resolveHangUp, rejectHangUp) => {
          progress.push("caller: bye()");
          hungUp = { resolve: resolveHangUp, reject: rejectHangUp };
          if (hold) realClearTimeout(timer);  // the held call's time limit restarts at hang-up
          if (hold) timer = realSetTimeout(() => hungUp.reject(new Error(`a hang-up did not complete (got: ${progress.join(", ")})`)), timeoutMs);
          inviter.bye().catch((error) => hungUp.reject(error));
        });
      const check = () => {
        if (!hungUp && callerEstablished && calleeEstablished) {
          if (hold) resolve(hangUp);
          else hangUp().then(resolve, reject);
        }
        if (hungUp && callerByeAccepted && calleeTerminated) {
          calleeEnds.delete(callId);
          realClearTimeout(timer);
          hungUp.resolve();
        }
      };
      calleeEnds.set(callId, {
        established: () => {
          progress.push("callee: Established");
          calleeEstablished = true;
          check();
        },
        byeAccepted: () => {
          progress.push("caller: 200 to BYE received");
          callerByeAccepted = true;
          check();
        },
        terminated: () => {
          progress.push("callee: Terminated");
          calleeTerminated = true;
          if (!hungUp) fail(new Error("callee session terminated before the BYE"));
          else check();
        },
        fail,
      });
      inviter.stateChange.addListener((state) => {
        progress.push(`caller: ${state}`);
        if (state === SessionState.Established) {
          callerEstablished = true;
          check();
        } else if (state === SessionState.Terminated && !hungUp) {
          fail(new Error("caller session terminated before it was established"));
        }
      });
      inviter
        .invite({
          requestDelegate: {
            onReject: (response) => fail(new Error(`INVITE rejected: ${response.message.statusCode}`)),
          },
        })
        .catch(fail);
    });
  }

  return {
    network,
    errors,
    call: (timeoutMs) => run(false, timeoutMs),
    establish: (timeoutMs) => run(true, timeoutMs),
    async stop() {
      await alice.stop();
      await bob.stop();
    },
  };
}

/**
 * Completed calls per second over `ms` of real time with `concurrency` calls in flight: a new call
 * starts as soon as one ends. A call that fails or does not complete within `callTimeoutMs` is
 * counted as lost (it is not a completed call) and the run goes on, unless more than `maxLost` are
 * lost. Resolves to `{ rate, completed, lost, firstLoss }`.
 */
export function callRate(pair, concurrency, ms, { callTimeoutMs = 2000, maxLost = 20 } = {}) {
  return new Promise((resolve, reject) => {
    let completed = 0;
    let lost = 0;
    let firstLoss;
    let inFlight = 0;
    let stopped = false;
    const start = performance.now();
    const end = start + ms;
    const settled = () => {
      inFlight--;
      if (stopped) return;
      if (performance.now() < end) startOne();
      else if (inFlight === 0) {
        stopped = true;
        resolve({ rate: completed / ((performance.now() - start) / 1000), completed, lost, firstLoss });
      }
    };
    const startOne = () => {
      inFlight++;
      pair.call(callTimeoutMs).then(
        () => {
          completed++;
          settled();
        },
        (error) => {
          lost++;
          if (!firstLoss) firstLoss = error;
          if (lost > maxLost && !stopped) {
            stopped = true;
            reject(new Error(`more than ${maxLost} calls lost; the first: ${error.message}`));
            return;
          }
          settled();
        }
      );
    };
    for (let i = 0; i < concurrency; i++) startOne();
  });
}
