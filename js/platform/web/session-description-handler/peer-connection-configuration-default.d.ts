/**
 * Returns the default RTCConfiguration: a public STUN server, balanced bundling, RTCP muxed.
 * @public
 */
export declare function defaultPeerConnectionConfiguration(): RTCConfiguration;
