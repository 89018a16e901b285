export * from "./subscription.js";
