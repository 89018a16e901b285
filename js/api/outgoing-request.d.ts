// Internal: what SIP.js's request methods resolve with.
/** @internal An OutgoingRequest whose `message` is read through `readMessage` when asked. */
export declare function outgoingRequestOf<M>(readMessage: () => M): {
  readonly message: M;
  delegate: undefined;
  cancel(): void;
};
