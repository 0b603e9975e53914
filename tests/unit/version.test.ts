import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ProviderContext } from "../../provider/resources/context";
import { version } from "../../provider/version";
import { startEmulator } from "../support/emulatorClient";

it("reports the package.json version in the User-Agent", async () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  expect(version).toBe(pkg.version);
  // What goes over the wire: a call from the client the provider builds, as SAE receives it.
  const emulator = await startEmulator();
  try {
    const context = new ProviderContext({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }, () => {});
    const config: Record<string, string> = {
      "sae:endpoint": emulator.url,
      "sae:accessKeyId": emulator.accessKeyId,
      "sae:accessKeySecret": emulator.accessKeySecret,
    };
    context.configure({ get: (key) => config[key] });
    await context.saeClient().listJobs();
    const [request] = emulator.requestsFor("ListJobs");
    const escaped = pkg.version.replace(/\./g, "\\.");
    expect(request.headers["user-agent"]).toMatch(new RegExp(`(^| )pulumi-sae-job/${escaped}( |$)`));
  } finally {
    await emulator.stop();
  }
});
