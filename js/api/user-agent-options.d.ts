import { Logger } from "../core/log/logger.js";
import { URI } from "../grammar/uri.js";
import { SessionDescriptionHandlerFactory } from "./session-description-handler-factory.js";
import { Transport } from "./transport.js";
import { UserAgentDelegate } from "./user-agent-delegate.js";

/** Log level names. @public */
export type LogLevel = "debug" | "log" | "warn" | "error";
/** A sink for log output. @public */
export type LogConnector = (level: LogLevel, category: string, label: string | undefined, content: string) => void;
/** How a user agent treats a SIP extension. @public */
export declare enum SIPExtension {
  Required = "Required",
  Supported = "Supported",
  Unsupported = "Unsupported"
}
/** IANA-registered option tags a user agent may list in Supported. @public */
export declare const UserAgentRegisteredOptionTags: { [option: string]: boolean };

/** Options for {@link UserAgent}. @public */
export interface UserAgentOptions {
  allowLegacyNotifications?: boolean;
  authorizationHa1?: string;
  authorizationPassword?: string;
  authorizationUsername?: string;
  contactName?: string;
  contactParams?: { [name: string]: string };
  delegate?: UserAgentDelegate;
  displayName?: string;
  forceRport?: boolean;
  gracefulShutdown?: boolean;
  hackIpInContact?: boolean | string;
  hackAllowUnregisteredOptionTags?: boolean;
  hackViaTcp?: boolean;
  instanceId?: string;
  instanceIdAlwaysAdded?: boolean;
  logBuiltinEnabled?: boolean;
  logConfiguration?: boolean;
  logConnector?: LogConnector;
  logLevel?: LogLevel;
  noAnswerTimeout?: number;
  preloadedRouteSet?: Array<string>;
  reconnectionAttempts?: number;
  reconnectionDelay?: number;
  sendInitialProvisionalResponse?: boolean;
  sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
  sessionDescriptionHandlerFactoryOptions?: object;
  sipExtension100rel?: SIPExtension;
  sipExtensionReplaces?: SIPExtension;
  sipExtensionExtraSupported?: Array<string>;
  sipjsId?: string;
  transportConstructor?: new (logger: Logger, options: any) => Transport;
  transportOptions?: unknown;
  uri?: URI;
  userAgentString?: string;
  viaHost?: string;
}
