/**
 * An Exception is considered a condition that a reasonable application may wish to catch.
 * @public
 */
export class Exception extends Error {
  constructor(message) {
    super(message);
    // Keep `instanceof` working for subclasses, whatever the compilation target of the caller.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
