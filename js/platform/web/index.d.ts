// The web platform (WebSocket transport, session description handler, SimpleUser, SessionManager,
// modifiers) arrives with the issues that build it.
export {};
