import { Message, Notification, Session } from "../../../api/index.js";
/**
 * What SessionManager tells the application. Every method is optional.
 * @public
 */
export interface SessionManagerDelegate {
  /** A session reached Established (after its media elements were attached). */
  onCallAnswered?(session: Session): void;
  /** A session is now managed: an outgoing call about to send its INVITE, or an incoming one. */
  onCallCreated?(session: Session): void;
  /**
   * An INVITE arrived. Answer it with `answer()` or refuse it with `decline()`; without this
   * method every incoming call is rejected.
   */
  onCallReceived?(session: Session): void;
  /** A managed session began terminating (or terminated); it is no longer managed. */
  onCallHangup?(session: Session): void;
  /** The peer accepted (held as requested) or rejected (held reverted) a hold/unhold re-INVITE. */
  onCallHold?(session: Session, held: boolean): void;
  /** An INFO with an application/dtmf-relay body arrived, and was accepted. */
  onCallDTMFReceived?(session: Session, tone: string, duration: number): void;
  /** A MESSAGE arrived, and was accepted. */
  onMessageReceived?(message: Message): void;
  /** A NOTIFY arrived outside any subscription, and was accepted. */
  onNotificationReceived?(notification: Notification): void;
  /** The registerer reached Registered. */
  onRegistered?(): void;
  /** The registerer reached Unregistered. */
  onUnregistered?(): void;
  /** The transport connected. */
  onServerConnect?(): void;
  /**
   * The transport disconnected.
   * @param error - Set when the network or server dropped the connection; undefined when the
   * application asked for it.
   */
  onServerDisconnect?(error?: Error): void;
}
