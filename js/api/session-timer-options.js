// Options of the two SIP extensions this package adds to SIP.js's sessions (both off by default,
// so nothing on the wire changes unless asked for):
// - session timers (RFC 4028): UserAgentOptions.sessionTimers, overridable per session by
//   InviterOptions.sessionTimers and InvitationAcceptOptions.sessionTimers;
// - UPDATE (RFC 3311): UserAgentOptions.sipExtensionUpdate ("Supported" lists UPDATE in Allow and
//   accepts it; Session.update() needs it).
// The C++ side (src/api/session_timer.h, bindings/session_timer_options.h) takes the plain object
// resolveSessionTimers() returns.
import { SIPExtension } from "./user-agent-options.js";

/** RFC 4028 defaults: Session-Expires 1800 s (section 4), Min-SE 90 s (section 5). */
export const SESSION_TIMER_DEFAULTS = Object.freeze({
  enabled: false,
  sessionExpires: 1800,
  minSE: 90,
  refreshMethod: "UPDATE"
});

// The largest delay JavaScript's setTimeout takes is 2^31 - 1 ms.
const MAX_SESSION_EXPIRES = 2147483;

function isWholeNumber(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/**
 * The complete, validated options: `options` over the defaults. Throws a TypeError naming `where`
 * (e.g. "UserAgentOptions.sessionTimers") and what is wrong.
 * @internal
 */
export function resolveSessionTimers(options, where) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`Invalid '${where}' option: expected an object like { enabled: true, sessionExpires: 1800 }.`);
  }
  const known = Object.keys(SESSION_TIMER_DEFAULTS);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`Invalid '${where}' option: unknown key '${key}' (known: ${known.join(", ")}).`);
    }
  }
  const out = Object.assign({}, SESSION_TIMER_DEFAULTS);
  for (const key of known) if (options[key] !== undefined) out[key] = options[key];
  if (typeof out.enabled !== "boolean") {
    throw new TypeError(`Invalid '${where}.enabled' option: expected true or false, got ${JSON.stringify(out.enabled)}.`);
  }
  if (!isWholeNumber(out.minSE) || out.minSE < 90) {
    throw new TypeError(
      `Invalid '${where}.minSE' option: expected a whole number of seconds, at least 90 (RFC 4028 section 5), got ${JSON.stringify(out.minSE)}.`
    );
  }
  if (!isWholeNumber(out.sessionExpires) || out.sessionExpires < out.minSE || out.sessionExpires > MAX_SESSION_EXPIRES) {
    throw new TypeError(
      `Invalid '${where}.sessionExpires' option: expected a whole number of seconds from minSE (${out.minSE}) to ${MAX_SESSION_EXPIRES}, got ${JSON.stringify(out.sessionExpires)}.`
    );
  }
  if (out.refreshMethod !== "UPDATE" && out.refreshMethod !== "INVITE") {
    throw new TypeError(
      `Invalid '${where}.refreshMethod' option: expected "UPDATE" or "INVITE", got ${JSON.stringify(out.refreshMethod)}.`
    );
  }
  return out;
}

/**
 * The user agent's session timer options when it supports session timers (UserAgentOptions
 * .sessionTimers with enabled: true), else undefined. Validates them.
 * @internal
 */
export function userAgentSessionTimers(userAgentOptions) {
  if (userAgentOptions.sessionTimers === undefined) return undefined;
  const resolved = resolveSessionTimers(userAgentOptions.sessionTimers, "UserAgentOptions.sessionTimers");
  return resolved.enabled ? resolved : undefined;
}

/**
 * The options of one session: the user agent's with `override` (InviterOptions.sessionTimers or
 * InvitationAcceptOptions.sessionTimers) over them. Undefined when the user agent does not support
 * session timers; asking for them on such a user agent is a TypeError (it would have to list
 * "timer" in Supported on every request).
 * @internal
 */
export function sessionTimersFor(userAgent, override, where) {
  const base = userAgentSessionTimers(userAgent.configuration);
  if (override === undefined) return base;
  const resolved = resolveSessionTimers(override, where);
  if (!base) {
    if (resolved.enabled) {
      throw new TypeError(
        `Invalid '${where}.enabled' option: session timers need the user agent's support first (UserAgentOptions.sessionTimers: { enabled: true }).`
      );
    }
    return undefined;
  }
  return resolveSessionTimers(Object.assign({}, base, override), where);
}

/** Whether UserAgentOptions.sipExtensionUpdate enables UPDATE (RFC 3311). @internal */
export function updateEnabled(userAgentOptions) {
  const value = userAgentOptions.sipExtensionUpdate;
  if (value === undefined || value === SIPExtension.Unsupported) return false;
  if (value === SIPExtension.Supported || value === SIPExtension.Required) return true;
  throw new TypeError(
    `Invalid 'UserAgentOptions.sipExtensionUpdate' option: expected "Supported" or "Unsupported", got ${JSON.stringify(value)}.`
  );
}
