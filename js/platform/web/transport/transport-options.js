// Types only (see transport-options.d.ts).
export {};
