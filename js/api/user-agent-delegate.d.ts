import { Invitation } from "./invitation.js";
import { Message } from "./message.js";
import { Notification } from "./notification.js";
import { Referral } from "./referral.js";
import { Subscription } from "./subscription.js";

/** Callbacks of a {@link UserAgent}. @public */
export interface UserAgentDelegate {
  onConnect?(): void;
  onDisconnect?(error?: Error): void;
  onInvite?(invitation: Invitation): void;
  onMessage?(message: Message): void;
  onNotify?(notification: Notification): void;
  onRefer?(referral: Referral): void;
  onRegister?(registration: unknown): void;
  onSubscribe?(subscription: Subscription): void;
  onReferRequest?(request: unknown): void;
  onRegisterRequest?(request: unknown): void;
  onSubscribeRequest?(request: unknown): void;
}
