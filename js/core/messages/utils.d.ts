/** @internal */
export declare function createRandomToken(size: number, base?: number): string;
/** @internal */
export declare function getReasonPhrase(code: number): string;
/** @internal */
export declare function newTag(): string;
/** @internal */
export declare function headerize(str: string): string;
/** @internal */
export declare function utf8Length(str: string): number;
/** @internal */
export declare const str_utf8_length: typeof utf8Length;
