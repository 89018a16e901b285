/** Session statuses (JsSIP's RTCSession.C). */
export declare const SessionStatus: {
  readonly STATUS_NULL: 0;
  readonly STATUS_INVITE_SENT: 1;
  readonly STATUS_1XX_RECEIVED: 2;
  readonly STATUS_INVITE_RECEIVED: 3;
  readonly STATUS_WAITING_FOR_ANSWER: 4;
  readonly STATUS_ANSWERED: 5;
  readonly STATUS_WAITING_FOR_ACK: 6;
  readonly STATUS_CANCELED: 7;
  readonly STATUS_TERMINATED: 8;
  readonly STATUS_CONFIRMED: 9;
};
/** End and failure causes (JsSIP's C.causes). */
export declare const causes: {
  readonly CONNECTION_ERROR: "Connection Error";
  readonly REQUEST_TIMEOUT: "Request Timeout";
  readonly SIP_FAILURE_CODE: "SIP Failure Code";
  readonly INTERNAL_ERROR: "Internal Error";
  readonly BUSY: "Busy";
  readonly REJECTED: "Rejected";
  readonly REDIRECTED: "Redirected";
  readonly UNAVAILABLE: "Unavailable";
  readonly NOT_FOUND: "Not Found";
  readonly ADDRESS_INCOMPLETE: "Address Incomplete";
  readonly INCOMPATIBLE_SDP: "Incompatible SDP";
  readonly MISSING_SDP: "Missing SDP";
  readonly AUTHENTICATION_ERROR: "Authentication Error";
  readonly BYE: "Terminated";
  readonly WEBRTC_ERROR: "WebRTC Error";
  readonly CANCELED: "Canceled";
  readonly NO_ANSWER: "No Answer";
  readonly EXPIRES: "Expires";
  readonly NO_ACK: "No ACK";
  readonly DIALOG_ERROR: "Dialog Error";
  readonly USER_DENIED_MEDIA_ACCESS: "User Denied Media Access";
  readonly BAD_MEDIA_DESCRIPTION: "Bad Media Description";
  readonly RTP_TIMEOUT: "RTP Timeout";
};
/** The cause JsSIP reports for a failure response with this status code. */
export declare function causeOfStatusCode(statusCode: number): string;
/** DTMF over INFO: defaults and limits in milliseconds. */
export declare const DTMFLimits: {
  readonly MIN_DURATION: 70;
  readonly MAX_DURATION: 6000;
  readonly DEFAULT_DURATION: 100;
  readonly MIN_INTER_TONE_GAP: 50;
  readonly DEFAULT_INTER_TONE_GAP: 500;
  readonly PAUSE: 2000;
};
