/**
 * Returns a MediaStreamFactory that asks getUserMedia for the constraints (a stream without
 * tracks when neither audio nor video is asked for).
 * @public
 */
export function defaultMediaStreamFactory() {
  return (constraints) => {
    if (!constraints.audio && !constraints.video) {
      const MediaStreamClass = globalThis.MediaStream;
      if (typeof MediaStreamClass !== "function") {
        return Promise.reject(new Error("MediaStream is not available in this environment."));
      }
      return Promise.resolve(new MediaStreamClass());
    }
    // getUserMedia exists only in secure contexts (https:, file:, localhost); elsewhere
    // navigator.mediaDevices is undefined.
    const navigator = globalThis.navigator;
    const mediaDevices = navigator ? navigator.mediaDevices : undefined;
    if (mediaDevices === undefined || mediaDevices === null) {
      return Promise.reject(new Error("Media devices not available in insecure contexts."));
    }
    return mediaDevices.getUserMedia(constraints);
  };
}
