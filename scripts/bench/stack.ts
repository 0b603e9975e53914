/**
 * What the bench runs the provider against: the local emulator on loopback with keys of its own,
 * Pulumi's dynamic-provider host, the engine stand-in, and templates to deploy.
 */
import { type Emulator, type EmulatorOptions, type RecordedRequest, start } from "../../emulator";
import { type CheckedResource, checkedResources, Engine, ProviderHost } from "../../harness";
import { JobTemplate, type JobTemplateArgs } from "../../provider";
import { SaeClient } from "../../provider/api/client";
import { parseEndpoint } from "../../provider/api/settings";

/** Explicit keys, so nothing depends on the emulator's built-in ones. */
const keys = { accessKeyId: "bench-access-key", accessKeySecret: "bench-access-secret" };

/** Starts an emulator on 127.0.0.1 with the bench's keys. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return start({ host: "127.0.0.1", ...keys, ...options });
}

/** The stack configuration that points the provider at `emulator`. */
export function stackConfig(emulator: Emulator): Record<string, string> {
  return {
    "sae:endpoint": emulator.url,
    // As a stack names its region: the provider then knows it before the first DescribeJob.
    "sae:region": emulator.regionId,
    "sae:accessKeyId": emulator.accessKeyId,
    "sae:accessKeySecret": emulator.accessKeySecret,
    "sae:changeOrderTimeout": "120",
  };
}

/** A host configured for `emulator`, as the engine configures one before its first call. */
export async function configuredHost(emulator: Emulator): Promise<ProviderHost> {
  const host = await ProviderHost.start();
  try {
    await host.configure(stackConfig(emulator));
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}

/** An emulator, a host and an engine whose stack points at that emulator. */
export interface BenchStack {
  readonly emulator: Emulator;
  readonly host: ProviderHost;
  readonly engine: Engine;
  dispose(): Promise<void>;
}

export async function startStack(options: EmulatorOptions = {}): Promise<BenchStack> {
  const emulator = await startEmulator(options);
  let host: ProviderHost;
  try {
    host = await ProviderHost.start();
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  const engine = new Engine({ host, project: "bench", stack: "bench", config: stackConfig(emulator) });
  return {
    emulator,
    host,
    engine,
    dispose: async () => {
      await host.stop();
      await emulator.stop();
    },
  };
}

/**
 * The stack config of the rows that only check and diff: a region, as every stack has one (or an
 * endpoint), so that check passes as it does for a user; nothing reaches SAE.
 */
export const benchRegionConfig: Readonly<Record<string, string>> = { "sae:region": "cn-hangzhou" };

/** A client of the bench's own, for calls made beside the provider (never counted against it). */
export function benchClient(emulator: Emulator): SaeClient {
  return new SaeClient({
    connection: {
      endpoint: parseEndpoint(emulator.url, "bench"),
      credentials: {
        kind: "static",
        accessKeyId: emulator.accessKeyId,
        accessKeySecret: emulator.accessKeySecret,
        source: "bench",
      },
    },
  });
}

/** "1 CreateJob, 5 DescribeChangeOrder, 1 DescribeJob": what a step sent, in first-sent order. */
export function callSummary(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const key = request.status === 404 ? `${request.action} 404` : request.action;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? "none" : [...counts].map(([action, count]) => `${count} ${action}`).join(", ");
}

/** The fewest parameters a template takes: one CreateJob, no follow-up UpdateJob. */
export const smallTemplate = {
  appName: "bench-small",
  packageType: "Image",
  imageUrl: "registry.example/acme/bench:1",
  replicas: 1,
} as const satisfies JobTemplateArgs;

/** A template with most parameters set and long lists, for check and diff. */
export const largeTemplate: JobTemplateArgs = {
  appName: "bench-large",
  packageType: "Image",
  imageUrl: "registry.example/acme/bench:1",
  replicas: 2,
  cpu: 1000,
  memory: 2048,
  envs: Array.from({ length: 40 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}` })),
  slsConfigs: [{ logDir: "", logType: "stdout" }, { logDir: "/var/log/app.log" }],
  nasId: "nas-1",
  mountHost: "nas-1.example.com",
  mountDesc: [{ mountPath: "/mnt/a", nasPath: "/" }],
  customHostAlias: Array.from({ length: 10 }, (_, i) => ({
    hostName: `h${i}.internal`,
    ip: `10.0.0.${i + 1}`,
  })),
  triggerConfig: { type: "time", config: "0 1 * * ?", timezone: "GMT+8:00" },
  tomcatConfig: { port: 8080 },
  commandArgs: ["--a", "--b"],
};

/** A program of one JobTemplate named `name`. */
export function templateProgram(args: JobTemplateArgs, name = "job"): () => void {
  return () => void new JobTemplate(name, args);
}

/** The URN the engine gives a JobTemplate named `name` in the bench's stack. */
export function templateUrn(name: string): string {
  return `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/sae:JobTemplate::${name}`;
}

/**
 * `count` small templates named `<prefix>-<i>`, checked by `host` as the engine checks every
 * resource before it creates any (checks need no SAE, and this loads the provider in the host).
 */
export function checkedTemplates(
  host: ProviderHost,
  count: number,
  prefix: string,
): Promise<CheckedResource[]> {
  return checkedResources(
    host,
    () => {
      for (let i = 0; i < count; i++) {
        new JobTemplate(`${prefix}-${i}`, { ...smallTemplate, appName: `bench-${prefix}-${i}` });
      }
    },
    { project: "bench", stack: "bench" },
  );
}
