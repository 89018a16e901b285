/**
 * The states of a UserAgent: Started (after start()) and Stopped.
 * @public
 */
export var UserAgentState;
(function (UserAgentState) {
  UserAgentState["Started"] = "Started";
  UserAgentState["Stopped"] = "Stopped";
})(UserAgentState || (UserAgentState = {}));
