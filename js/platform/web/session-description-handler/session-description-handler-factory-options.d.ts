import { SessionDescriptionHandlerConfiguration } from "./session-description-handler-configuration.js";

/**
 * Options of the SessionDescriptionHandlerFactory: the UserAgent's
 * `sessionDescriptionHandlerFactoryOptions`, passed through on every call.
 * @public
 */
export declare type SessionDescriptionHandlerFactoryOptions = SessionDescriptionHandlerConfiguration;
