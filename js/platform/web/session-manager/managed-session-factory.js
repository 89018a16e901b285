// Types only (see managed-session-factory.d.ts).
export {};
