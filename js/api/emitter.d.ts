/**
 * A generic observable: listeners receive every value emitted.
 * @public
 */
export interface Emitter<T> {
  /**
   * Adds a listener, called with each emitted value.
   * @param listener - Callback function.
   * @param options - If `once` is true the listener is called at most once, then removed.
   */
  addListener(listener: (data: T) => void, options?: { once?: boolean }): void;
  /**
   * Removes a listener previously added with addListener.
   * @param listener - Callback function.
   */
  removeListener(listener: (data: T) => void): void;
  /**
   * Adds a listener.
   * @deprecated Use addListener.
   */
  on(listener: (data: T) => void): void;
  /**
   * Removes a listener.
   * @deprecated Use removeListener.
   */
  off(listener: (data: T) => void): void;
  /**
   * Adds a listener that is removed after it is called once.
   * @deprecated Use addListener with `{ once: true }`.
   */
  once(listener: (data: T) => void): void;
}

/**
 * An {@link Emitter} implementation.
 * @internal
 */
export declare class EmitterImpl<T> implements Emitter<T> {
  private listeners;
  addListener(listener: (data: T) => void, options?: { once?: boolean }): void;
  /**
   * Calls every listener with `data`, in the order they were added.
   * @param data - Data to emit.
   */
  emit(data: T): void;
  /**
   * Removes all listeners.
   */
  removeAllListeners(): void;
  removeListener(listener: (data: T) => void): void;
  /** @deprecated Use addListener. */
  on(listener: (data: T) => void): void;
  /** @deprecated Use removeListener. */
  off(listener: (data: T) => void): void;
  /** @deprecated Use addListener with `{ once: true }`. */
  once(listener: (data: T) => void): void;
}
