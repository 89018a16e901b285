import { WrappedRequest } from "./incoming-request.js";
/** A BYE request handed to the application, answered with accept() or reject(). @public */
export declare class Bye extends WrappedRequest {}
