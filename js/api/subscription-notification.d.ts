import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";

/** SIP.js's ResponseOptions, as far as answering a NOTIFY uses them. */
export interface NotificationResponseOptions {
  statusCode?: number;
  reasonPhrase?: string;
  extraHeaders?: Array<string>;
  body?: { contentDisposition?: string; contentType: string; content: string };
}

/**
 * A notification of an event (incoming NOTIFY).
 * @public
 */
export declare class Notification {
  /** @internal */
  constructor(incomingNotifyRequest: unknown);
  /** Incoming NOTIFY request message. */
  get request(): IncomingRequestMessage;
  /** Accept the request. */
  accept(options?: NotificationResponseOptions): Promise<void>;
  /** Reject the request. */
  reject(options?: NotificationResponseOptions): Promise<void>;
}
