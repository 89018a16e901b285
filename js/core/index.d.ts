/**
 * A core library implementing low level SIP protocol elements.
 * @packageDocumentation
 */
// Directories
export * from "./exceptions/index.js";
export * from "./log/index.js";
export * from "./messages/index.js";
export * from "./session/index.js";
export * from "./subscription/index.js";
export * from "./transactions/index.js";
// Files
export * from "./timers.js";
// Grammar (documented as part of the core; also exported by the root index)
export * from "../grammar/index.js";
