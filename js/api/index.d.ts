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
export * from "./messager-message-options.js";
export * from "./messager-options.js";
export * from "./notification.js";
export * from "./publisher.js";
export * from "./publisher-options.js";
export * from "./publisher-publish-options.js";
export * from "./publisher-state.js";
export * from "./publisher-unpublish-options.js";
export * from "./referral.js";
export * from "./registerer.js";
export * from "./registerer-options.js";
export * from "./registerer-register-options.js";
export * from "./registerer-state.js";
export * from "./registerer-unregister-options.js";
export * from "./session.js";
export * from "./session-description-handler-factory.js";
export * from "./session-description-handler.js";
export * from "./session-state.js";
export * from "./subscriber.js";
export * from "./subscriber-options.js";
export * from "./subscriber-subscribe-options.js";
export * from "./subscription.js";
export * from "./subscription-delegate.js";
export * from "./subscription-options.js";
export * from "./subscription-state.js";
export * from "./subscription-subscribe-options.js";
export * from "./subscription-unsubscribe-options.js";
export * from "./transport.js";
export * from "./transport-state.js";
export * from "./user-agent.js";
export * from "./user-agent-delegate.js";
export * from "./user-agent-options.js";
export * from "./user-agent-state.js";
