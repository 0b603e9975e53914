// Loaded before every test file. Tests talk to 127.0.0.1 only: stop the Alibaba Cloud credential
// chain from trying the ECS metadata address, and make sure no real cloud keys leak in from the
// environment of whoever runs the tests.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
for (const name of [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALICLOUD_ACCESS_KEY",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
  "SAE_ENDPOINT",
  "ALIBABA_CLOUD_REGION_ID",
  "ALICLOUD_REGION",
]) {
  delete process.env[name];
}

// The provider's own waits (its polling pace, backoff and grace periods, provider/api/timing.ts)
// run 20 times faster against the emulator: every host a test starts inherits this, as do the
// lookups in the test process. At 0.05 a wait's first poll comes after 35 ms instead of 0.7 s,
// while the grace periods (0.5 s) still outlast a slow answer on a loaded machine; a test that
// needs a grace to hold longer passes its own `timeScale` to the stack. A value from outside
// (`SAE_TIME_SCALE=1 npm test`, the product's pace) wins.
process.env.SAE_TIME_SCALE ??= "0.05";

// Jest keeps 100 frames of every stack, and maps each through source maps when it is read. The
// Pulumi SDK reads a fresh stack for every promise it tracks (runtime/debuggable.ts), so under
// Jest's limit that mapping was a third of a test process's work; 20 frames still show a failure.
Error.stackTraceLimit = 20;
