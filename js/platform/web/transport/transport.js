// SIP over WebSocket (RFC 7118): the browser's WebSocket, driven by the transport state machine
// that sip.js's UserAgent expects (api/transport.d.ts). Pure JavaScript: the WebSocket class and
// the timer functions are looked up on globalThis when they are used, so a test can supply `ws`'s
// WebSocket under Node and fake clocks control every timer.
import { EmitterImpl } from "../../../api/emitter.js";
import { StateTransitionError } from "../../../api/exceptions/state-transition.js";
import { TransportState } from "../../../api/transport-state.js";

const WEBSOCKET_OPEN = 1; // WebSocket.OPEN

const defaultOptions = {
  server: "",
  connectionTimeout: 5,
  keepAliveInterval: 0,
  keepAliveDebounce: 10,
  traceSip: true
};

// Validates the server URL the way the WebSocket constructor will read it; returns "WS" or "WSS".
function protocolOf(server, logger) {
  let parsed;
  try {
    if (typeof server !== "string" || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(server)) {
      throw new Error("not an absolute URL with an authority");
    }
    parsed = new URL(server);
  } catch (e) {
    logger.error(`Invalid WebSocket Server URL "${server}"`);
    throw new Error(`Invalid WebSocket Server URL "${server}": expected ws://host[:port][/path] or wss://...`);
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (scheme !== "ws" && scheme !== "wss") {
    logger.error(`Invalid scheme in WebSocket Server URL "${server}"`);
    throw new Error(`Invalid scheme in WebSocket Server URL "${server}": the scheme must be ws or wss`);
  }
  if (!parsed.hostname || parsed.hash) {
    logger.error(`Invalid WebSocket Server URL "${server}"`);
    throw new Error(`Invalid WebSocket Server URL "${server}": ${parsed.hash ? "a fragment is not allowed" : "no host"}`);
  }
  return scheme.toUpperCase();
}

function checkSeconds(name, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`Invalid transport option ${name}: ${String(value)} (expected a number of seconds >= 0)`);
  }
}

function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Transport for SIP over WebSocket (WS or WSS, RFC 7118).
 * @public
 */
export class Transport {
  constructor(logger, options) {
    this.logger = logger;
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
    this._state = TransportState.Disconnected;
    this._stateEventEmitter = new EmitterImpl();
    this._ws = undefined;
    this.transitioningState = false;
    this.connectPromise = undefined;
    this.connectResolve = undefined;
    this.connectReject = undefined;
    this.connectTimeout = undefined;
    this.disconnectPromise = undefined;
    this.disconnectResolve = undefined;
    this.disconnectReject = undefined;
    this.keepAliveInterval = undefined;
    this.keepAliveDebounceTimeout = undefined;

    const given = {};
    if (options !== undefined && options !== null) {
      if (typeof options !== "object") {
        throw new Error("Transport options must be an object.");
      }
      // Options left undefined keep their defaults.
      for (const key of Object.keys(options)) {
        if (options[key] !== undefined) {
          given[key] = options[key];
        }
      }
      // Options of SIP.js before 0.16, still honoured (with a warning) as sip.js 0.21 does.
      const wsServers = options.wsServers;
      if (wsServers !== undefined) {
        this.logger.warn(
          'The transport option "wsServers" as has apparently been specified and has been deprecated. ' +
            "It will no longer be available starting with SIP.js release 0.16.0. Please update accordingly."
        );
        if (!options.server) {
          if (typeof wsServers === "string") {
            given.server = wsServers;
          } else if (Array.isArray(wsServers)) {
            given.server = wsServers[0];
          }
        }
      }
      if (options.maxReconnectionAttempts !== undefined) {
        this.logger.warn(
          'The transport option "maxReconnectionAttempts" as has apparently been specified and has been deprecated. ' +
            "It will no longer be available starting with SIP.js release 0.16.0. Please update accordingly."
        );
      }
    }
    this.configuration = { ...defaultOptions, ...given };
    this._protocol = protocolOf(this.configuration.server, this.logger);
    checkSeconds("connectionTimeout", this.configuration.connectionTimeout);
    checkSeconds("keepAliveInterval", this.configuration.keepAliveInterval);
    checkSeconds("keepAliveDebounce", this.configuration.keepAliveDebounce);
  }

  /**
   * Disconnects. The transport is not used afterwards.
   */
  dispose() {
    return this.disconnect();
  }

  /**
   * The protocol, as written in a Via header's sent-protocol: "WS" or "WSS".
   */
  get protocol() {
    return this._protocol;
  }

  /**
   * The URL of the WebSocket server.
   */
  get server() {
    return this.configuration.server;
  }

  /**
   * Transport state.
   */
  get state() {
    return this._state;
  }

  /**
   * Transport state change emitter.
   */
  get stateChange() {
    return this._stateEventEmitter;
  }

  /**
   * The WebSocket, while there is one.
   */
  get ws() {
    return this._ws;
  }

  /**
   * Connects. Resolves once connected, otherwise rejects with an Error.
   */
  connect() {
    return this._connect();
  }

  /**
   * Disconnects. Resolves once disconnected, otherwise rejects with an Error.
   */
  disconnect() {
    return this._disconnect();
  }

  /**
   * True if `state` is "Connected".
   */
  isConnected() {
    return this._state === TransportState.Connected;
  }

  /**
   * Sends a message. Resolves once handed to the WebSocket, otherwise rejects with an Error
   * (RFC 3261 §18.4: a failure to send is reported to the transport user).
   * @param message - Message to send.
   */
  send(message) {
    return this._send(message);
  }

  _connect() {
    this.logger.log(`Connecting ${this.server}`);
    switch (this._state) {
      case TransportState.Connecting:
        if (this.transitioningState) {
          return Promise.reject(this.transitionLoopDetectedError(TransportState.Connecting));
        }
        return this.connectPromise;
      case TransportState.Connected:
        if (this.transitioningState) {
          return Promise.reject(this.transitionLoopDetectedError(TransportState.Connecting));
        }
        return Promise.resolve();
      case TransportState.Disconnecting:
      case TransportState.Disconnected:
        try {
          this.transitionState(TransportState.Connecting);
        } catch (e) {
          if (e instanceof StateTransitionError) {
            return Promise.reject(e); // loop detected
          }
          throw e;
        }
        break;
      default:
        throw new Error("Unknown state");
    }

    this.connectPromise = new Promise((resolve, reject) => {
      this.connectResolve = resolve;
      this.connectReject = reject;
    });
    const connectPromise = this.connectPromise;

    let ws;
    try {
      const WebSocketClass = globalThis.WebSocket;
      if (typeof WebSocketClass !== "function") {
        throw new Error("WebSocket is not available (globalThis.WebSocket is undefined).");
      }
      ws = new WebSocketClass(this.server, "sip");
      ws.binaryType = "arraybuffer"; // binary frames arrive as ArrayBuffer
      ws.addEventListener("close", (ev) => this.onWebSocketClose(ev, ws));
      ws.addEventListener("error", (ev) => this.onWebSocketError(ev, ws));
      ws.addEventListener("open", (ev) => this.onWebSocketOpen(ev, ws));
      ws.addEventListener("message", (ev) => this.onWebSocketMessage(ev, ws));
      this._ws = ws;
    } catch (error) {
      this._ws = undefined;
      this.logger.error("WebSocket construction failed.");
      this.logger.error(errorText(error));
      // The state moves to "Disconnected" before the connect promise rejects.
      this.transitionState(TransportState.Disconnected, error instanceof Error ? error : new Error(String(error)));
      return connectPromise;
    }

    this.connectTimeout = globalThis.setTimeout(() => {
      this.connectTimeout = undefined;
      if (ws !== this._ws || this._state !== TransportState.Connecting) {
        return;
      }
      const seconds = this.configuration.connectionTimeout;
      this.logger.warn(`Connect timed out. Exceeded time set in configuration.connectionTimeout: ${seconds}s.`);
      // Give up on this WebSocket now rather than wait for its close event (which some
      // implementations deliver late, or not at all, for a handshake that never completes).
      this._ws = undefined;
      try {
        ws.close(1000);
      } catch (e) {
        this.logger.error(errorText(e));
      }
      this.transitionState(
        TransportState.Disconnected,
        new Error(`Connect timed out after ${seconds}s (${this.server})`)
      );
    }, this.configuration.connectionTimeout * 1000);

    return connectPromise;
  }

  _disconnect() {
    this.logger.log(`Disconnecting ${this.server}`);
    switch (this._state) {
      case TransportState.Connecting:
      case TransportState.Connected:
        try {
          this.transitionState(TransportState.Disconnecting);
        } catch (e) {
          if (e instanceof StateTransitionError) {
            return Promise.reject(e); // loop detected
          }
          throw e;
        }
        break;
      case TransportState.Disconnecting:
        if (this.transitioningState) {
          return Promise.reject(this.transitionLoopDetectedError(TransportState.Disconnecting));
        }
        return this.disconnectPromise;
      case TransportState.Disconnected:
        if (this.transitioningState) {
          return Promise.reject(this.transitionLoopDetectedError(TransportState.Disconnecting));
        }
        return Promise.resolve();
      default:
        throw new Error("Unknown state");
    }

    this.disconnectPromise = new Promise((resolve, reject) => {
      this.disconnectResolve = resolve;
      this.disconnectReject = reject;
    });
    const disconnectPromise = this.disconnectPromise;
    const ws = this._ws;
    if (!ws) {
      // Nothing to close (cannot happen from Connecting or Connected, but do not hang if it does).
      this.transitionState(TransportState.Disconnected);
      return disconnectPromise;
    }
    try {
      ws.close(1000); // the close event completes the transition to "Disconnected"
    } catch (error) {
      this.logger.error("WebSocket close failed.");
      this.logger.error(errorText(error));
      this._ws = undefined;
      this.transitionState(TransportState.Disconnected);
    }
    return disconnectPromise;
  }

  _send(message) {
    if (this.configuration.traceSip === true) {
      this.logger.log("Sending WebSocket message:\n\n" + message + "\n");
    }
    if (this._state !== TransportState.Connected) {
      return Promise.reject(new Error("Not connected."));
    }
    const ws = this._ws;
    if (!ws) {
      return Promise.reject(new Error("WebSocket undefined."));
    }
    if (ws.readyState !== WEBSOCKET_OPEN) {
      // Closing: a browser would drop the frame silently.
      return Promise.reject(new Error("WebSocket is not open."));
    }
    try {
      ws.send(message);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error("WebSocket send failed."));
    }
    return Promise.resolve();
  }

  /** WebSocket "close" event. */
  onWebSocketClose(ev, ws) {
    if (ws !== this._ws) {
      return;
    }
    const code = ev && ev.code !== undefined ? ev.code : "unknown";
    const message = `WebSocket closed ${this.server} (code: ${code})`;
    // Unless the user asked for it (disconnect()), a close is a loss of the connection.
    const error = this._state === TransportState.Disconnecting ? undefined : new Error(message);
    if (error) {
      this.logger.warn("WebSocket closed unexpectedly");
    }
    this.logger.log(message);
    this._ws = undefined;
    if (this._state !== TransportState.Disconnected) {
      this.transitionState(TransportState.Disconnected, error);
    }
  }

  /** WebSocket "error" event (a close event follows). */
  onWebSocketError(ev, ws) {
    if (ws !== this._ws) {
      return;
    }
    this.logger.error("WebSocket error occurred.");
  }

  /** WebSocket "message" event. */
  onWebSocketMessage(ev, ws) {
    if (ws !== this._ws) {
      return;
    }
    const data = ev ? ev.data : undefined;
    const binary = typeof data !== "string";
    let text;
    if (!binary) {
      text = data;
    } else {
      try {
        if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
          text = new TextDecoder().decode(data);
        } else {
          throw new Error(`unsupported message data (${Object.prototype.toString.call(data)})`);
        }
      } catch (err) {
        this.logger.error(errorText(err));
        this.logger.error("Received WebSocket binary message failed to be converted into string, message discarded");
        return;
      }
    }
    // A CRLF keep-alive answer (RFC 5626 §3.5.1 "pong"): the outstanding keep-alive is answered.
    if (/^(\r\n)+$/.test(text)) {
      this.clearKeepAliveTimeout();
      if (this.configuration.traceSip === true) {
        this.logger.log("Received WebSocket message with CRLF Keep Alive response");
      }
      return;
    }
    if (!text) {
      this.logger.warn("Received empty message, discarding...");
      return;
    }
    if (this.configuration.traceSip === true) {
      this.logger.log(`Received WebSocket ${binary ? "binary" : "text"} message:\n\n` + text + "\n");
    }
    if (this._state !== TransportState.Connected) {
      this.logger.warn("Received message while not connected, discarding...");
      return;
    }
    if (this.onMessage) {
      try {
        this.onMessage(text);
      } catch (e) {
        this.logger.error(errorText(e));
        this.logger.error("Exception thrown by onMessage callback");
        throw e; // an exception of the transport user is its own to see
      }
    }
  }

  /** WebSocket "open" event. */
  onWebSocketOpen(ev, ws) {
    if (ws !== this._ws) {
      return;
    }
    if (this._state === TransportState.Connecting) {
      this.logger.log(`WebSocket opened ${this.server}`);
      this.transitionState(TransportState.Connected);
    }
  }

  transitionLoopDetectedError(state) {
    this.logger.error(
      "A state transition loop has been detected." +
        ` An attempt to transition from ${this._state} to ${state} before the prior transition completed.` +
        " Perhaps you are synchronously calling connect() or disconnect() from a callback or state change handler?"
    );
    return new StateTransitionError("Loop detected.");
  }

  /**
   * Moves to `newState`: emits it, calls onConnect/onDisconnect, then settles the connect and
   * disconnect promises, in that order (as sip.js does).
   * @internal
   */
  transitionState(newState, error) {
    if (this.transitioningState) {
      throw this.transitionLoopDetectedError(newState);
    }
    const valid = {
      [TransportState.Connecting]: [TransportState.Connected, TransportState.Disconnecting, TransportState.Disconnected],
      [TransportState.Connected]: [TransportState.Disconnecting, TransportState.Disconnected],
      [TransportState.Disconnecting]: [TransportState.Connecting, TransportState.Disconnected],
      [TransportState.Disconnected]: [TransportState.Connecting]
    }[this._state];
    if (!valid) {
      throw new Error("Unknown state.");
    }
    if (!valid.includes(newState)) {
      throw new Error(`Invalid state transition from ${this._state} to ${newState}`);
    }
    this.transitioningState = true;

    const oldState = this._state;
    this._state = newState;

    const connectResolve = this.connectResolve;
    const connectReject = this.connectReject;
    if (oldState === TransportState.Connecting) {
      this.connectPromise = undefined;
      this.connectResolve = undefined;
      this.connectReject = undefined;
    }
    const disconnectResolve = this.disconnectResolve;
    const disconnectReject = this.disconnectReject;
    if (oldState === TransportState.Disconnecting) {
      this.disconnectPromise = undefined;
      this.disconnectResolve = undefined;
      this.disconnectReject = undefined;
    }
    if (this.connectTimeout !== undefined) {
      globalThis.clearTimeout(this.connectTimeout);
      this.connectTimeout = undefined;
    }

    this.logger.log(`Transitioned from ${oldState} to ${this._state}`);

    // A throwing listener or callback must not leave the promises unsettled or the machine stuck
    // mid-transition: the transition completes, and the exception is rethrown from a microtask
    // (reported like any uncaught exception) instead of out of connect()/disconnect().
    const guard = (what, fn) => {
      try {
        fn();
      } catch (e) {
        this.logger.error(errorText(e));
        this.logger.error(`Exception thrown by ${what}`);
        globalThis.queueMicrotask(() => {
          throw e;
        });
      }
    };

    guard("a stateChange listener", () => this._stateEventEmitter.emit(newState));

    if (newState === TransportState.Connected) {
      this.startSendingKeepAlives();
      if (this.onConnect) {
        guard("onConnect callback", () => this.onConnect());
      }
    }
    if (oldState === TransportState.Connected) {
      this.stopSendingKeepAlives();
      if (this.onDisconnect) {
        guard("onDisconnect callback", () => (error ? this.onDisconnect(error) : this.onDisconnect()));
      }
    }
    if (oldState === TransportState.Connecting && connectResolve && connectReject) {
      newState === TransportState.Connected ? connectResolve() : connectReject(error || new Error("Connect aborted."));
    }
    if (oldState === TransportState.Disconnecting && disconnectResolve && disconnectReject) {
      newState === TransportState.Disconnected
        ? disconnectResolve()
        : disconnectReject(error || new Error("Disconnect aborted."));
    }

    this.transitioningState = false;
  }

  // Keep-alives: a double CRLF "ping" (RFC 5626 §3.5.1, usable over WebSocket per RFC 7118 §6),
  // every 80% to 100% of keepAliveInterval seconds (a new random delay each time, RFC 5626
  // §4.4.1), skipped while a previous ping is still waiting for its CRLF "pong" (at most
  // keepAliveDebounce seconds).

  clearKeepAliveTimeout() {
    if (this.keepAliveDebounceTimeout !== undefined) {
      globalThis.clearTimeout(this.keepAliveDebounceTimeout);
    }
    this.keepAliveDebounceTimeout = undefined;
  }

  /** Sends a keep-alive (a double CRLF) unless one is still awaiting its answer. */
  sendKeepAlive() {
    if (this.keepAliveDebounceTimeout !== undefined) {
      return Promise.resolve();
    }
    this.keepAliveDebounceTimeout = globalThis.setTimeout(() => {
      this.keepAliveDebounceTimeout = undefined;
    }, this.configuration.keepAliveDebounce * 1000);
    return this.send("\r\n\r\n").catch((e) => {
      this.logger.warn(`Keep-alive not sent: ${errorText(e)}`);
    });
  }

  startSendingKeepAlives() {
    const interval = this.configuration.keepAliveInterval;
    if (!interval || this.keepAliveInterval !== undefined) {
      return;
    }
    const delay = 1000 * interval * (0.8 + 0.2 * Math.random());
    this.keepAliveInterval = globalThis.setTimeout(() => {
      this.keepAliveInterval = undefined;
      if (this._state !== TransportState.Connected) {
        return;
      }
      this.sendKeepAlive();
      this.startSendingKeepAlives();
    }, delay);
  }

  stopSendingKeepAlives() {
    if (this.keepAliveInterval !== undefined) {
      globalThis.clearTimeout(this.keepAliveInterval);
    }
    if (this.keepAliveDebounceTimeout !== undefined) {
      globalThis.clearTimeout(this.keepAliveDebounceTimeout);
    }
    this.keepAliveInterval = undefined;
    this.keepAliveDebounceTimeout = undefined;
  }
}
