// A virtual clock for long runs: replaces globalThis.setTimeout/clearTimeout/setInterval/
// clearInterval (which sip.js and our core look up at call time) so that timers such as the
// 64*T1 (32 s) transaction timers fire when the harness advances time, not after real seconds.
// setImmediate and queueMicrotask are left alone: message delivery stays real.

export class VirtualClock {
  constructor() {
    this.now = 0;
    this._nextId = 1;
    this._timers = new Map();  // id -> { due, seq, fn, args, interval }
    this._seq = 0;
    this.errors = [];
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  get pending() {
    return this._timers.size;
  }

  install() {
    if (this._saved) return this;
    this._saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
    };
    const clear = (id) => {
      if (typeof id === "number") this._timers.delete(id);
      else this._saved.clearTimeout(id);  // a real timer made before install
    };
    globalThis.setTimeout = (fn, ms, ...args) => this._add(fn, ms, args, undefined);
    globalThis.setInterval = (fn, ms, ...args) => this._add(fn, ms, args, Math.max(1, Number(ms) || 0));
    globalThis.clearTimeout = clear;
    globalThis.clearInterval = clear;
    return this;
  }

  uninstall() {
    if (!this._saved) return;
    Object.assign(globalThis, this._saved);
    this._saved = undefined;
  }

  _add(fn, ms, args, interval) {
    if (typeof fn !== "function") throw new TypeError("VirtualClock: the callback must be a function");
    const id = this._nextId++;
    this._timers.set(id, { due: this.now + Math.max(0, Number(ms) || 0), seq: this._seq++, fn, args, interval });
    return id;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order, at its own time. */
  advance(ms) {
    const target = this.now + ms;
    for (;;) {
      let nextId;
      let next;
      for (const [id, timer] of this._timers) {
        if (timer.due <= target && (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))) {
          nextId = id;
          next = timer;
        }
      }
      if (!next) break;
      this.now = Math.max(this.now, next.due);
      if (next.interval) {
        next.due = this.now + next.interval;
        next.seq = this._seq++;
      } else {
        this._timers.delete(nextId);
      }
      try {
        next.fn(...next.args);
      } catch (error) {
        if (this.errors.length < 5) this.errors.push(error);
      }
    }
    this.now = target;
  }
}
