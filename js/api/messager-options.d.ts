import { URI } from "../grammar/uri.js";

/**
 * Options for the {@link Messager} constructor.
 * @public
 */
export interface MessagerOptions {
  /** Extra header lines ("Name: value") of the MESSAGE. */
  extraHeaders?: Array<string>;
  /** @deprecated From/To and identity of the MESSAGE (default: the user agent's URI / the target). */
  params?: {
    fromDisplayName?: string;
    fromTag?: string;
    fromUri?: string | URI;
    toDisplayName?: string;
    toUri?: string | URI;
  };
}
