import { NameAddrHeader } from "../grammar/name-addr-header.js";
import { IncomingRequestHandle, ResponseOptions, WrappedRequest } from "./incoming-request.js";
import { Inviter, InviterOptions } from "./inviter.js";
import { Session } from "./session.js";
/** A REFER received by a session or user agent. @public */
export declare class Referral extends WrappedRequest {
  constructor(incomingReferRequest: IncomingRequestHandle, session: Session);
  get referTo(): NameAddrHeader;
  get referredBy(): string | undefined;
  get replaces(): string | undefined;
  accept(options?: ResponseOptions): Promise<void>;
  reject(options?: ResponseOptions): Promise<void>;
  makeInviter(options?: InviterOptions): Inviter;
}
