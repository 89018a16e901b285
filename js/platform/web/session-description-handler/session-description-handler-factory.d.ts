import { SessionDescriptionHandlerFactory as SessionDescriptionHandlerFactoryDefinition } from "../../../api/session-description-handler-factory.js";
import { SessionDescriptionHandler } from "./session-description-handler.js";
import { SessionDescriptionHandlerFactoryOptions } from "./session-description-handler-factory-options.js";

/**
 * Factory for {@link SessionDescriptionHandler}.
 * @public
 */
export interface SessionDescriptionHandlerFactory extends SessionDescriptionHandlerFactoryDefinition {
  /**
   * Makes the session description handler of a session; `options` are the UserAgent's
   * `sessionDescriptionHandlerFactoryOptions`.
   */
  // `session` is the API's Session (see api/session-description-handler-factory.d.ts).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (session: any, options?: SessionDescriptionHandlerFactoryOptions): SessionDescriptionHandler;
}
