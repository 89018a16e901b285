import { Exception } from "../../core/exceptions/exception.js";

/**
 * An exception indicating a session description handler error occurred.
 * @public
 */
export declare class SessionDescriptionHandlerError extends Exception {
  constructor(message?: string);
}
