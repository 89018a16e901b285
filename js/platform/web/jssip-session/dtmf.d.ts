import { IncomingResponseMessage } from "../../../core/index.js";
import { EventEmitter } from "./event-emitter.js";

export declare const DTMF_CONTENT_TYPE: "application/dtmf-relay";

/** sendDTMF's arguments made valid (upper-case tones, clamped times); TypeError for invalid ones. */
export declare function normalizeDTMFArguments(
  tones: string | number | undefined,
  options?: { duration?: number; interToneGap?: number; extraHeaders?: Array<string> } | null
): { tones: string; duration: number; interToneGap: number; extraHeaders: Array<string> };
/** A copy of an extraHeaders option; TypeError unless it is an array of header lines. */
export declare function checkExtraHeaders(extraHeaders: unknown): Array<string>;
/** The application/dtmf-relay body for one tone. */
export declare function dtmfRelayBody(tone: string, duration: number): string;
/** The tone and duration of an application/dtmf-relay body; undefined if it signals no valid tone. */
export declare function parseDTMFRelay(body: unknown): { tone: string; duration: number } | undefined;

/** The events of an outgoing tone: the response to its INFO. */
export interface JsSIPDTMFEventMap {
  succeeded: { originator: "remote"; response: IncomingResponseMessage };
  failed: { originator: "remote"; response: IncomingResponseMessage };
}

/** One DTMF tone sent or received (JsSIP's RTCSession.DTMF). */
export declare class JsSIPDTMF extends EventEmitter<JsSIPDTMFEventMap> {
  constructor(direction: "outgoing" | "incoming", tone: string, duration: number);
  readonly direction: "outgoing" | "incoming";
  /** One of 0-9 A-D R # *. */
  readonly tone: string;
  /** Milliseconds. */
  readonly duration: number;
}
