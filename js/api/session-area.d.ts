// Internal: the bridge between sessions and the C++ session state machine.
import { InviterOptions } from "./inviter.js";
import { Session } from "./session.js";
import { UserAgent } from "./user-agent.js";
/** @internal The sessions area of `userAgent`, made on first use. */
export declare function sessionArea(userAgent: UserAgent): SessionArea;
/** @internal */
export declare class SessionArea {
  constructor(userAgent: UserAgent);
  get alive(): boolean;
  register(session: Session, n: number): void;
  createInviter(target: string, options?: InviterOptions): number;
  info(n: number): unknown;
  release(n: number): void;
  delegate(requestDelegate: unknown): number;
  call(session: Session, start: (promiseId: number) => void): Promise<any>;
}
