// Types only (see session-description-handler-configuration.d.ts).
export {};
