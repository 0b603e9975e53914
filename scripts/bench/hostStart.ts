/**
 * Row 6: from spawning a dynamic-provider host to its first Check answer (configure included, as
 * the engine configures first), which every `pulumi preview` pays once. The floor is the same
 * host answering a no-op provider's Check: Node, the SDK and gRPC start-up, without the SAE
 * provider's loading.
 */
import { ProviderHost, runProgram, type PropertyMap } from "../../harness";
import { median, nowMs } from "./measure";
import { noopProviderText, noopUrn, servedByNoop } from "./noopProvider";
import type { Report } from "./report";
import { benchRegionConfig, smallTemplate, templateProgram, templateUrn } from "./stack";

/** Samples of each; taken in turns so both see the same machine. */
const samples = 5;
const goal = 1.2;

async function untilFirstCheck(urn: string, inputs: PropertyMap): Promise<number> {
  const started = nowMs();
  const host = await ProviderHost.start();
  try {
    await host.configure(benchRegionConfig);
    await host.check(urn, {}, inputs);
    return nowMs() - started;
  } finally {
    await host.stop();
  }
}

export async function hostStart(report: Report): Promise<void> {
  const [registration] = await runProgram(templateProgram(smallTemplate));
  const noopInputs = servedByNoop(registration.inputs, await noopProviderText());
  const sae: number[] = [];
  const noop: number[] = [];
  const takeSae = async () => sae.push(await untilFirstCheck(templateUrn("job"), registration.inputs));
  const takeNoop = async () => noop.push(await untilFirstCheck(noopUrn("noop"), noopInputs));
  // One of each first, not kept: it fills the file cache for both.
  await takeSae();
  await takeNoop();
  sae.length = noop.length = 0;
  // Each goes first in every other pair, so neither gains from running after the other.
  for (let i = 0; i < samples; i++) {
    for (const take of i % 2 === 0 ? [takeSae, takeNoop] : [takeNoop, takeSae]) {
      await take();
    }
  }
  const ratio = median(sae) / median(noop);
  report.add({
    id: "hostStart.firstCheck",
    section: "6 host start",
    what: `host spawn to first Check answer, median of ${samples}`,
    measured: { value: median(sae), unit: "ms" },
    floor: { value: median(noop), unit: "ms", label: "no-op provider, same host" },
    goal: { text: `≤ ${goal}x`, met: ratio <= goal },
    extra: { samplesMs: sae, noopSamplesMs: noop },
  });
}
