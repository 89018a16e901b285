import { URI } from "../grammar/uri.js";
/**
 * Options for {@link Registerer} constructor.
 * @public
 */
export interface RegistererOptions {
  /** Registration expiration time in seconds. Default 600. */
  expires?: number;
  /** Array of extra Contact header parameters. */
  extraContactHeaderParams?: Array<string>;
  /** Array of extra headers added to the REGISTER. */
  extraHeaders?: Array<string>;
  /** UUID to provide with "+sip.instance" Contact parameter. */
  instanceId?: string;
  /** If true, constructor logs the registerer configuration. */
  logConfiguration?: boolean;
  /** @deprecated */
  params?: { fromDisplayName?: string; fromTag?: string; fromUri?: URI; toDisplayName?: string; toUri?: URI; callId?: string; cseq?: number };
  /** Value to provide with "reg-id" Contact parameter. */
  regId?: number;
  /** The URI of the registrar to send the REGISTER requests. Default: the user agent's URI without user. */
  registrar?: URI;
  /** Percentage of expires at which to refresh (50 to 99). Default 99. */
  refreshFrequency?: number;
}
