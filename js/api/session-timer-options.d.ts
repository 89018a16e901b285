/**
 * Session timers (RFC 4028), beyond SIP.js. Give them to {@link UserAgentOptions.sessionTimers}
 * with `enabled: true` and every session asks for a session interval: the INVITE carries
 * `Session-Expires` and `Min-SE` (and every request `Supported: timer`), a 422 is retried with the
 * larger interval, the refresher (named by the 2xx) refreshes at half the interval with UPDATE or
 * re-INVITE, and a session that is not refreshed in time ends with BYE (at the interval minus
 * min(32 s, interval / 3)). Per session, {@link InviterOptions.sessionTimers} and
 * {@link InvitationAcceptOptions.sessionTimers} override these values; `enabled: false` there
 * stops that session from asking for a timer (a timer the peer asks for is still obeyed).
 * Off by default: without this option nothing on the wire differs from SIP.js.
 * @public
 */
export interface SessionTimerOptions {
  /** Use session timers. Default false. */
  enabled?: boolean;
  /** The session interval to ask for, in seconds (Session-Expires). Default 1800; at least minSE. */
  sessionExpires?: number;
  /** The smallest interval accepted, in seconds (Min-SE; smaller requests get 422). Default 90, at least 90. */
  minSE?: number;
  /**
   * How this side refreshes when it is the refresher: "UPDATE" (default) sends an UPDATE without a
   * body when both sides allow UPDATE (see {@link UserAgentOptions.sipExtensionUpdate}) and a
   * re-INVITE otherwise; "INVITE" always sends a re-INVITE (a new offer from the session
   * description handler, with the re-INVITE options).
   */
  refreshMethod?: "UPDATE" | "INVITE";
}

/** @internal The RFC 4028 defaults (Session-Expires 1800, Min-SE 90, UPDATE refreshes, off). */
export declare const SESSION_TIMER_DEFAULTS: Readonly<Required<SessionTimerOptions>>;
/** @internal `options` over the defaults, validated; throws a TypeError naming `where`. */
export declare function resolveSessionTimers(options: SessionTimerOptions, where: string): Required<SessionTimerOptions>;
/** @internal The user agent's options when it supports session timers, else undefined. */
export declare function userAgentSessionTimers(userAgentOptions: object): Required<SessionTimerOptions> | undefined;
/** @internal One session's options: the user agent's with `override` over them. */
export declare function sessionTimersFor(
  userAgent: object,
  override: SessionTimerOptions | undefined,
  where: string
): Required<SessionTimerOptions> | undefined;
/** @internal Whether UserAgentOptions.sipExtensionUpdate enables UPDATE. */
export declare function updateEnabled(userAgentOptions: object): boolean;
