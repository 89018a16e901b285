// Until js/api/notification.d.ts lands: the stand-in of subscription-notification.js.
import { Notification } from "./subscription-notification.js";

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
