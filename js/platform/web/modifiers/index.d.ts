/**
 * SessionDescriptionHandlerModifier functions for web browsers.
 * @packageDocumentation
 */
export * from "./modifiers.js";
