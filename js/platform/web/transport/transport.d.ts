import { Emitter } from "../../../api/emitter.js";
import { Transport as TransportDefinition } from "../../../api/transport.js";
import { TransportState } from "../../../api/transport-state.js";
import { Logger } from "../../../core/log/logger.js";
import { TransportOptions } from "./transport-options.js";

/**
 * Transport for SIP over WebSocket (WS or WSS, RFC 7118).
 *
 * @remarks
 * Uses `globalThis.WebSocket` (looked up on each `connect()`), with the "sip" subprotocol.
 * @public
 */
export declare class Transport implements TransportDefinition {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  private _protocol;
  private _state;
  private _stateEventEmitter;
  private _ws;
  private configuration;
  private connectPromise;
  private connectResolve;
  private connectReject;
  private connectTimeout;
  private disconnectPromise;
  private disconnectResolve;
  private disconnectReject;
  private keepAliveInterval;
  private keepAliveDebounceTimeout;
  private logger;
  private transitioningState;
  /**
   * @param logger - Logger of the transport.
   * @param options - Options; `server` is required. Throws an Error on an invalid server URL or option.
   */
  constructor(logger: Logger, options?: TransportOptions);
  /** Disconnects. The transport is not used afterwards. */
  dispose(): Promise<void>;
  /** The protocol, as written in a Via header's sent-protocol: "WS" or "WSS". */
  get protocol(): string;
  /** The URL of the WebSocket server. */
  get server(): string;
  /** Transport state. */
  get state(): TransportState;
  /** Transport state change emitter. */
  get stateChange(): Emitter<TransportState>;
  /** The WebSocket, while there is one. */
  get ws(): WebSocket | undefined;
  /** Connects. Resolves once connected, otherwise rejects with an Error. */
  connect(): Promise<void>;
  /** Disconnects. Resolves once disconnected, otherwise rejects with an Error. */
  disconnect(): Promise<void>;
  /** True if `state` is "Connected". */
  isConnected(): boolean;
  /**
   * Sends a message. Resolves once sent, otherwise rejects with an Error.
   * @param message - Message to send.
   */
  send(message: string): Promise<void>;
  private _connect;
  private _disconnect;
  private _send;
  private onWebSocketClose;
  private onWebSocketError;
  private onWebSocketMessage;
  private onWebSocketOpen;
  private transitionLoopDetectedError;
  private transitionState;
  private clearKeepAliveTimeout;
  private sendKeepAlive;
  private startSendingKeepAlives;
  private stopSendingKeepAlives;
}
