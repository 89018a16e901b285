// Types only (see transport.d.ts).
export {};
