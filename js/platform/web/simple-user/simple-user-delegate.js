// Types only (see simple-user-delegate.d.ts).
export {};
