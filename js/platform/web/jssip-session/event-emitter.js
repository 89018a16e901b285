// A small named-event emitter with the on/once/off surface JsSIP objects have (they extend Node's
// EventEmitter, which browsers do not ship). A listener that throws does not stop the others nor
// the SIP processing that emitted the event: the error goes to `onListenerError`.

export class EventEmitter {
  constructor() {
    this._listeners = new Map(); // event name -> [{ listener, once }]
    /** Called with (error, eventName) when a listener throws; by default the error is rethrown later. */
    this.onListenerError = (error) => {
      setTimeout(() => {
        throw error;
      });
    };
  }

  /** Adds a listener for `event`; returns this. */
  on(event, listener) {
    return this._add(event, listener, false);
  }

  /** Alias of on(). */
  addListener(event, listener) {
    return this._add(event, listener, false);
  }

  /** Adds a listener that runs at most once; returns this. */
  once(event, listener) {
    return this._add(event, listener, true);
  }

  /** Removes every registration of `listener` for `event`; returns this. */
  off(event, listener) {
    const entries = this._listeners.get(event);
    if (entries) {
      const kept = entries.filter((e) => e.listener !== listener);
      if (kept.length) this._listeners.set(event, kept);
      else this._listeners.delete(event);
    }
    return this;
  }

  /** Alias of off(). */
  removeListener(event, listener) {
    return this.off(event, listener);
  }

  /** Removes the listeners of `event`, or of every event when none is given; returns this. */
  removeAllListeners(event) {
    if (event === undefined) this._listeners.clear();
    else this._listeners.delete(event);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount(event) {
    const entries = this._listeners.get(event);
    return entries ? entries.length : 0;
  }

  /** Calls the listeners of `event` with `data`, in the order they were added; true if there were any. */
  emit(event, data) {
    const entries = this._listeners.get(event);
    if (!entries || entries.length === 0) return false;
    for (const entry of entries.slice()) {
      if (entry.once) {
        if (entry.fired) continue;
        entry.fired = true;
        this.off(event, entry.listener);
      }
      try {
        entry.listener.call(this, data);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
    return true;
  }

  _add(event, listener, once) {
    if (typeof event !== "string" || event === "") {
      throw new TypeError(`Invalid event name: ${String(event)} (expected a non-empty string).`);
    }
    if (typeof listener !== "function") {
      throw new TypeError(`Invalid listener for "${event}": expected a function.`);
    }
    const entries = this._listeners.get(event) || [];
    entries.push({ listener, once });
    this._listeners.set(event, entries);
    return this;
  }
}
