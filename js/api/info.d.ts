import { WrappedRequest } from "./incoming-request.js";
/** A INFO request handed to the application, answered with accept() or reject(). @public */
export declare class Info extends WrappedRequest {}
