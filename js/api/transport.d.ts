import { Emitter } from "./emitter.js";
import { TransportState } from "./transport-state.js";

/**
 * Transport layer interface expected by the `UserAgent`.
 *
 * @remarks
 * The transport follows the state machine of {@link TransportState}:
 * - "Connecting" is entered only because the user called `connect()`;
 * - "Disconnecting" is entered only because the user called `disconnect()`;
 * - `onConnect` is called on every transition to "Connected";
 * - `onDisconnect` is called on every transition from "Connected".
 *
 * A transport must move to "Disconnected" whenever connectivity is lost (registrations and
 * subscriptions depend on knowing it) and must not try to recover by itself: recovery belongs to
 * the application. Callbacks and state listeners must not call `connect()` or `disconnect()`
 * synchronously; doing so is a loop and rejects with a `StateTransitionError`. Call them
 * asynchronously instead, for example `Promise.resolve().then(() => transport.connect())`.
 * @public
 */
export interface Transport {
  /**
   * The transport protocol, as it appears in a Via header's sent-protocol (RFC 3261 §20.42),
   * for example "WSS".
   */
  readonly protocol: string;
  /**
   * Transport state. "Disconnected" once constructed.
   */
  readonly state: TransportState;
  /**
   * Transport state change emitter.
   */
  readonly stateChange: Emitter<TransportState>;
  /**
   * Called on the transition to "Connected" (`state` is "Connected" when it is called).
   * The `UserAgent` sets it when it is constructed.
   */
  onConnect: (() => void) | undefined;
  /**
   * Called on the transition from "Connected" (`state` is no longer "Connected" when it is called).
   * `error` is undefined when the user asked for the disconnection with `disconnect()`, and
   * defined when the transport lost the connection by itself.
   * The `UserAgent` sets it when it is constructed.
   */
  onDisconnect: ((error?: Error) => void) | undefined;
  /**
   * Called with each message received while "Connected".
   * The `UserAgent` sets it when it is constructed.
   */
  onMessage: ((message: string) => void) | undefined;
  /**
   * Connect to the network.
   *
   * @remarks
   * From "Disconnected" or "Disconnecting" the state moves to "Connecting" before this returns;
   * from "Connecting" or "Connected" it does not move. Resolves once "Connected"; rejects with an
   * Error after moving to "Disconnecting" or "Disconnected"; rejects with a `StateTransitionError`
   * when called synchronously from a state change (a loop).
   */
  connect(): Promise<void>;
  /**
   * Disconnect from the network.
   *
   * @remarks
   * From "Connecting" or "Connected" the state moves to "Disconnecting" before this returns;
   * from "Disconnecting" or "Disconnected" it does not move. Resolves once "Disconnected"; rejects
   * with an Error after moving to "Connecting" or "Connected"; rejects with a
   * `StateTransitionError` when called synchronously from a state change (a loop).
   */
  disconnect(): Promise<void>;
  /**
   * Releases the transport. The `UserAgent` calls this when it is stopped or disposed and does not
   * use the transport afterwards.
   */
  dispose(): Promise<void>;
  /**
   * True if `state` is "Connected".
   */
  isConnected(): boolean;
  /**
   * Send a message. Resolves once sent; rejects with an Error unless `state` is "Connected" or
   * when sending fails.
   * @param message - Message to send.
   */
  send(message: string): Promise<void>;
}
