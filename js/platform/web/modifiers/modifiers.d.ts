import { SessionDescriptionHandlerModifier } from "../../../api/session-description-handler.js";

/**
 * Modifier: removes TCP ICE candidates.
 * @public
 */
export declare function stripTcpCandidates(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * Modifier: removes the telephone-event payload types (RFC 4733 DTMF).
 * @public
 */
export declare function stripTelephoneEvent(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * Modifier: rewrites a=imageattr ranges starting at 0 to start at 1.
 * @public
 */
export declare function cleanJitsiSdpImageattr(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * Modifier: removes the G722 payload type.
 * @public
 */
export declare function stripG722(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * Makes a modifier that removes the payload types of an encoding name.
 * @param payload - The encoding name, as in a=rtpmap ("opus", "VP8", ...).
 * @public
 */
export declare function stripRtpPayload(payload: string): SessionDescriptionHandlerModifier;
/**
 * Modifier: removes the video media descriptions.
 * @public
 */
export declare function stripVideo(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * Modifier: numbers the media descriptions with a=mid lines if there are none.
 * @public
 */
export declare function addMidLines(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
/**
 * The modifier for a session that puts its peer on hold (sendrecv to sendonly, recvonly to inactive;
 * a=sendonly added when there is no direction at all).
 * @param description - The description to modify.
 * @public
 */
export declare function holdModifier(description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
