// An in-memory network for benchmarks: UserAgents joined by transports that hand each message to
// the peer's onMessage on a later turn of the event loop (setImmediate), as a socket would, never
// re-entrantly from inside send(). Messages posted during one turn are delivered together on the
// next, in the order they were sent.
//
// The transport implements the public Transport interface of sip.js 0.21.2 (state, stateChange,
// onConnect/onDisconnect/onMessage, connect/disconnect/dispose/isConnected/send, protocol), so it
// is given to either package as `transportConstructor`, with `transportOptions: { network,
// address, peer }`.

/** A tiny emitter with the public Emitter interface (addListener/removeListener/on/off/once). */
class Emitter {
  constructor() {
    this._listeners = [];
  }
  addListener(listener, options) {
    this._listeners.push({ listener, once: !!(options && options.once) });
  }
  removeListener(listener) {
    this._listeners = this._listeners.filter((l) => l.listener !== listener);
  }
  on(listener) {
    this.addListener(listener);
  }
  off(listener) {
    this.removeListener(listener);
  }
  once(listener) {
    this.addListener(listener, { once: true });
  }
  emit(data) {
    const listeners = this._listeners.slice();
    this._listeners = this._listeners.filter((l) => !l.once);
    for (const l of listeners) l.listener(data);
  }
}

export class MemoryNetwork {
  constructor() {
    this._endpoints = new Map();
    this._queue = [];
    this._scheduled = false;
    /** Messages delivered, and the first errors thrown by a receiver (they would be bugs). */
    this.delivered = 0;
    this.receiveErrors = [];
    /** Optional `(to, message) => void`, told of each message just before it is delivered. */
    this.observer = undefined;
    this._flush = () => this.flush();
  }

  attach(address, transport) {
    this._endpoints.set(address, transport);
  }

  detach(address, transport) {
    if (this._endpoints.get(address) === transport) this._endpoints.delete(address);
  }

  /** Number of messages posted and not yet delivered. */
  get pending() {
    return this._queue.length >> 1;
  }

  post(to, message) {
    this._queue.push(to, message);
    if (!this._scheduled) {
      this._scheduled = true;
      setImmediate(this._flush);
    }
  }

  /** Delivers what was posted before this call; what those deliveries post waits for the next turn. */
  flush() {
    this._scheduled = false;
    const queue = this._queue;
    this._queue = [];
    for (let i = 0; i < queue.length; i += 2) {
      const endpoint = this._endpoints.get(queue[i]);
      if (!endpoint || endpoint.state !== "Connected" || !endpoint.onMessage) continue;
      this.delivered++;
      if (this.observer) this.observer(queue[i], queue[i + 1]);
      try {
        endpoint.onMessage(queue[i + 1]);
      } catch (error) {
        if (this.receiveErrors.length < 5) this.receiveErrors.push(error);
      }
    }
  }
}

export class MemoryTransport {
  constructor(logger, options = {}) {
    if (!(options.network instanceof MemoryNetwork)) {
      throw new TypeError("MemoryTransport needs transportOptions.network (a MemoryNetwork)");
    }
    this._network = options.network;
    this._address = options.address;
    this._peer = options.peer;
    this._state = "Disconnected";
    this.stateChange = new Emitter();
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
  }

  get protocol() {
    return "WS";
  }

  get state() {
    return this._state;
  }

  _transition(state) {
    this._state = state;
    this.stateChange.emit(state);
  }

  isConnected() {
    return this._state === "Connected";
  }

  connect() {
    if (this._state === "Connected") return Promise.resolve();
    this._transition("Connecting");
    this._network.attach(this._address, this);
    this._transition("Connected");
    if (this.onConnect) this.onConnect();
    return Promise.resolve();
  }

  disconnect() {
    if (this._state === "Disconnected") return Promise.resolve();
    this._transition("Disconnecting");
    this._network.detach(this._address, this);
    this._transition("Disconnected");
    if (this.onDisconnect) this.onDisconnect();
    return Promise.resolve();
  }

  dispose() {
    return this.disconnect();
  }

  send(message) {
    if (this._state !== "Connected") return Promise.reject(new Error("MemoryTransport: not connected"));
    this._network.post(this._peer, message);
    return Promise.resolve();
  }
}
