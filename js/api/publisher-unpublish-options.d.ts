/**
 * Options for {@link Publisher.unpublish} (none yet, as in SIP.js).
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PublisherUnpublishOptions {}
