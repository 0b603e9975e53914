/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  // Examples import the package by name, as a user would.
  moduleNameMapper: { "^pulumi-sae-job$": "<rootDir>/provider/index.ts" },
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  // A current dist/ (the host loads the package from it) and a folder the test files share.
  globalSetup: "<rootDir>/tests/support/globalSetup.ts",
  globalTeardown: "<rootDir>/tests/support/globalTeardown.ts",
  testTimeout: 60000,
};
