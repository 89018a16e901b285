import { SubscriptionOptions } from "./subscription-options.js";

/**
 * Options for the {@link Subscriber} constructor.
 * @public
 */
export interface SubscriberOptions extends SubscriptionOptions {
  /** Requested subscription duration in seconds. Default 3600. */
  expires?: number;
  /** Extra header lines ("Name: value") of the initial SUBSCRIBE. */
  extraHeaders?: Array<string>;
  /** Body of the initial SUBSCRIBE. */
  body?: string;
  /** Content type of `body`. Default "application/sdp" (as SIP.js). */
  contentType?: string;
}
