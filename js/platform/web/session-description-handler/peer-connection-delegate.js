// Types only (see peer-connection-delegate.d.ts).
export {};
