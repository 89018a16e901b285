/**
 * How a UserAgent treats a SIP extension: "Required" (Require it), "Supported" (list it in
 * Supported) or "Unsupported".
 * @public
 */
export var SIPExtension;
(function (SIPExtension) {
  SIPExtension["Required"] = "Required";
  SIPExtension["Supported"] = "Supported";
  SIPExtension["Unsupported"] = "Unsupported";
})(SIPExtension || (SIPExtension = {}));

/**
 * The option tags registered with IANA that a UserAgent may list in Supported (others are dropped
 * unless hackAllowUnregisteredOptionTags is set).
 * @public
 */
export const UserAgentRegisteredOptionTags = Object.freeze(
  Object.fromEntries(
    [
      "100rel", "199", "answermode", "early-session", "eventlist", "explicitsub", "from-change", "geolocation-http",
      "geolocation-sip", "gin", "gruu", "histinfo", "ice", "join", "multiple-refer", "norefersub", "nosub",
      "outbound", "path", "policy", "precondition", "pref", "privacy", "recipient-list-invite",
      "recipient-list-message", "recipient-list-subscribe", "replaces", "resource-priority", "sdp-anat",
      "sec-agree", "tdialog", "timer", "uui"
    ].map((tag) => [tag, true])
  )
);
