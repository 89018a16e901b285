export * from "./user-agent-core-bridge.js";
