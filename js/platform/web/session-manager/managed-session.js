// Types only (see managed-session.d.ts).
export {};
