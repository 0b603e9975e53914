/**
 * `npm run bench`: measures the provider against the local emulator, on demand (never in tests).
 * These machines are noisy, so every figure is paired with a floor measured in the same run and
 * reported as a ratio (measured ÷ floor; no absolute goals):
 *
 * 1. SAE calls per step through the engine stand-in, against the fewest the step needs; 1b. the
 *    time of each step through the host, against a bare client making the same calls.
 * 2. The provider text stored with each resource, against what 0.1.0 stored.
 * 3. Check + diff per call, in-process and through the host, against a no-op provider in the
 *    same host (p50/p90/p99).
 * 4. 50 concurrent creates through one host, change orders of length L, against L.
 * 5. How long after a change order ends the provider notices, for several L, against L and the
 *    target max(L + 1 s, 1.1 L).
 * 6. Host start to first Check, against a no-op provider.
 * 7. The host's memory after the 50 creates, against the host idle.
 * 8. Loading the runtime in a fresh process, against loading @pulumi/pulumi.
 * 9. 100 templates created and deleted at once against an emulator that throttles above 20
 *    requests/s: successes, requests (the share throttled) and wall time, against the fewest
 *    requests the work needs and their time at that rate.
 * 10. The provider plugin beside the dynamic host serving the same provider: start to first Check,
 *    check + diff (p50/p90), Create and Delete against the emulator, the host's figure as floor.
 * 11. The standalone plugin (`npm run plugin:archives`, this machine's target): the archive's size,
 *    against Node.js alone archived the same way, and its start to the port line, against the npm
 *    package's launcher.
 *
 * Prints a table and writes the same rows to bench-results.json in the repo root. Loopback only:
 * the emulator runs in this process on 127.0.0.1.
 */
import { join } from "node:path";
import { findRepoRoot, ProviderHost } from "../harness";
import { apiCallsPerStep } from "./bench/apiCalls";
import { checkAndDiff } from "./bench/checkDiff";
import { concurrentCreates } from "./bench/concurrentCreates";
import { hostStart } from "./bench/hostStart";
import { noticeDelay } from "./bench/noticeDelay";
import { pluginBesideHost } from "./bench/plugin";
import { providerBytes } from "./bench/providerBytes";
import { Report } from "./bench/report";
import { benchRegionConfig } from "./bench/stack";
import { runtimeLoad } from "./bench/runtimeLoad";
import { standalonePlugin } from "./bench/standalone";
import { stepTimes } from "./bench/stepTimes";
import { throttledChurn } from "./bench/throttledChurn";

// Loopback only: never let the credential chain reach for the ECS metadata address.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

async function withHost(run: (host: ProviderHost) => Promise<void>): Promise<void> {
  const host = await ProviderHost.start();
  try {
    // Check and diff need no SAE, only a region (see benchRegionConfig).
    await host.configure(benchRegionConfig);
    await run(host);
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  console.log("pulumi-sae-job benchmark (loopback emulator; compare ratios, not absolute times)\n");
  const report = new Report();
  const sections: [string, () => Promise<void> | void][] = [
    ["SAE calls per step", () => apiCallsPerStep(report)],
    ["step time against a bare client", () => stepTimes(report)],
    ["__provider size", () => providerBytes(report)],
    ["check + diff", () => withHost((host) => checkAndDiff(report, host))],
    ["50 concurrent creates, host memory", () => concurrentCreates(report)],
    ["notice delay", () => noticeDelay(report)],
    ["host start", () => hostStart(report)],
    ["runtime load", () => runtimeLoad(report)],
    ["throttled churn", () => throttledChurn(report)],
    ["plugin beside the dynamic host", () => pluginBesideHost(report)],
    ["standalone plugin", () => standalonePlugin(report)],
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
