// Directories
export * from "./methods/index.js";
// Files
export * from "./incoming-message.js";
export * from "./incoming-request-message.js";
export * from "./incoming-response-message.js";
export * from "./parser.js";
