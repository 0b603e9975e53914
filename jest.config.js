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
  // Tests that run dist/ (the host loads the package from it) rebuild it first when it is stale.
  globalSetup: "<rootDir>/tests/support/freshBuild.ts",
  testTimeout: 60000,
};
