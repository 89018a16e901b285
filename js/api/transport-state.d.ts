/**
 * {@link Transport} state.
 *
 * @remarks
 * A transport starts Disconnected. `connect()` moves it to Connecting, then Connected (or back to
 * Disconnected on failure); `disconnect()` moves it to Disconnecting, then Disconnected; a lost
 * connection moves it from Connected (or Connecting) straight to Disconnected.
 * @public
 */
export declare enum TransportState {
  /** The `connect()` method was called. */
  Connecting = "Connecting",
  /** The `connect()` method resolved. */
  Connected = "Connected",
  /** The `disconnect()` method was called. */
  Disconnecting = "Disconnecting",
  /** The `connect()` method was rejected, or `disconnect()` completed, or the connection was lost. */
  Disconnected = "Disconnected"
}
