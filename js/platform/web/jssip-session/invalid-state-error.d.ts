/** JsSIP's INVALID_STATE_ERROR: a method called in a session status that does not allow it. */
export declare class InvalidStateError extends Error {
  constructor(status: number, detail?: string);
  readonly name: "INVALID_STATE_ERROR";
  readonly code: 2;
  /** The session status when the method was called. */
  readonly status: number;
}
