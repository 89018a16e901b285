/**
 * A simple yet powerful API which takes care of SIP signaling and WebRTC media sessions for you.
 * @packageDocumentation
 */
export * from "./exceptions/index.js";
export * from "./ack.js";
export * from "./bye.js";
export * from "./cancel.js";
export * from "./emitter.js";
export * from "./info.js";
export * from "./invitation.js";
export * from "./inviter.js";
export * from "./message.js";
export * from "./messager.js";
export * from "./notification.js";
export * from "./publisher.js";
export * from "./publisher-state.js";
export * from "./referral.js";
export * from "./registerer.js";
export * from "./registerer-state.js";
export * from "./session.js";
export * from "./session-description-handler-factory.js";
export * from "./session-description-handler.js";
export * from "./session-state.js";
export * from "./subscriber.js";
export * from "./subscription.js";
export * from "./subscription-state.js";
export * from "./transport.js";
export * from "./transport-state.js";
export * from "./user-agent.js";
export * from "./user-agent-options.js";
export * from "./user-agent-state.js";
