/**
 * The embind surface of the Wasm core (see bindings/README.md). Internal to this package.
 * @internal
 */
export interface SipCoreModule {
  /** Version of the C++ core. */
  coreVersion(): string;
  /** JSON text of SIP.js's `Grammar.parse(input, rule)` result, `"-1"` when there is no match. */
  grammarParse(input: string, rule: string): string;
  /** JSON text of a parsed SIP message, or `{"error": "..."}`. */
  parseMessage(data: string): string;
}

/**
 * The instantiated Wasm core, ready when the package's import resolves.
 * @internal
 */
export declare const wasm: SipCoreModule;
