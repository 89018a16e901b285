/**
 * {@link Publisher} state: Initial -> Published <-> Unpublished -> Terminated (Initial and
 * Published may also go straight to Unpublished / Terminated).
 * @public
 */
export declare enum PublisherState {
  Initial = "Initial",
  Published = "Published",
  Unpublished = "Unpublished",
  Terminated = "Terminated"
}
