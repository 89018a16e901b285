/**
 * An {@link Emitter} implementation.
 *
 * @remarks
 * Listeners are called synchronously, in the order they were added, with the emitted value.
 * A listener added or removed while an `emit` is running takes effect from the next `emit`
 * (the current one works on the list as it was when it began). A listener added with
 * `{ once: true }` is removed before it is called and runs at most once, even when it emits again
 * from inside itself; `removeListener(listener)` removes it whether or not it was added with
 * `once` (sip.js 0.21.2 cannot remove a `once` listener).
 * @internal
 */
export class EmitterImpl {
  constructor() {
    // Entries: { listener, once }. The same listener may be added more than once.
    this.listeners = [];
  }

  /**
   * Sets up a function that will be called whenever the target changes.
   * @param listener - Callback function.
   * @param options - `{ once: true }` calls the listener at most once, then removes it.
   */
  addListener(listener, options) {
    if (typeof listener !== "function") {
      throw new TypeError("Emitter listener must be a function.");
    }
    this.listeners.push({ listener, once: options !== undefined && options !== null && options.once === true });
  }

  /**
   * Emits a value to every listener.
   * @param data - Data to emit.
   */
  emit(data) {
    const entries = this.listeners.slice();
    for (const entry of entries) {
      if (entry.once) {
        if (entry.fired) {
          continue; // fired already, by an emit nested in this one
        }
        entry.fired = true;
        this.listeners = this.listeners.filter((e) => e !== entry);
      }
      entry.listener(data);
    }
  }

  /**
   * Removes all listeners.
   */
  removeAllListeners() {
    this.listeners = [];
  }

  /**
   * Removes every registration of a listener previously added with addListener.
   * @param listener - Callback function.
   */
  removeListener(listener) {
    this.listeners = this.listeners.filter((entry) => entry.listener !== listener);
  }

  /**
   * Registers a listener.
   * @deprecated Use addListener.
   */
  on(listener) {
    return this.addListener(listener);
  }

  /**
   * Unregisters a listener.
   * @deprecated Use removeListener.
   */
  off(listener) {
    return this.removeListener(listener);
  }

  /**
   * Registers a listener then unregisters it after one emission.
   * @deprecated Use addListener with `{ once: true }`.
   */
  once(listener) {
    return this.addListener(listener, { once: true });
  }
}
