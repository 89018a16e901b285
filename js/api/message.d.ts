import { WrappedRequest } from "./incoming-request.js";
/** A MESSAGE request handed to the application, answered with accept() or reject(). @public */
export declare class Message extends WrappedRequest {}
