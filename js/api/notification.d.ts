import { WrappedRequest } from "./incoming-request.js";
/** A NOTIFY request handed to the application, answered with accept() or reject(). @public */
export declare class Notification extends WrappedRequest {}
