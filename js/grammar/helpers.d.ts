/** @internal */
export declare const hasOwn: (object: object, key: string) => boolean;
/** Spells a header name the way SIP.js does ("call-id" → "Call-ID"). @internal */
export declare function headerizeName(name: string): string;
/** Sets an own enumerable data property, even for "__proto__". @internal */
export declare function setOwn(object: object, key: string, value: unknown): void;
