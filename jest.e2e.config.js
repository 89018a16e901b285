// The end-to-end suite: real peers (a private Kamailio per test file, headless Chromium), against
// the built package in lib/. `node --experimental-vm-modules node_modules/jest/bin/jest.js -c jest.e2e.config.js`
// Every wait in tests/e2e is bounded; the global teardown kills any process a test file left behind.
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/tests/e2e/**/*.test.js"],
  transform: {},
  testTimeout: 30000,
  // Kamailio and Chromium share 2 cores with everything else: two test files at a time at most.
  maxWorkers: 2,
  globalSetup: "<rootDir>/tests/e2e/support/global-setup.js",
  globalTeardown: "<rootDir>/tests/e2e/support/global-teardown.js",
};
