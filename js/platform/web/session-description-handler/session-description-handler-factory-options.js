// Types only (see session-description-handler-factory-options.d.ts).
export {};
