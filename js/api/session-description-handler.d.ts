/**
 * Delegate for a {@link Session}'s offer/answer exchange: it produces local session descriptions
 * and applies remote ones.
 * @public
 */
export interface SessionDescriptionHandler {
  /**
   * Releases the media resources. Methods called afterwards reject or fail.
   */
  close(): void;
  /**
   * Gets a local description (an offer or an answer, depending on the offer/answer state).
   * @param options - Options passed through from the API call that needs the description.
   * @param modifiers - Modifiers applied once to this description.
   * @returns the body and its content type. Rejects if the handler is closed or the media layer fails.
   */
  getDescription(
    options?: SessionDescriptionHandlerOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>
  ): Promise<BodyAndContentType>;
  /**
   * True if this handler can handle a body of this Content-Type.
   * @param contentType - The Content-Type of the SIP message body.
   */
  hasDescription(contentType: string): boolean;
  /**
   * Rolls back a pending local or remote offer, returning to the last stable state.
   */
  rollbackDescription?(): Promise<void>;
  /**
   * Applies a remote description (an offer or an answer, depending on the offer/answer state).
   * @param sdp - The description from the SIP message body.
   * @param options - Options passed through from the API call that received the description.
   * @param modifiers - Modifiers applied once to this description.
   * Rejects if the handler is closed or the media layer refuses the description.
   */
  setDescription(
    sdp: string,
    options?: SessionDescriptionHandlerOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>
  ): Promise<void>;
  /**
   * Sends DTMF tones in the media path (RFC 4733).
   * @param tones - DTMF digits.
   * @param options - Implementation-specific options (durations, for example).
   * @returns true if the tones were queued for sending, false otherwise.
   */
  sendDtmf(tones: string, options?: unknown): boolean;
}

/**
 * Modifies a session description before it is applied (local) or after it is received (remote).
 * @public
 */
export interface SessionDescriptionHandlerModifier {
  (sessionDescription: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
}

/**
 * Options for {@link SessionDescriptionHandler} methods, given to UserAgent/Session methods
 * (`invite()` for example) and passed through to getDescription() and setDescription().
 * @public
 */
export interface SessionDescriptionHandlerOptions {
  constraints?: object;
}

/**
 * A message body and its content type.
 * @public
 */
export interface BodyAndContentType {
  /** The message body. */
  body: string;
  /** The body's content type. */
  contentType: string;
}
