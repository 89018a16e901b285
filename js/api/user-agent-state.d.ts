/** The state of a {@link UserAgent}. @public */
export declare enum UserAgentState {
  Started = "Started",
  Stopped = "Stopped"
}
