// UserAgents of either package under Node (`ws` as the WebSocket), so that one scenario runs
// against sip.js 0.21.2 (the reference) and this package alike:
//
//   import { packages, makeUserAgent } from "./support/useragents.js";
//   describe.each(packages)("%s", (name, load) => {
//     test("...", async () => {
//       const SIP = await load();
//       const alice = await makeUserAgent(SIP, { user: "alice", server: kamailio.url });
//       ...
//       await alice.dispose();
//     });
//   });
//
// Every wait is bounded; dispose() stops the UserAgent and never throws.
import { users } from "./kamailio.js";
import { withTimeout } from "./util.js";

/** [name, load] pairs for describe.each: load() resolves to the package's root module. */
export const packages = [
  ["sip.js 0.21.2", () => import("sip.js")],
  ["sip-wasm", () => import("../../../lib/index.js")],
];

/**
 * A started UserAgent of package `SIP` for a kamailio.cfg user, plus bookkeeping:
 * { ua, SIP, user, aor, logs, messages (received MESSAGE bodies), wire (every message the
 *   transport sent or received: { out, text }), registerer?, register(opts), dispose() }. Options: user, server, password (the user's), register (false), logLevel
 * ("warn"), userAgentOptions (merged last), timeoutMs (8000 for each step).
 */
export async function makeUserAgent(SIP, { user, server, password, register = false, logLevel = "warn", userAgentOptions = {}, timeoutMs = 8000 }) {
  const known = users[user];
  const logs = [];
  const messages = [];
  const ua = new SIP.UserAgent({
    uri: SIP.UserAgent.makeURI(`sip:${user}@sipwasm.test`),
    transportOptions: { server, connectionTimeout: 5, traceSip: false },
    authorizationUsername: user,
    authorizationPassword: password ?? (known ? known.password : ""),
    logBuiltinEnabled: false,
    logLevel,
    logConnector: (level, category, label, content) => logs.push(`${level} ${category} ${content}`),
    delegate: {
      onMessage: (message) => {
        messages.push(message.request.body);
        message.accept().catch(() => undefined);
      },
    },
    ...userAgentOptions,
  });
  // Every SIP message the transport sent or received, in order: { out: boolean, text }.
  const wire = [];
  const transport = ua.transport;
  const send = transport.send;
  transport.send = function (text) {
    wire.push({ out: true, text });
    return send.call(this, text);
  };
  const onMessage = transport.onMessage;
  transport.onMessage = function (text) {
    wire.push({ out: false, text });
    return onMessage.call(this, text);
  };
  const handle = {
    ua,
    SIP,
    user,
    aor: `sip:${user}@sipwasm.test`,
    logs,
    messages,
    wire,
    registerer: undefined,
    /** Registers; resolves with the Registerer once its state is Registered (bounded). */
    async register(options = {}) {
      const registerer = handle.registerer || (handle.registerer = new SIP.Registerer(ua, options));
      if (registerer.state === SIP.RegistererState.Registered) return registerer;
      let listener;
      let rejectRegistered;
      const registered = new Promise((resolve, reject) => {
        rejectRegistered = reject;
        listener = (state) => {
          if (state === SIP.RegistererState.Registered) resolve();
          if (state === SIP.RegistererState.Terminated) reject(new Error("Registerer terminated"));
        };
        registerer.stateChange.addListener(listener);
      });
      try {
        const onReject = (response) => rejectRegistered(new Error(`REGISTER rejected: ${response.message.statusCode}`));
        await withTimeout(registerer.register({ requestDelegate: { onReject } }), timeoutMs, `${user}: register()`);
        await withTimeout(registered, timeoutMs, `${user}: Registered`);
      } finally {
        registerer.stateChange.removeListener(listener);
      }
      return registerer;
    },
    /** Unregisters (if registered) and stops; never throws. */
    async dispose() {
      try {
        if (handle.registerer && handle.registerer.state === SIP.RegistererState.Registered) {
          await withTimeout(handle.registerer.unregister(), timeoutMs, `${user}: unregister()`);
        }
      } catch {
        /* stopping anyway */
      }
      await withTimeout(ua.stop(), timeoutMs, `${user}: stop()`).catch(() => undefined);
    },
  };
  await withTimeout(ua.start(), timeoutMs, `${user}: start()`);
  if (register) await handle.register();
  return handle;
}
