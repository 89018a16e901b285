import { URI } from "../grammar/uri.js";

/**
 * Options for the {@link Publisher} constructor.
 * @public
 */
export interface PublisherOptions {
  /** @deprecated Set by publish(); kept for SIP.js compatibility. */
  body?: string;
  /** Content type of the published body. Default "text/plain". */
  contentType?: string;
  /** Requested publication duration in seconds. Default 3600. */
  expires?: number;
  /** Extra header lines ("Name: value") of every PUBLISH. */
  extraHeaders?: Array<string>;
  /** @deprecated From/To of the PUBLISH requests (default: the user agent's URI / the target). */
  params?: {
    fromDisplayName?: string;
    fromTag?: string;
    fromUri?: URI;
    toDisplayName?: string;
    toUri?: URI;
  };
  /** Un-PUBLISH when disposed (and so when the user agent stops). Default true. */
  unpublishOnClose?: boolean;
}
