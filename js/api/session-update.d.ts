import { OutgoingUpdateRequest } from "./incoming-request.js";
import { Session, SessionUpdateOptions } from "./session.js";

/** @internal Session.update() (RFC 3311): sends the request through the session's C++ state machine. */
export declare function sessionUpdate(session: Session, options?: SessionUpdateOptions): Promise<OutgoingUpdateRequest>;
