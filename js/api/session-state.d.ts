/** The state of a {@link Session}. @public */
export declare enum SessionState {
  Initial = "Initial",
  Establishing = "Establishing",
  Established = "Established",
  Terminating = "Terminating",
  Terminated = "Terminated"
}
