// Types only (see session-description-handler-factory.d.ts).
export {};
