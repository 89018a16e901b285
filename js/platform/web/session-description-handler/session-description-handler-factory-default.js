import { defaultMediaStreamFactory } from "./media-stream-factory-default.js";
import { defaultPeerConnectionConfiguration } from "./peer-connection-configuration-default.js";
import { SessionDescriptionHandler } from "./session-description-handler.js";

/**
 * Returns a SessionDescriptionHandlerFactory making {@link SessionDescriptionHandler}s.
 *
 * @remarks
 * Each handler gets the default peer connection configuration overlaid with
 * `options.peerConnectionConfiguration`, and an ICE gathering timeout of
 * `options.iceGatheringTimeout` ms (default 5000; 0 waits without limit). Its logger is the
 * session's user agent's logger "sip.SessionDescriptionHandler".
 * @param mediaStreamFactory - MediaStream factory (default: {@link defaultMediaStreamFactory}).
 * @public
 */
export function defaultSessionDescriptionHandlerFactory(mediaStreamFactory) {
  return (session, options) => {
    if (mediaStreamFactory === undefined) {
      mediaStreamFactory = defaultMediaStreamFactory();
    }
    const iceGatheringTimeout =
      options && options.iceGatheringTimeout !== undefined ? options.iceGatheringTimeout : 5000;
    const sessionDescriptionHandlerConfiguration = {
      iceGatheringTimeout,
      peerConnectionConfiguration: {
        ...defaultPeerConnectionConfiguration(),
        ...(options ? options.peerConnectionConfiguration : undefined)
      }
    };
    const logger = session.userAgent.getLogger("sip.SessionDescriptionHandler");
    return new SessionDescriptionHandler(logger, mediaStreamFactory, sessionDescriptionHandlerConfiguration);
  };
}
