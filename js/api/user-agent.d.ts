import { Logger } from "../core/log/logger.js";
import { LoggerFactory } from "../core/log/logger-factory.js";
import { URI } from "../grammar/uri.js";
import { Emitter } from "./emitter.js";
import { Contact } from "./incoming-request.js";
import { Inviter, InviterOptions } from "./inviter.js";
import { Publisher } from "./publisher.js";
import { Registerer } from "./registerer.js";
import { Session } from "./session.js";
import { Subscription } from "./subscription.js";
import { Transport } from "./transport.js";
import { UserAgentDelegate } from "./user-agent-delegate.js";
import { UserAgentOptions } from "./user-agent-options.js";
import { UserAgentState } from "./user-agent-state.js";

/** The view of the user agent core handed out by {@link UserAgent.userAgentCore}. @public */
export interface UserAgentCore {
  readonly configuration: { aor: URI; contact: Contact; displayName: string };
  dispose(): void;
  reset(): void;
}

/** A user agent: configuration, transport, state and the sessions/registrations it owns. @public */
export declare class UserAgent {
  data: unknown;
  delegate: UserAgentDelegate | undefined;
  _publishers: { [id: string]: Publisher };
  _registerers: { [id: string]: Registerer };
  _sessions: { [id: string]: Session };
  _subscriptions: { [id: string]: Subscription };
  private _contact;
  private _instanceId;
  private _state;
  private _stateEventEmitter;
  private _transport;
  private logger;
  private loggerFactory;
  private options;
  constructor(options?: Partial<UserAgentOptions>);
  static makeURI(uri: string): URI | undefined;
  private static defaultOptions;
  private static stripUndefinedProperties;
  get configuration(): Required<UserAgentOptions>;
  get contact(): Contact;
  get instanceId(): string;
  get state(): UserAgentState;
  get stateChange(): Emitter<UserAgentState>;
  get transport(): Transport;
  get userAgentCore(): UserAgentCore;
  getLogger(category: string, label?: string): Logger;
  getLoggerFactory(): LoggerFactory;
  isConnected(): boolean;
  reconnect(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  _makeInviter(targetURI: URI, options?: InviterOptions): Inviter;
}
