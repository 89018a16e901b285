// Types only (see session-manager-delegate.d.ts).
export {};
