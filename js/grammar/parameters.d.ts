/**
 * Parameters (of a URI or of a name-addr header): names are case-insensitive (stored lowercased),
 * values are strings, or `null` for a parameter without a value.
 * @public
 */
export declare class Parameters {
  /** The parameters, by lowercased name. */
  parameters: { [name: string]: string | null };
  constructor(parameters?: { [name: string]: string | number | null | undefined });
  /** Sets a parameter; `undefined` and `null` give a parameter without a value. */
  setParam(key: string, value: string | number | null | undefined): void;
  /** The value of a parameter: a string, `null` if it has no value, `undefined` if absent. */
  getParam(key: string): string | null | undefined;
  hasParam(key: string): boolean;
  /** Removes a parameter and returns its value (`undefined` if it was absent). */
  deleteParam(key: string): string | null | undefined;
  clearParams(): void;
}
