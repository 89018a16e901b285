/**
 * What SimpleUser tells the application (SessionManager's delegate, for its one call, without
 * the session argument). Every method is optional.
 * @public
 */
export interface SimpleUserDelegate {
  /** The call was answered (established). */
  onCallAnswered?(): void;
  /** A call was created: an outgoing one about to send its INVITE, or an incoming one. */
  onCallCreated?(): void;
  /** An incoming call: `answer()` or `decline()` it; without this method it is rejected. */
  onCallReceived?(): void;
  /** The call ended. */
  onCallHangup?(): void;
  /** The peer accepted (held as asked) or rejected (held reverted) a hold or unhold. */
  onCallHold?(held: boolean): void;
  /** A DTMF tone arrived in an INFO. */
  onCallDTMFReceived?(tone: string, duration: number): void;
  /** A MESSAGE arrived; its body. */
  onMessageReceived?(message: string): void;
  /** Registered. */
  onRegistered?(): void;
  /** No longer registered. */
  onUnregistered?(): void;
  /** Connected to the server. */
  onServerConnect?(): void;
  /**
   * Disconnected from the server.
   * @param error - Declared as in sip.js, but (as in sip.js) SimpleUser passes no argument.
   */
  onServerDisconnect?(error?: Error): void;
}
