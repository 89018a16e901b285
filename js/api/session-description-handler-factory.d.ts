import { SessionDescriptionHandler } from "./session-description-handler.js";

/**
 * Factory for {@link SessionDescriptionHandler}.
 * @public
 */
export interface SessionDescriptionHandlerFactory {
  /**
   * Makes the session description handler of a session.
   * @remarks
   * `options` are the UserAgent's `sessionDescriptionHandlerFactoryOptions`, passed through on
   * every call.
   */
  // `session` is the API's Session (sip.js types it `Session`); typed loosely here until
  // api/session.d.ts exists, so factories typed against sip.js's Session still assign to this.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (session: any, options?: object): SessionDescriptionHandler;
}
