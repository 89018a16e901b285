// The web platform: WebSocket transport, RTCPeerConnection session description handler and
// SDP modifiers (SessionManager and SimpleUser arrive with the issues that build them; they slot
// into this list in sip.js's order).
export * from "./modifiers/index.js";
export * from "./session-description-handler/index.js";
export * from "./transport/index.js";
export * from "./jssip-session/index.js";
