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
  // Two workers on these 2-core machines: most test time is a child process (Pulumi's host, npm,
  // tsc) or the emulator working, so two files overlap well; no test depends on the machine's pace.
  maxWorkers: 2,
  testTimeout: 60000,
};
