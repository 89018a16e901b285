import { Logger } from "../core/log/logger.js";
import { LoggerFactory } from "../core/log/logger-factory.js";
import { URI } from "../grammar/uri.js";
import { Transport } from "./transport.js";

/** Options of the minimal {@link UserAgent} (a subset of sip.js's UserAgentOptions). @public */
export interface UserAgentOptions {
  authorizationHa1?: string;
  authorizationPassword?: string;
  authorizationUsername?: string;
  contactName?: string;
  contactParams?: { [name: string]: string };
  displayName?: string;
  forceRport?: boolean;
  hackViaTcp?: boolean;
  instanceId?: string;
  logBuiltinEnabled?: boolean;
  logConnector?: (level: string, category: string, label: string | undefined, content: string) => void;
  logLevel?: "debug" | "log" | "warn" | "error";
  preloadedRouteSet?: Array<string>;
  sipExtension100rel?: string;
  sipExtensionReplaces?: string;
  sipExtensionExtraSupported?: Array<string>;
  sipjsId?: string;
  transportConstructor?: new (logger: Logger, options?: any) => Transport;
  transportOptions?: unknown;
  uri?: URI;
  userAgentString?: string;
  viaHost?: string;
}

/**
 * A user agent (minimal: configuration, logging, transport, start/stop; enough for Registerer).
 * @public
 */
export declare class UserAgent {
  constructor(options?: Partial<UserAgentOptions>);
  static makeURI(uri: string): URI | undefined;
  static defaultOptions(): Required<UserAgentOptions>;
  readonly transport: Transport;
  readonly contact: { uri: URI; pubGruu: URI | undefined; tempGruu: URI | undefined };
  get configuration(): Required<UserAgentOptions>;
  get instanceId(): string;
  getLogger(category: string, label?: string): Logger;
  getLoggerFactory(): LoggerFactory;
  start(): Promise<void>;
  stop(): Promise<void>;
}
