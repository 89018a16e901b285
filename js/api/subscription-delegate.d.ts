import { Notification } from "./notification.js";

/**
 * Delegate for {@link Subscription}.
 * @public
 */
export interface SubscriptionDelegate {
  /**
   * An incoming NOTIFY of the subscription. The application answers it with
   * `notification.accept()` or `notification.reject()`; without this method it is accepted.
   */
  onNotify(notification: Notification): void;
}
