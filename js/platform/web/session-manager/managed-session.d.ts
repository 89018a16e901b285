import { Session } from "../../../api/index.js";
import { SessionManagerMediaLocal, SessionManagerMediaRemote } from "./session-manager-options.js";
/**
 * What SessionManager remembers about a session it manages.
 * @public
 */
export interface ManagedSession {
  /** True while the session is on hold (set when a hold is requested, undone if it fails). */
  held: boolean;
  /** True while the local tracks are disabled by mute(). */
  muted: boolean;
  session: Session;
  /** The local media elements the session's streams were attached to, if any. */
  mediaLocal?: SessionManagerMediaLocal;
  /** The remote media elements the session's streams were attached to, if any. */
  mediaRemote?: SessionManagerMediaRemote;
}
