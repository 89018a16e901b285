/**
 * Thrown by a JsSIPSession method called in a status that does not allow it (JsSIP's
 * INVALID_STATE_ERROR: `name` is "INVALID_STATE_ERROR", `code` 2, `status` the session status).
 */
export class InvalidStateError extends Error {
  constructor(status, detail) {
    super(detail ? `Invalid status: ${status} (${detail})` : `Invalid status: ${status}`);
    this.name = "INVALID_STATE_ERROR";
    this.code = 2;
    this.status = status;
  }
}
