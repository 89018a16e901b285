import { IncomingRequestMessage } from "../core/messages/incoming-request-message.js";
import { NameAddrHeader } from "../grammar/name-addr-header.js";
import { URI } from "../grammar/uri.js";
import { Ack } from "./ack.js";
import { Bye } from "./bye.js";
import { Cancel } from "./cancel.js";
import { Emitter } from "./emitter.js";
import {
  OutgoingByeRequest,
  OutgoingInfoRequest,
  OutgoingInviteRequest,
  OutgoingMessageRequest,
  OutgoingReferRequest,
  OutgoingRequestDelegate,
  RequestOptions,
  SessionDialog
} from "./incoming-request.js";
import { Info } from "./info.js";
import { Message } from "./message.js";
import { Notification } from "./notification.js";
import { Referral } from "./referral.js";
import {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions
} from "./session-description-handler.js";
import { SessionDescriptionHandlerFactory } from "./session-description-handler-factory.js";
import { SessionState } from "./session-state.js";
import { UserAgent } from "./user-agent.js";

export type { BodyAndContentType };

/** Callbacks of a {@link Session}. @public */
export interface SessionDelegate {
  onAck?(ack: Ack): void;
  onBye?(bye: Bye): void;
  onCancel?(cancel: Cancel): void;
  onInfo?(info: Info): void;
  onInvite?(request: IncomingRequestMessage, response: string, statusCode: number): void;
  onMessage?(message: Message): void;
  onNotify?(notification: Notification): void;
  onRefer?(referral: Referral): void;
  onSessionDescriptionHandler?(sessionDescriptionHandler: SessionDescriptionHandler, provisional: boolean): void;
}
/** Options common to every {@link Session}. @public */
export interface SessionOptions {
  delegate?: SessionDelegate;
}
/** Options for {@link Session.bye}. @public */
export interface SessionByeOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}
/** Options for {@link Session.info}. @public */
export interface SessionInfoOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}
/** Options for {@link Session.invite} (re-INVITE). @public */
export interface SessionInviteOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  withoutSdp?: boolean;
}
/** Options for {@link Session.message}. @public */
export interface SessionMessageOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}
/** Options for {@link Session.refer}. @public */
export interface SessionReferOptions {
  onNotify?: (notification: Notification) => void;
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/** A SIP session (the base of {@link Inviter} and {@link Invitation}). @public */
export declare abstract class Session {
  data: unknown;
  delegate: SessionDelegate | undefined;
  abstract readonly localIdentity: NameAddrHeader;
  abstract readonly remoteIdentity: NameAddrHeader;
  protected constructor(userAgent: UserAgent, options?: SessionOptions);
  dispose(): Promise<void>;
  get assertedIdentity(): NameAddrHeader | undefined;
  get dialog(): SessionDialog | undefined;
  get id(): string;
  get replacee(): Session | undefined;
  get sessionDescriptionHandler(): SessionDescriptionHandler | undefined;
  get sessionDescriptionHandlerFactory(): SessionDescriptionHandlerFactory;
  get sessionDescriptionHandlerModifiers(): Array<SessionDescriptionHandlerModifier>;
  set sessionDescriptionHandlerModifiers(modifiers: Array<SessionDescriptionHandlerModifier>);
  get sessionDescriptionHandlerOptions(): SessionDescriptionHandlerOptions;
  set sessionDescriptionHandlerOptions(options: SessionDescriptionHandlerOptions);
  get sessionDescriptionHandlerModifiersReInvite(): Array<SessionDescriptionHandlerModifier>;
  set sessionDescriptionHandlerModifiersReInvite(modifiers: Array<SessionDescriptionHandlerModifier>);
  get sessionDescriptionHandlerOptionsReInvite(): SessionDescriptionHandlerOptions;
  set sessionDescriptionHandlerOptionsReInvite(options: SessionDescriptionHandlerOptions);
  get state(): SessionState;
  get stateChange(): Emitter<SessionState>;
  get userAgent(): UserAgent;
  bye(options?: SessionByeOptions): Promise<OutgoingByeRequest>;
  info(options?: SessionInfoOptions): Promise<OutgoingInfoRequest>;
  invite(options?: SessionInviteOptions): Promise<OutgoingInviteRequest>;
  message(options?: SessionMessageOptions): Promise<OutgoingMessageRequest>;
  refer(referTo: URI | Session, options?: SessionReferOptions): Promise<OutgoingReferRequest>;
  protected setupSessionDescriptionHandler(): SessionDescriptionHandler;
}
