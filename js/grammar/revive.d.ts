/** Turns a JSON value of the core into SIP.js's grammar objects. @internal */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function revive(value: unknown): any;
/** Parses and revives JSON text of the core; -1 for "-1" or invalid JSON. @internal */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function reviveJson(text: string): any;
