/**
 * A named-event emitter (on/once/off as JsSIP objects have them). `Events` maps each event name
 * to the data its listeners receive.
 */
export declare class EventEmitter<Events extends object = { [event: string]: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Called with (error, eventName) when a listener throws; the other listeners still run. */
  onListenerError: (error: unknown, event: string) => void;
  on<E extends keyof Events & string>(event: E, listener: (data: Events[E]) => void): this;
  addListener<E extends keyof Events & string>(event: E, listener: (data: Events[E]) => void): this;
  once<E extends keyof Events & string>(event: E, listener: (data: Events[E]) => void): this;
  off<E extends keyof Events & string>(event: E, listener: (data: Events[E]) => void): this;
  removeListener<E extends keyof Events & string>(event: E, listener: (data: Events[E]) => void): this;
  removeAllListeners(event?: keyof Events & string): this;
  listenerCount(event: keyof Events & string): number;
  emit<E extends keyof Events & string>(event: E, data: Events[E]): boolean;
}
