/**
 * {@link Registerer} state.
 * @public
 */
export declare enum RegistererState {
  Initial = "Initial",
  Registered = "Registered",
  Unregistered = "Unregistered",
  Terminated = "Terminated"
}
