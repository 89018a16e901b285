import { RegistererRequestDelegate } from "./registerer-register-options.js";
/** Options for {@link Registerer.unregister}. @public */
export interface RegistererUnregisterOptions {
  /** Unregister every contact of the AOR (Contact: *, Expires: 0). */
  all?: boolean;
  requestDelegate?: RegistererRequestDelegate;
  requestOptions?: { extraHeaders?: Array<string> };
}
