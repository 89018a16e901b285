// The per-method request/response types (IncomingInviteRequest, ...) come with the user agents.
export * from "./constants.js";
