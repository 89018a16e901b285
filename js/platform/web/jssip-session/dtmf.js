// DTMF carried in SIP INFO requests with an application/dtmf-relay body (the "Signal=/Duration="
// format JsSIP, Asterisk, FreeSWITCH and most gateways exchange), and the JsSIP rules for the
// arguments of sendDTMF().
import { EventEmitter } from "./event-emitter.js";
import { DTMFLimits } from "./constants.js";

export const DTMF_CONTENT_TYPE = "application/dtmf-relay";

// What sendDTMF accepts: tones, R (flash) and "," (a pause).
const TONES = /^[0-9A-DR#*,]+$/i;
// What a received INFO may signal.
const SIGNAL = /^[0-9A-DR#*]$/i;

// JsSIP takes integers only ("100" as well as 100); 0, "" and undefined mean "use the default";
// a negative value ends up at the minimum.
function integerOption(value, name) {
  if (!value) return undefined;
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw new TypeError(`Invalid ${name}: ${String(value)} (expected a whole number of milliseconds).`);
  }
  return number;
}

/**
 * The arguments of sendDTMF made valid as JsSIP makes them: the tones as an upper-case string,
 * the duration clamped to 70..6000 ms (default 100), the gap at least 50 ms (default 500).
 * Throws TypeError for anything else.
 */
export function normalizeDTMFArguments(tones, options) {
  if (tones === undefined) {
    throw new TypeError("Not enough arguments: sendDTMF(tones) needs the tones to send.");
  }
  if (typeof tones === "number") tones = String(tones);
  if (typeof tones !== "string" || !TONES.test(tones)) {
    throw new TypeError(`Invalid tones: ${String(tones)} (expected one or more of 0-9 A-D R # * and "," for a pause).`);
  }
  if (options === null || options === undefined) options = {};
  if (typeof options !== "object") throw new TypeError("Invalid sendDTMF options: expected an object.");
  let duration = integerOption(options.duration, "tone duration");
  if (duration === undefined) duration = DTMFLimits.DEFAULT_DURATION;
  duration = Math.min(Math.max(duration, DTMFLimits.MIN_DURATION), DTMFLimits.MAX_DURATION);
  let interToneGap = integerOption(options.interToneGap, "interToneGap");
  if (interToneGap === undefined) interToneGap = DTMFLimits.DEFAULT_INTER_TONE_GAP;
  interToneGap = Math.max(interToneGap, DTMFLimits.MIN_INTER_TONE_GAP);
  return { tones: tones.toUpperCase(), duration, interToneGap, extraHeaders: checkExtraHeaders(options.extraHeaders) };
}

/** A copy of an extraHeaders option (an array of header lines); TypeError if it is something else. */
export function checkExtraHeaders(extraHeaders) {
  if (extraHeaders === undefined || extraHeaders === null) return [];
  if (!Array.isArray(extraHeaders) || extraHeaders.some((h) => typeof h !== "string" || /[\r\n]/.test(h))) {
    throw new TypeError("Invalid extraHeaders: expected an array of header lines (strings without CR or LF).");
  }
  return extraHeaders.slice();
}

/** The body of the INFO that carries one tone. */
export function dtmfRelayBody(tone, duration) {
  return `Signal=${tone}\r\nDuration=${duration}`;
}

/**
 * The tone and duration of an application/dtmf-relay body, or undefined if it signals no valid
 * tone. A missing or unreadable Duration means the default 100 ms.
 */
export function parseDTMFRelay(body) {
  if (typeof body !== "string") return undefined;
  let tone;
  let duration;
  for (const line of body.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z-]+)\s*=\s*(\S*)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === "signal" && tone === undefined) {
      tone = SIGNAL.test(m[2]) ? m[2].toUpperCase() : null;
    } else if (key === "duration" && duration === undefined && /^[0-9]{1,5}$/.test(m[2])) {
      duration = parseInt(m[2], 10);
    }
  }
  if (!tone) return undefined;
  return { tone, duration: duration || DTMFLimits.DEFAULT_DURATION };
}

/**
 * One DTMF tone sent or received in a session (JsSIP's RTCSession.DTMF): `direction`
 * ("outgoing" or "incoming"), `tone`, `duration` (ms). An outgoing one emits "succeeded" or
 * "failed" ({ originator: "remote", response }) when the response to its INFO arrives.
 */
export class JsSIPDTMF extends EventEmitter {
  constructor(direction, tone, duration) {
    super();
    this.direction = direction;
    this.tone = tone;
    this.duration = duration;
  }
}
