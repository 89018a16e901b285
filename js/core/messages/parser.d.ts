import { IncomingRequestMessage } from "./incoming-request-message.js";
import { IncomingResponseMessage } from "./incoming-response-message.js";

/**
 * Parses SIP messages.
 * @public
 */
export declare namespace Parser {
  /**
   * Parses a SIP message; undefined (and a warning logged) when it is not a valid one. Never throws.
   */
  function parseMessage(
    data: string,
    logger?: { warn(content: string): void }
  ): IncomingRequestMessage | IncomingResponseMessage | undefined;
}
