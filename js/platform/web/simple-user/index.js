// SimpleUser: one call at a time, over SessionManager.
export * from "./simple-user.js";
export * from "./simple-user-delegate.js";
export * from "./simple-user-options.js";
