import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { NameAddrHeader } from "../grammar/name-addr-header.js";
import { Session } from "./session.js";
import { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./session-description-handler.js";
import { SessionTimerOptions } from "./session-timer-options.js";
import { UserAgent } from "./user-agent.js";

/** Options for {@link Invitation.accept}. @public */
export interface InvitationAcceptOptions {
  extraHeaders?: Array<string>;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  /**
   * Beyond SIP.js: this session's session timer options over the user agent's (RFC 4028). An
   * INVITE asking for less than the user agent's minSE was already answered 422 before the
   * invitation reached the application.
   */
  sessionTimers?: SessionTimerOptions;
}
/** Options for {@link Invitation.progress}. @public */
export interface InvitationProgressOptions {
  body?: string | { body: string; contentType: string };
  extraHeaders?: Array<string>;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  statusCode?: number;
  reasonPhrase?: string;
  rel100?: boolean;
}
/** Options for {@link Invitation.reject}. @public */
export interface InvitationRejectOptions {
  body?: string | { body: string; contentType: string };
  extraHeaders?: Array<string>;
  statusCode?: number;
  reasonPhrase?: string;
}

/** An incoming session (received an initial INVITE). @public */
export declare class Invitation extends Session {
  /** @internal Made by the user agent when an INVITE arrives. */
  constructor(userAgent: UserAgent, num: number, requestText: string, requires100rel: boolean, id?: string);
  dispose(): Promise<void>;
  get autoSendAnInitialProvisionalResponse(): boolean;
  get body(): string | undefined;
  get localIdentity(): NameAddrHeader;
  get remoteIdentity(): NameAddrHeader;
  get request(): IncomingRequestMessage;
  accept(options?: InvitationAcceptOptions): Promise<void>;
  progress(options?: InvitationProgressOptions): Promise<void>;
  reject(options?: InvitationRejectOptions): Promise<void>;
}
