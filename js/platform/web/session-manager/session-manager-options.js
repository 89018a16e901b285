// Types only (see session-manager-options.d.ts).
export {};
