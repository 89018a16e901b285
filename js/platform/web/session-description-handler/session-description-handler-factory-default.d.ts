import { SessionDescriptionHandler } from "./session-description-handler.js";
import { SessionDescriptionHandlerFactory } from "./session-description-handler-factory.js";

/**
 * Returns a SessionDescriptionHandlerFactory making {@link SessionDescriptionHandler}s, with the
 * default peer connection configuration and an ICE gathering timeout of 5000 ms unless the
 * factory options say otherwise.
 * @param mediaStreamFactory - MediaStream factory.
 * @public
 */
export declare function defaultSessionDescriptionHandlerFactory(
  mediaStreamFactory?: (
    constraints: MediaStreamConstraints,
    sessionDescriptionHandler: SessionDescriptionHandler
  ) => Promise<MediaStream>
): SessionDescriptionHandlerFactory;
