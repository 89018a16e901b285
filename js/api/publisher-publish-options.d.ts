/**
 * Options for {@link Publisher.publish} (none yet, as in SIP.js).
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PublisherPublishOptions {}
