export * from "./transaction-state.js";
