import { ManagedSessionFactory } from "./managed-session-factory.js";
/**
 * Returns the factory SessionManager uses by default: `{ session, held: false, muted: false }`.
 * @public
 */
export declare function defaultManagedSessionFactory(): ManagedSessionFactory;
