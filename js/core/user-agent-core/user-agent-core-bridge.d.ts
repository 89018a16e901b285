import { LoggerFactory } from "../log/logger-factory.js";

/** Configuration of the C++ UA core (plain values; URIs as strings). */
export interface UserAgentCoreBridgeConfiguration {
  aor: string;
  contact: string;
  displayName?: string;
  authorizationUsername?: string;
  authorizationPassword?: string;
  authorizationHa1?: string;
  userAgentString?: string;
  viaHost?: string;
  sipjsId?: string;
  hackViaTcp?: boolean;
  viaForceRport?: boolean;
  routeSet?: string[];
  supportedOptionTags?: string[];
  supportedOptionTagsResponse?: string[];
  allowedMethods?: string[];
  /** Via transport token ("WSS", "WS", "TCP", "UDP"). */
  protocol?: string;
  /** Hand incoming REGISTER requests to onIncomingRequest (a registrar, for tests). */
  acceptRegister?: boolean;
  /** 404 for a Request-URI user that is neither the AOR's nor the Contact's (default true). */
  checkRequestUriUser?: boolean;
  /** Drop responses whose Via is not ours (default true). */
  checkResponseVia?: boolean;
}

export interface BridgeTransport {
  send(message: string): Promise<void>;
}

export interface UserAgentCoreBridgeOptions {
  loggerFactory?: LoggerFactory;
  transport?: BridgeTransport;
  onIncomingRequest?: (id: number, method: string, message: string) => void;
}

/** @internal The JavaScript side of the Wasm UA core. */
export declare class UserAgentCoreBridge {
  constructor(configuration: UserAgentCoreBridgeConfiguration, options?: UserAgentCoreBridgeOptions);
  transport: BridgeTransport | undefined;
  onIncomingRequest: ((id: number, method: string, message: string) => void) | undefined;
  get alive(): boolean;
  receive(message: string): void;
  createRegisterer(options: object, listener: (kind: string, value: string, message: string) => void): number;
  registererRegister(id: number, extraHeaders?: string[]): number;
  registererUnregister(id: number, all: boolean, extraHeaders?: string[]): number;
  registererDispose(id: number): boolean;
  registererId(id: number): string;
  registererInfo(id: number): { contacts: string[]; retryAfter: number | null; expires: number } | null;
  releaseRegisterer(id: number): void;
  lastError(): string;
  respond(id: number, statusCode: number, reasonPhrase?: string, extraHeaders?: string[]): boolean;
  stats(): { pendingTimers: number; pendingSends: number; transactions: number; registerers: number; jsTimers: number };
  static liveCounts(): { bridges: number; userAgentClients: number; userAgentServers: number; emvalHandles?: number };
  dispose(): void;
}
