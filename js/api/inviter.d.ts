import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { NameAddrHeader } from "../grammar/name-addr-header.js";
import { URI } from "../grammar/uri.js";
import { OutgoingInviteRequest, OutgoingRequestDelegate, RequestOptions } from "./incoming-request.js";
import { Session, SessionOptions } from "./session.js";
import {
  BodyAndContentType,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions
} from "./session-description-handler.js";
import { UserAgent } from "./user-agent.js";

/** Options for {@link Inviter}. @public */
export interface InviterOptions extends SessionOptions {
  anonymous?: boolean;
  earlyMedia?: boolean;
  extraHeaders?: Array<string>;
  inviteWithoutSdp?: boolean;
  params?: {
    fromDisplayName?: string;
    fromTag?: string;
    fromUri?: string | URI;
    toDisplayName?: string;
    toUri?: string | URI;
  };
  renderbody?: string;
  rendertype?: string;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiersReInvite?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptionsReInvite?: SessionDescriptionHandlerOptions;
}
/** Options for {@link Inviter.invite}. @public */
export interface InviterInviteOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  withoutSdp?: boolean;
}
/** Options for {@link Inviter.cancel}. @public */
export interface InviterCancelOptions {
  extraHeaders?: Array<string>;
  reasonPhrase?: string;
  statusCode?: number;
}

/** An outgoing session (sends the initial INVITE). @public */
export declare class Inviter extends Session {
  _referred: Session | undefined;
  constructor(userAgent: UserAgent, targetURI: URI, options?: InviterOptions);
  dispose(): Promise<void>;
  get body(): BodyAndContentType | undefined;
  get localIdentity(): NameAddrHeader;
  get remoteIdentity(): NameAddrHeader;
  get request(): IncomingRequestMessage;
  cancel(options?: InviterCancelOptions): Promise<void>;
  invite(options?: InviterInviteOptions): Promise<OutgoingInviteRequest>;
}
