import { Session } from "../../../api/index.js";
import { ManagedSession } from "./managed-session.js";
import { SessionManager } from "./session-manager.js";
/**
 * Makes the {@link ManagedSession} record SessionManager keeps for each session it manages.
 * @public
 */
export interface ManagedSessionFactory {
  (sessionManager: SessionManager, session: Session): ManagedSession;
}
