/**
 * Transport options.
 * @public
 */
export interface TransportOptions {
  /**
   * URL of the WebSocket server, ws:// or wss://, for example "wss://sip.example.com:7443".
   * The constructor throws an Error if it is not a valid ws or wss URL.
   */
  server: string;
  /**
   * Seconds to wait for the WebSocket to connect before giving up.
   * @defaultValue `5`
   */
  connectionTimeout?: number;
  /**
   * Seconds between CRLF keep-alives (each wait is 80% to 100% of this); 0 sends none.
   * @defaultValue `0`
   */
  keepAliveInterval?: number;
  /**
   * Seconds a keep-alive waits for its CRLF answer before another may be sent.
   * @defaultValue `10`
   */
  keepAliveDebounce?: number;
  /**
   * If true, messages sent and received are logged.
   * @defaultValue `true`
   */
  traceSip?: boolean;
}
