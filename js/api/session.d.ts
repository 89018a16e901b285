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
  OutgoingUpdateRequest,
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
  /**
   * Beyond SIP.js (RFC 3311): an UPDATE from the peer was answered - an offer in it through the
   * session description handler (the re-INVITE options once established) - with `response`
   * (200, 488 when the handler failed, 491 on glare, 422 from the session timer). Like onInvite,
   * it only informs: the answer has gone out.
   */
  onUpdate?(request: IncomingRequestMessage, response: string, statusCode: number): void;
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
/**
 * Options for {@link Session.update} (RFC 3311, beyond SIP.js). Without `withoutSdp` the UPDATE
 * carries an offer from the session description handler (with these options, kept as the
 * re-INVITE ones once established) and its 2xx's answer is applied; a non-2xx rolls the offer
 * back. `withoutSdp` sends an UPDATE without a body (a target or session refresh).
 * @public
 */
export interface SessionUpdateOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerModifiers?: Array<SessionDescriptionHandlerModifier>;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  withoutSdp?: boolean;
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
  /**
   * Beyond SIP.js: sends an UPDATE (RFC 3311) in the established session, or in an early dialog
   * whose first offer/answer is complete (the callee after its reliable provisional response was
   * PRACKed; the caller with the earlyMedia option). Needs
   * {@link UserAgentOptions.sipExtensionUpdate} "Supported" (rejects with an Error otherwise).
   * Rejects with RequestPendingError while another offer of ours (UPDATE or re-INVITE) awaits
   * its answer. Resolves with the request once sent; its outcome goes to `requestDelegate`.
   */
  update(options?: SessionUpdateOptions): Promise<OutgoingUpdateRequest>;
  protected setupSessionDescriptionHandler(): SessionDescriptionHandler;
}
