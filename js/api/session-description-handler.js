// Types only (see session-description-handler.d.ts).
export {};
