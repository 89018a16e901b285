import { Emitter } from "./emitter.js";
import { RegistererOptions } from "./registerer-options.js";
import { RegistererRegisterOptions, RegistererRequestDelegate } from "./registerer-register-options.js";
import { RegistererState } from "./registerer-state.js";
import { RegistererUnregisterOptions } from "./registerer-unregister-options.js";
import { UserAgent } from "./user-agent.js";

/** What register()/unregister() resolve with (this slice: the request delegate only). */
export interface OutgoingRegisterRequestHandle {
  delegate: RegistererRequestDelegate | undefined;
}

/**
 * A registerer registers a contact for an address of record (outgoing REGISTER).
 * @public
 */
export declare class Registerer {
  static readonly defaultExpires: number;
  static readonly defaultRefreshFrequency: number;
  constructor(userAgent: UserAgent, options?: RegistererOptions);
  readonly id: string;
  get contacts(): Array<string>;
  get retryAfter(): number | undefined;
  get state(): RegistererState;
  get stateChange(): Emitter<RegistererState>;
  get waiting(): boolean;
  get waitingChange(): Emitter<boolean>;
  dispose(): Promise<void>;
  register(options?: RegistererRegisterOptions): Promise<OutgoingRegisterRequestHandle>;
  unregister(options?: RegistererUnregisterOptions): Promise<OutgoingRegisterRequestHandle>;
}
