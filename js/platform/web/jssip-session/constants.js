// The names and values a JsSIP application tests against: session statuses, end/failure causes,
// and the SIP status codes JsSIP groups under a cause (JsSIP 3.x uses these same strings, so an
// application's `if (e.cause === JsSIP.C.causes.BUSY)` keeps working with our events).

/** Session statuses (numbers as JsSIP's RTCSession.C has them). */
export const SessionStatus = Object.freeze({
  STATUS_NULL: 0,
  STATUS_INVITE_SENT: 1,
  STATUS_1XX_RECEIVED: 2,
  STATUS_INVITE_RECEIVED: 3,
  STATUS_WAITING_FOR_ANSWER: 4,
  STATUS_ANSWERED: 5,
  STATUS_WAITING_FOR_ACK: 6,
  STATUS_CANCELED: 7,
  STATUS_TERMINATED: 8,
  STATUS_CONFIRMED: 9
});

/** The `cause` of `ended` and `failed` events. */
export const causes = Object.freeze({
  CONNECTION_ERROR: "Connection Error",
  REQUEST_TIMEOUT: "Request Timeout",
  SIP_FAILURE_CODE: "SIP Failure Code",
  INTERNAL_ERROR: "Internal Error",
  BUSY: "Busy",
  REJECTED: "Rejected",
  REDIRECTED: "Redirected",
  UNAVAILABLE: "Unavailable",
  NOT_FOUND: "Not Found",
  ADDRESS_INCOMPLETE: "Address Incomplete",
  INCOMPATIBLE_SDP: "Incompatible SDP",
  MISSING_SDP: "Missing SDP",
  AUTHENTICATION_ERROR: "Authentication Error",
  BYE: "Terminated",
  WEBRTC_ERROR: "WebRTC Error",
  CANCELED: "Canceled",
  NO_ANSWER: "No Answer",
  EXPIRES: "Expires",
  NO_ACK: "No ACK",
  DIALOG_ERROR: "Dialog Error",
  USER_DENIED_MEDIA_ACCESS: "User Denied Media Access",
  BAD_MEDIA_DESCRIPTION: "Bad Media Description",
  RTP_TIMEOUT: "RTP Timeout"
});

// Final status codes that name a cause; any other failure code is SIP_FAILURE_CODE.
const causeOfStatus = new Map();
for (const [cause, codes] of [
  [causes.REDIRECTED, [300, 301, 302, 305, 380]],
  [causes.BUSY, [486, 600]],
  [causes.REJECTED, [403, 603]],
  [causes.NOT_FOUND, [404, 604]],
  [causes.UNAVAILABLE, [480, 410, 408, 430]],
  [causes.ADDRESS_INCOMPLETE, [484, 424]],
  [causes.INCOMPATIBLE_SDP, [488, 606]],
  [causes.AUTHENTICATION_ERROR, [401, 407]]
]) {
  for (const code of codes) causeOfStatus.set(code, cause);
}

/** The cause JsSIP reports for a failure response with this status code. */
export function causeOfStatusCode(statusCode) {
  return causeOfStatus.get(statusCode) || causes.SIP_FAILURE_CODE;
}

/** DTMF over INFO: JsSIP's defaults and limits, in milliseconds. */
export const DTMFLimits = Object.freeze({
  MIN_DURATION: 70,
  MAX_DURATION: 6000,
  DEFAULT_DURATION: 100,
  MIN_INTER_TONE_GAP: 50,
  DEFAULT_INTER_TONE_GAP: 500,
  // A "," in the tones is a pause of this length instead of a tone.
  PAUSE: 2000
});
