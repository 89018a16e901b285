import { MediaStreamFactory } from "./media-stream-factory.js";

/**
 * Returns a MediaStreamFactory that asks getUserMedia for the constraints (a stream without
 * tracks when neither audio nor video is asked for).
 * @public
 */
export declare function defaultMediaStreamFactory(): MediaStreamFactory;
