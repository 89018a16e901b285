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
  const calleeEnds = new Map();  // Call-ID -> { established(), terminated() }

  const bob = new UserAgent({
    ...common,
    uri: UserAgent.makeURI("sip:bob@example.com"),
    transportOptions: { network, address: "bob", peer: "alice" },
    delegate: {
      onInvite(invitation) {
        const ends = calleeEnds.get(invitation.request.callId);
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
      const inviter = new Inviter(alice, target);
      const progress = [];
      let timer = realSetTimeout(() => {
        fail(new Error(`a call did not complete in ${timeoutMs} ms (Call-ID ${callId}; got: ${progress.join(", ") || "nothing"})`));
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
          inviter
            .bye({
              requestDelegate: {
                onAccept: () => {
                  progress.push("caller: BYE accepted");
                  callerByeAccepted = true;
                  check();
                },
                onReject: (response) => hungUp.reject(new Error(`BYE rejected: ${response.message.statusCode}`)),
              },
            })
            .catch((error) => hungUp.reject(error));
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
      const callId = inviter.request.callId;
      calleeEnds.set(callId, {
        established: () => {
          progress.push("callee: Established");
          calleeEstablished = true;
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
 * starts as soon as one ends. Rejects on the first failed call.
 */
export function callRate(pair, concurrency, ms, callTimeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    let completed = 0;
    let inFlight = 0;
    let failed = false;
    const start = performance.now();
    const end = start + ms;
    const startOne = () => {
      inFlight++;
      pair.call(callTimeoutMs).then(
        () => {
          inFlight--;
          completed++;
          if (failed) return;
          if (performance.now() < end) startOne();
          else if (inFlight === 0) resolve(completed / ((performance.now() - start) / 1000));
        },
        (error) => {
          if (!failed) {
            failed = true;
            reject(error);
          }
        }
      );
    };
    for (let i = 0; i < concurrency; i++) startOne();
  });
}
