import { SessionDescriptionHandler } from "./session-description-handler.js";
import { SessionDescriptionHandlerOptions } from "./session-description-handler-options.js";

/**
 * Makes the local MediaStream of a session description handler.
 * @public
 */
export declare type MediaStreamFactory = (
  constraints: MediaStreamConstraints,
  sessionDescriptionHandler: SessionDescriptionHandler,
  options?: SessionDescriptionHandlerOptions
) => Promise<MediaStream>;
