// The JavaScript side of bindings/user_agent_core_bridge.cpp: one C++ UserAgentCore (and the API
// state machines over it) per instance.
//
// Lifetimes (DESIGN.md rule 3): this object owns the ONE embind handle of its user agent and
// deletes it in dispose(); users never see it. The C++ side holds one emval handle to `env` below
// (freed when the handle is deleted) and names timers, sends, registerers and incoming requests by
// number, so nothing else can leak. After dispose() every callback that still arrives from a JS
// timer or a transport promise finds no handle and does nothing.
//
// Host (rule 2): timers use globalThis.setTimeout / clearTimeout looked up at call time, so
// jest.useFakeTimers() and jasmine.clock() control the core's timers.
import { wasm } from "../../wasm/loader.js";


function errorText(error) {
  if (error instanceof Error) return error.message || error.name || "Error";
  try {
    return String(error);
  } catch (e) {
    return "transport error";
  }
}

const utf8Encoder = new TextEncoder();

// One Wasm block for received messages, kept between them (a malloc and a free per message
// otherwise). A message received while the block is in use (a transport delivering from inside a
// callback of the core) gets a block of its own. The core copies what it keeps before returning.
const KEPT_INPUT_BYTES = 64 * 1024;
let inputBlock = 0;
let inputCapacity = 0;
let inputBusy = false;

function takeInputBlock(capacity) {
  if (inputBusy || capacity > KEPT_INPUT_BYTES) return wasm._malloc(capacity);
  if (capacity > inputCapacity) {
    if (inputBlock) wasm._free(inputBlock);
    inputCapacity = Math.max(capacity, 4096);
    inputBlock = wasm._malloc(inputCapacity);
    if (!inputBlock) {
      inputCapacity = 0;
      return 0;
    }
  }
  inputBusy = true;
  return inputBlock;
}

function releaseInputBlock(data) {
  if (data === inputBlock) inputBusy = false;
  else wasm._free(data);
}

/**
 * @internal Writes the UTF-8 bytes of `first` then `second` into Wasm memory and calls
 * `use(address, firstBytes, secondBytes)`; the bytes are valid during that call only. Returns
 * false, without calling `use`, when Wasm memory is exhausted.
 */
export function withUtf8Pair(first, second, use) {
  const firstCapacity = first.length * 3;
  const capacity = firstCapacity + second.length * 3;
  const data = takeInputBlock(capacity > 0 ? capacity : 1);
  if (!data) return false;
  try {
    const heap = wasm.HEAPU8;
    const a = utf8Encoder.encodeInto(first, heap.subarray(data, data + firstCapacity)).written;
    const b = utf8Encoder.encodeInto(second, heap.subarray(data + a, data + capacity)).written;
    use(data, a, b);
  } finally {
    releaseInputBlock(data);
  }
  return true;
}

// Levels (error 0 .. debug 3) to Logger methods.
const LOG_METHODS = ["error", "warn", "log", "debug"];

export class UserAgentCoreBridge {
  /**
   * @param configuration - see user-agent-core-bridge.d.ts
   * @param options.loggerFactory - a LoggerFactory (js/core/log)
   * @param options.transport - the Transport (send(message): Promise<void>); settable later
   * @param options.onIncomingRequest - (id, method, messageText) for requests handed to JS
   */
  constructor(configuration, options = {}) {
    this.transport = options.transport;
    this.onIncomingRequest = options.onIncomingRequest;
    this._loggerFactory = options.loggerFactory;
    this._logger = this._loggerFactory ? this._loggerFactory.getLogger("sip.wasm.bridge") : undefined;
    this._timers = new Map();
    this._registererListeners = new Map();
    this._areas = [];
    const env = {
      logLevel: this._loggerFactory ? this._loggerFactory.level : 3,
      setTimer: (id, ms) => this._setTimer(id, ms),
      clearTimer: (id) => this._clearTimer(id),
      now: () => Date.now(),
      log: (level, category, label, content) => this._log(level, category, label, content),
      send: (id, message) => this._send(id, message),
      registererEvent: (id, kind, value, message) => this._registererEvent(id, kind, value, message),
      incomingRequest: (id, method, message) => this._incomingRequest(id, method, message)
    };
    if (configuration === null || typeof configuration !== "object") {
      throw new TypeError("UserAgentCoreBridge: configuration must be an object");
    }
    const handle = new wasm.UserAgentCoreBridge(env, JSON.stringify(configuration));
    const error = handle.configurationError();
    if (error) {
      handle.delete();
      throw new Error(error);
    }
    this._handle = handle;
    // For the raw exports (the per-message entries; bindings/README.md, "Raw exports").
    this._address = handle.address();
  }

  /** False once dispose() ran. */
  get alive() {
    return this._handle !== undefined;
  }

  /** The single inbound entry: one complete SIP message as received. Never throws. */
  receive(message) {
    if (!this._handle) return;
    if (typeof message !== "string") {
      this._log(1, "sip.wasm.bridge", "", "dropping a non-string message from the transport");
      return;
    }
    // Written into Wasm memory by the engine's UTF-8 encoder (see receiveUtf8 in the bridge).
    const capacity = message.length * 3; // a UTF-16 code unit is at most 3 bytes of UTF-8
    const data = capacity > 0 ? takeInputBlock(capacity) : 0;
    if (!data) {
      this._handle.receive(message);
      return;
    }
    try {
      const { written } = utf8Encoder.encodeInto(message, wasm.HEAPU8.subarray(data, data + capacity));
      wasm._sipwasm_receive(this._address, data, written);
    } finally {
      releaseInputBlock(data);
    }
  }

  // ---- Registerer (js/api/registerer.js) ----
  createRegisterer(options, listener) {
    const handle = this._live();
    const id = handle.createRegisterer(JSON.stringify(options));
    if (id === 0) {
      throw new Error(handle.lastError());
    }
    this._registererListeners.set(id, listener);
    return id;
  }
  registererRegister(id, extraHeaders) {
    return this._live().registererRegister(id, extraHeaders ? JSON.stringify(extraHeaders) : "");
  }
  registererUnregister(id, all, extraHeaders) {
    return this._live().registererUnregister(id, !!all, extraHeaders ? JSON.stringify(extraHeaders) : "");
  }
  registererDispose(id) {
    return this._handle ? this._handle.registererDispose(id) : false;
  }
  registererId(id) {
    return this._live().registererId(id);
  }
  registererInfo(id) {
    return this._handle ? JSON.parse(this._handle.registererInfo(id)) : null;
  }
  releaseRegisterer(id) {
    this._registererListeners.delete(id);
    if (this._handle) this._handle.releaseRegisterer(id);
  }
  lastError() {
    return this._handle ? this._handle.lastError() : "";
  }

  // ---- incoming requests handed to JS ----
  respond(id, statusCode, reasonPhrase = "", extraHeaders = []) {
    return this._handle ? this._handle.respond(id, statusCode, reasonPhrase, JSON.stringify(extraHeaders)) : false;
  }

  /**
   * Creates the embind handle of an API area over this core (bindings/<area>_bridge.cpp), e.g.
   * createArea("SessionBridge", env). The area is deleted, before the core, in dispose().
   */
  createArea(name, env, ...args) {
    const handle = new wasm[name](this._live(), env, ...args);
    this._areas.push(handle);
    return handle;
  }

  /** Counters for tests and diagnostics. */
  stats() {
    const h = this._handle;
    return {
      pendingTimers: h ? h.pendingTimers() : 0,
      pendingSends: h ? h.pendingSends() : 0,
      transactions: h ? h.transactionCount() : 0,
      registerers: h ? h.registererCount() : 0,
      jsTimers: this._timers.size
    };
  }

  static liveCounts() {
    return {
      bridges: wasm.UserAgentCoreBridge.liveBridges(),
      userAgentClients: wasm.UserAgentCoreBridge.liveUserAgentClients(),
      userAgentServers: wasm.UserAgentCoreBridge.liveUserAgentServers(),
      emvalHandles: typeof wasm.count_emval_handles === "function" ? wasm.count_emval_handles() : undefined
    };
  }

  /** Ends the core and releases the Wasm handle. Idempotent. */
  dispose() {
    const handle = this._handle;
    if (!handle) return;
    handle.dispose();
    this._handle = undefined;
    for (const area of this._areas.reverse()) area.delete();
    this._areas = [];
    handle.delete(); // clears the remaining JS timers through env.clearTimer
    for (const timer of this._timers.values()) globalThis.clearTimeout(timer);
    this._timers.clear();
    this._registererListeners.clear();
  }

  _live() {
    if (!this._handle) throw new Error("The user agent core has been disposed.");
    return this._handle;
  }

  _setTimer(id, ms) {
    try {
      const timer = globalThis.setTimeout(() => {
        this._timers.delete(id);
        if (this._handle) wasm._sipwasm_fire_timer(this._address, id);
      }, ms);
      this._timers.set(id, timer);
    } catch (e) {
      this._log(0, "sip.wasm.bridge", "", "setTimeout failed: " + errorText(e));
    }
  }

  _clearTimer(id) {
    const timer = this._timers.get(id);
    if (timer === undefined) return;
    this._timers.delete(id);
    try {
      globalThis.clearTimeout(timer);
    } catch (e) {
      // nothing to do
    }
  }

  _log(level, category, label, content) {
    try {
      if (!this._loggerFactory) return;
      if (label) {
        this._loggerFactory.genericLog(level, category, label, content);
        return;
      }
      // Through the category's Logger object, as SIP.js's own code logs (so an application that
      // wraps or spies on getLogger(category) sees the core's lines too).
      const logger = this._loggerFactory.getLogger(category);
      const method = LOG_METHODS[level] || "log";
      logger[method](content);
    } catch (e) {
      // a throwing connector must not unwind through Wasm
    }
  }

  _sendDone(id, ok, error) {
    if (!this._handle) return;
    if (ok) wasm._sipwasm_send_succeeded(this._address, id);
    else this._handle.sendDone(id, false, error);
  }

  _send(id, message) {
    let result;
    try {
      if (!this.transport) throw new Error("no transport");
      result = this.transport.send(message);
    } catch (e) {
      this._sendDone(id, false, errorText(e));
      return;
    }
    Promise.resolve(result).then(
      () => this._sendDone(id, true, ""),
      (e) => this._sendDone(id, false, errorText(e))
    );
  }

  _registererEvent(id, kind, value, message) {
    const listener = this._registererListeners.get(id);
    if (!listener) return;
    try {
      listener(kind, value, message);
    } catch (e) {
      this._log(0, "sip.Registerer", "", "exception in a listener: " + errorText(e));
    }
  }

  _incomingRequest(id, method, message) {
    try {
      if (this.onIncomingRequest) {
        this.onIncomingRequest(id, method, message);
        return;
      }
    } catch (e) {
      this._log(0, "sip.wasm.bridge", "", "exception in onIncomingRequest: " + errorText(e));
    }
    if (this._handle) this._handle.respond(id, 500, "", "[]");
  }
}

