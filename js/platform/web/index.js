// The web platform, in sip.js's order: SDP modifiers, the RTCPeerConnection session description
// handler, SessionManager, SimpleUser and the WebSocket transport.
export * from "./modifiers/index.js";
export * from "./session-description-handler/index.js";
export * from "./session-manager/index.js";
export * from "./simple-user/index.js";
export * from "./transport/index.js";
export * from "./jssip-session/index.js";
