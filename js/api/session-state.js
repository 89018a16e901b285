/**
 * The states of a Session (SIP.js's SessionState): Initial -> Establishing -> Established ->
 * Terminating -> Terminated. The transitions are made by the C++ state machine (src/api/session.cpp).
 * @public
 */
export var SessionState;
(function (SessionState) {
  SessionState["Initial"] = "Initial";
  SessionState["Establishing"] = "Establishing";
  SessionState["Established"] = "Established";
  SessionState["Terminating"] = "Terminating";
  SessionState["Terminated"] = "Terminated";
})(SessionState || (SessionState = {}));
