// Types only (see simple-user-options.d.ts).
export {};
