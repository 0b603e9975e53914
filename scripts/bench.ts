/**
 * `npm run bench`: measures the provider against the local emulator, on demand (never in tests).
 * These machines are noisy, so every figure is paired with a floor measured in the same run and
 * reported as a ratio (measured ÷ floor; no absolute goals):
 *
 * 1b. The time of each step through the host, against a bare client making the same calls.
 * 2. The provider text stored with each resource, against what 0.1.0 stored.
 * 8. Loading the runtime in a fresh process, against loading @pulumi/pulumi.
 *
 * Prints a table and writes the same rows to bench-results.json in the repo root. Loopback only:
 * the emulator runs in this process on 127.0.0.1.
 */
import { join } from "node:path";
import { findRepoRoot } from "../harness";
import { providerBytes } from "./bench/providerBytes";
import { Report } from "./bench/report";
import { runtimeLoad } from "./bench/runtimeLoad";
import { stepTimes } from "./bench/stepTimes";

// Loopback only: never let the credential chain reach for the ECS metadata address.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

async function main(): Promise<void> {
  console.log("pulumi-sae-job benchmark (loopback emulator; compare ratios, not absolute times)\n");
  const report = new Report();
  const sections: [string, () => Promise<void> | void][] = [
    ["step time against a bare client", () => stepTimes(report)],
    ["__provider size", () => providerBytes(report)],
    ["runtime load", () => runtimeLoad(report)],
  ];
  for (const [title, run] of sections) {
    console.log(`${title}:`);
    await run();
  }
  console.log(`\n${report.table()}\n`);
  const path = join(findRepoRoot(), "bench-results.json");
  report.writeJson(path);
  console.log(`Wrote ${path}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
