// Types only (see session-description-handler-options.d.ts).
export {};
