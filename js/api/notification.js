import { WrappedRequest } from "./incoming-request.js";
/**
 * A request received by a session or user agent, handed to the application's delegate, which answers
 * it with accept() or reject().
 * @public
 */
export class Notification extends WrappedRequest {}
