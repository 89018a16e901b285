/**
 * A simple yet powerful API which takes care of SIP signaling and WebRTC media sessions for you.
 * @packageDocumentation
 */
// The API classes (UserAgent, Inviter, Invitation, Registerer, ...) arrive with the issues that
// build them over the C++ core.
export {};
