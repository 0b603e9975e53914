/**
 * Row 10: the provider plugin (`pulumi-resource-sae`, the built bin started as the engine starts a
 * plugin) beside the dynamic-provider host serving the same provider, in the same run and in
 * turns, so both see the same machine. The floor of each row is the dynamic host's figure, so the
 * ratio says what moving a stack to the plugin costs or saves:
 *
 * - start to first answer: spawn to the first Check answer, with what the engine sends first (the
 *   plugin: CheckConfig and Configure with provider inputs; the host: Configure with stack config);
 * - check + diff of a large template, one pair per sample (p50/p90);
 * - Create and Delete of a template against the emulator, change orders ending at once.
 *
 * Both get the same template inputs: the dynamic path's carry `__provider`, the plugin's do not, as
 * an SDK generated from the schema sends them.
 */
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import { EngineLogServer, findRepoRoot, type PropertyMap, ProviderHost, runProgram } from "../../harness";
import { secretValue } from "../../harness/propertyValues";
import { JobTemplate, type JobTemplateArgs } from "../../provider";
import { Durations, inTurns, median, nowMs, timed } from "./measure";
import type { Report } from "./report";
import {
  benchRegionConfig,
  callSummary,
  largeTemplate,
  smallTemplate,
  stackConfig,
  startEmulator,
} from "./stack";

/**
 * Starts of each. No warm-up start: row 6 has started hosts already in this run, and the median of
 * three drops a cold first start of the plugin's own files.
 */
const startSamples = 3;
/** Check + diff pairs of each, after warm-up pairs not kept; fewer than row 3, to keep the run short. */
const pairSamples = 150;
const warmUp = 20;
/** Creates and deletes of each. */
const lifecycleSamples = 3;

const section = "10 plugin";
/** The executable the package's `bin` names, run from dist/ as an installed package runs it. */
const pluginBin = path.join(findRepoRoot(), "bin", "pulumi-resource-sae");
const floorLabel = "dynamic host";

/** The URN the engine gives a resource of the SDK's type `JobTemplate` named `name`. */
function pluginUrn(name: string): string {
  return `urn:pulumi:bench::bench::sae:index:JobTemplate::${name}`;
}

/** The URN the engine gives a dynamic `JobTemplate` named `name`. */
function dynamicUrn(name: string): string {
  return `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/sae:JobTemplate::${name}`;
}

/** The inputs the JobTemplate class registers for `args` (with `__provider`). */
async function registered(args: JobTemplateArgs): Promise<PropertyMap> {
  const [registration] = await runProgram(() => void new JobTemplate("bench", args));
  return registration.inputs;
}

/** The same inputs as a schema-generated SDK sends them to the plugin: no `__provider`. */
function pluginInputs(inputs: PropertyMap): PropertyMap {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== "__provider"));
}

/** The provider inputs (the `sae:*` settings without the prefix) of a stack configuration, as an explicit provider takes them. */
function providerInputs(config: Readonly<Record<string, string>>): PropertyMap {
  const inputs: PropertyMap = {};
  for (const [key, value] of Object.entries(config)) {
    const name = key.slice("sae:".length);
    inputs[name] = name === "accessKeySecret" ? secretValue(value) : value;
  }
  return inputs;
}

/** One of the two doors, started and configured as the engine does before its first Check. */
interface Door {
  readonly host: ProviderHost;
  readonly urn: (name: string) => string;
  readonly inputs: (registered: PropertyMap) => PropertyMap;
  stop(): Promise<void>;
}

/** The plugin, with an engine stand-in for its log lines, configured with `config`'s settings. */
async function startPlugin(config: Readonly<Record<string, string>>): Promise<Door> {
  const engine = await EngineLogServer.start();
  let host: ProviderHost | undefined;
  try {
    host = await ProviderHost.start({ plugin: pluginBin, engineAddress: engine.address });
    const args = providerInputs(config);
    const checked = await host.checkConfig(
      "urn:pulumi:bench::bench::pulumi:providers:sae::default",
      {},
      args,
    );
    if (checked.failures.length > 0) {
      throw new Error(`the plugin refused the bench's settings: ${JSON.stringify(checked.failures)}`);
    }
    await host.configurePlugin(checked.inputs);
  } catch (error) {
    await host?.stop();
    await engine.stop();
    throw error;
  }
  const started = host;
  return {
    host: started,
    urn: pluginUrn,
    inputs: pluginInputs,
    stop: async () => {
      await started.stop();
      await engine.stop();
    },
  };
}

/** The dynamic-provider host, configured with `config` as stack configuration. */
async function startDynamic(config: Readonly<Record<string, string>>): Promise<Door> {
  const host = await ProviderHost.start();
  try {
    await host.configure({ ...config });
  } catch (error) {
    await host.stop();
    throw error;
  }
  return { host, urn: dynamicUrn, inputs: (inputs) => inputs, stop: () => host.stop() };
}

async function startToFirstCheck(report: Report, small: PropertyMap): Promise<void> {
  const plugin: number[] = [];
  const dynamic: number[] = [];
  const untilFirstCheck = (start: typeof startPlugin, samples: number[]) => async () => {
    const started = nowMs();
    const door = await start(benchRegionConfig);
    try {
      const checked = await door.host.check(door.urn("job"), {}, door.inputs(small));
      if (checked.failures.length > 0) {
        throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      }
      samples.push(nowMs() - started);
    } finally {
      await door.stop();
    }
  };
  const takePlugin = untilFirstCheck(startPlugin, plugin);
  const takeDynamic = untilFirstCheck(startDynamic, dynamic);
  await inTurns(startSamples, takePlugin, takeDynamic);
  report.add({
    id: "plugin.start.firstCheck",
    section,
    what: `plugin spawn to first Check answer, median of ${startSamples}`,
    detail: "CheckConfig, Configure, Check",
    measured: { value: median(plugin), unit: "ms" },
    floor: { value: median(dynamic), unit: "ms", label: floorLabel },
    extra: { samplesMs: plugin, dynamicSamplesMs: dynamic },
  });
}

async function checkAndDiff(report: Report, plugin: Door, dynamic: Door, large: PropertyMap): Promise<void> {
  const pairOf = async (door: Door) => {
    const urn = door.urn("bench");
    const inputs = door.inputs(large);
    const checked = (await door.host.check(urn, {}, inputs)).inputs;
    const durations = new Durations();
    let taken = 0;
    return {
      durations,
      take: async () => {
        const started = process.hrtime.bigint();
        await door.host.check(urn, {}, inputs);
        await door.host.diff(urn, "id", checked, checked);
        if (taken++ >= warmUp) {
          durations.recordSince(started);
        }
      },
    };
  };
  const viaPlugin = await pairOf(plugin);
  const viaDynamic = await pairOf(dynamic);
  await inTurns(warmUp + pairSamples, viaPlugin.take, viaDynamic.take);
  for (const p of [50, 90]) {
    report.add({
      id: `plugin.checkDiff.p${p}`,
      section,
      what: `check + diff pair through the plugin, p${p} of ${pairSamples}`,
      detail: "40 envs",
      measured: { value: viaPlugin.durations.percentileMs(p), unit: "ms" },
      floor: { value: viaDynamic.durations.percentileMs(p), unit: "ms", label: floorLabel },
    });
  }
}

async function createAndDelete(
  report: Report,
  plugin: Door,
  dynamic: Door,
  emulator: Emulator,
): Promise<void> {
  type Step = { samples: number[]; calls: Set<string> };
  const step = (): Record<"plugin" | "dynamic", Step> => ({
    plugin: { samples: [], calls: new Set() },
    dynamic: { samples: [], calls: new Set() },
  });
  const created = step();
  const deleted = step();
  /** Times `run` and notes the SAE calls it made, as the emulator recorded them. */
  const measure = async (into: Step, run: () => Promise<void>) => {
    emulator.clearRequests();
    const [, ms] = await timed(run);
    into.samples.push(ms);
    into.calls.add(callSummary(emulator.requests));
  };
  let n = 0;
  const lifecycle = (door: Door, which: "plugin" | "dynamic") => async () => {
    const name = `bench-${which}-${n++}`;
    const urn = door.urn(name);
    const inputs = door.inputs(await registered({ ...smallTemplate, appName: name }));
    const checked = (await door.host.check(urn, {}, inputs)).inputs;
    let outcome: { id: string; properties: PropertyMap } = { id: "", properties: {} };
    await measure(created[which], async () => void (outcome = await door.host.create(urn, checked)));
    await measure(deleted[which], () => door.host.delete(urn, outcome.id, outcome.properties));
  };
  await inTurns(lifecycleSamples, lifecycle(plugin, "plugin"), lifecycle(dynamic, "dynamic"));
  for (const [name, { plugin: viaPlugin, dynamic: viaDynamic }] of [
    ["Create", created],
    ["Delete", deleted],
  ] as const) {
    // Both doors run the same lifecycle functions, so they should make the same calls: say so, or show both.
    const calls = [...viaPlugin.calls].join(" / ");
    const same = calls === [...viaDynamic.calls].join(" / ");
    report.add({
      id: `plugin.${name.toLowerCase()}`,
      section,
      what: `${name} through the plugin, median of ${lifecycleSamples}, 0 s change order`,
      detail: same ? `${calls}, as the host` : `${calls}; host: ${[...viaDynamic.calls].join(" / ")}`,
      measured: { value: median(viaPlugin.samples), unit: "ms" },
      floor: { value: median(viaDynamic.samples), unit: "ms", label: floorLabel },
      extra: { samplesMs: viaPlugin.samples, dynamicSamplesMs: viaDynamic.samples },
    });
  }
}

/** Row 10: the plugin beside the dynamic host (see the module header). */
export async function pluginBesideHost(report: Report): Promise<void> {
  const small = await registered(smallTemplate);
  const large = await registered(largeTemplate);
  await startToFirstCheck(report, small);
  const emulator = await startEmulator({ changeOrderDurationMs: 0 });
  const doors: Door[] = [];
  try {
    doors.push(await startPlugin(stackConfig(emulator)));
    doors.push(await startDynamic(stackConfig(emulator)));
    const [plugin, dynamic] = doors;
    await checkAndDiff(report, plugin, dynamic, large);
    await createAndDelete(report, plugin, dynamic, emulator);
  } finally {
    for (const door of doors) {
      await door.stop();
    }
    await emulator.stop();
  }
}
