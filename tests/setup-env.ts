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
