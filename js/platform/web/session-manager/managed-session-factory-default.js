/**
 * The ManagedSessionFactory SessionManager uses unless told otherwise: a plain record of the
 * session, neither held nor muted.
 * @public
 */
export function defaultManagedSessionFactory() {
  return (_sessionManager, session) => ({ session, held: false, muted: false });
}
