/**
 * Row 3: one Check plus one Diff of a large template (what the engine asks for every resource on
 * every preview and up), timed as one pair per sample: in-process (the provider's own work) and
 * through the host over gRPC. The floor is the same pair, same payload, answered by a no-op
 * provider through the same host process, sampled in turns with the SAE provider so both see the
 * same noise.
 */
import { runProgram, type PropertyMap, type ProviderHost } from "../../harness";
import { JobTemplate } from "../../provider";
import { ProviderContext } from "../../provider/resources/context";
import { jobTemplateProvider } from "../../provider/resources/jobTemplate/provider";
import { Durations } from "./measure";
import { noopProviderText, noopUrn, servedByNoop } from "./noopProvider";
import type { Report } from "./report";
import { benchRegionConfig, largeTemplate, templateUrn } from "./stack";

const samples = 400;
/** Pairs run first and not recorded: module loading, JIT, gRPC channel set-up. */
const warmUp = 30;
const percentiles = [50, 90, 99] as const;

export async function checkAndDiff(report: Report, host: ProviderHost): Promise<void> {
  const [registration] = await runProgram(() => void new JobTemplate("bench", largeTemplate));
  const inputs = registration.inputs;
  const noopInputs = servedByNoop(inputs, await noopProviderText());
  const context = new ProviderContext();
  context.configure({ get: (key) => benchRegionConfig[key] });
  const provider = jobTemplateProvider(context);
  const checked = (await provider.check({}, inputs)).inputs as PropertyMap;
  const noopChecked = servedByNoop(checked, String(noopInputs.__provider));

  const viaHost = new Durations();
  const noopViaHost = new Durations();
  const inProcess = new Durations();
  const sae = templateUrn("bench");
  const noop = noopUrn("noop");
  for (let i = 0; i < warmUp + samples; i++) {
    const record = i >= warmUp;
    let started = process.hrtime.bigint();
    await host.check(sae, {}, inputs);
    await host.diff(sae, "id", checked, checked);
    if (record) {
      viaHost.recordSince(started);
    }
    started = process.hrtime.bigint();
    await host.check(noop, {}, noopInputs);
    await host.diff(noop, "noop", noopChecked, noopChecked);
    if (record) {
      noopViaHost.recordSince(started);
    }
    started = process.hrtime.bigint();
    await provider.check({}, inputs);
    await provider.diff("id", checked, checked);
    if (record) {
      inProcess.recordSince(started);
    }
  }
  const floorLabel = "no-op provider, same host";
  for (const p of percentiles) {
    report.add({
      id: `checkDiff.host.p${p}`,
      section: "3 check+diff",
      what: `pair through the host, p${p} of ${samples}`,
      detail: "40 envs",
      measured: { value: viaHost.percentileMs(p), unit: "ms" },
      floor: { value: noopViaHost.percentileMs(p), unit: "ms", label: floorLabel },
    });
  }
  for (const p of percentiles) {
    report.add({
      id: `checkDiff.inProcess.p${p}`,
      section: "3 check+diff",
      what: `pair in-process, p${p} of ${samples}`,
      detail: "the provider's own work",
      measured: { value: inProcess.percentileMs(p), unit: "ms" },
      floor: { value: noopViaHost.percentileMs(p), unit: "ms", label: floorLabel },
    });
  }
}
