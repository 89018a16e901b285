// jest runs under Node against the built package in lib/ (ESM, top-level await in the loader).
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/tests/js/**/*.test.js"],
  transform: {},
  testTimeout: 20000,
};
