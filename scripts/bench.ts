/**
 * `npm run bench`: measures the provider against the local emulator, on demand (never in tests).
 * These machines are noisy, so every figure is paired with a baseline measured in the same run
 * and reported as a ratio:
 *
 * 1. State size: the provider text stored with each resource, against what 0.1.0 stored.
 * 2. Check and Diff of a large template through Pulumi's host (gRPC), against the same pure
 *    functions called in-process.
 * 3. Create, update, read and delete through the host, against the same SAE calls made by a bare
 *    client (the provider's own overhead), with the number of SAE calls each makes.
 * 4. Waiting for a change order of a known duration: how long past its end the provider notices.
 * 5. Loading the runtime in a fresh process, against loading @pulumi/pulumi.
 *
 * Loopback only: the emulator runs in this process on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { type Emulator, start } from "../emulator";
import { SaeClient } from "../provider/api/client";
import { parseEndpoint } from "../provider/api/settings";
import { JobRun, JobTemplate, type JobTemplateArgs } from "../provider";
import { ProviderContext } from "../provider/resources/context";
import { diffJobTemplate } from "../provider/resources/jobTemplate/changes";
import { checkJobTemplate } from "../provider/resources/jobTemplate/check";
import { jobTemplateProvider } from "../provider/resources/jobTemplate/provider";
import { Engine, ProviderHost, runProgram } from "../harness";
import type { PropertyMap } from "../harness/propertyValues";
import { findRepoRoot } from "../harness/providerHost";

process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

const large: JobTemplateArgs = {
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

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fmt(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

const rows: string[][] = [];
function report(what: string, measured: string, baseline: string, ratio: string): void {
  rows.push([what, measured, baseline, ratio]);
  console.log(`  ${what}: ${measured} vs ${baseline} → ${ratio}`);
}

async function stateSize(): Promise<void> {
  const registrations = await runProgram(() => {
    new JobTemplate("bench", large);
    new JobRun("bench-run", { appId: "bench-app", commandArgs: ["--all"] });
  });
  // 0.1.0 serialized the provider object's closures; a copy of what it stored is kept for tests.
  const before = readFileSync(
    join(findRepoRoot(), "tests", "fixtures", "jobTemplate-provider-0.1.0.txt"),
    "utf8",
  );
  for (const registration of registrations) {
    const stored = String(registration.inputs.__provider).length;
    report(
      `__provider of a ${registration.type.split(":").at(-1)} (stored twice: inputs and outputs)`,
      `${stored} bytes`,
      `${before.length} bytes in 0.1.0`,
      `${(before.length / stored).toFixed(1)}x smaller`,
    );
  }
  // What the state would hold if the implementation itself were serialized.
  try {
    const implementation = jobTemplateProvider(new ProviderContext());
    const serialized = await pulumi.runtime.serializeFunction(() => implementation, { allowSecrets: true });
    report("serializing the implementation instead", `${serialized.text.length} bytes`, "-", "-");
  } catch (error) {
    report("serializing the implementation instead", "impossible", "-", String(error).split("\n")[0]);
  }
}

async function checkAndDiff(host: ProviderHost): Promise<void> {
  const [registration] = await runProgram(() => void new JobTemplate("bench", large));
  const inputs = registration.inputs;
  const urn = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/sae:JobTemplate::bench";
  const checked = checkJobTemplate(inputs).inputs as PropertyMap;
  const n = 200;
  const viaHost: number[] = [];
  const inProcess: number[] = [];
  for (let i = 0; i < n; i++) {
    viaHost.push((await timed(() => host.check(urn, {}, inputs)))[1]);
    viaHost.push((await timed(() => host.diff(urn, "id", checked, inputs)))[1]);
    const started = performance.now();
    checkJobTemplate(inputs);
    diffJobTemplate(checked, inputs);
    inProcess.push(performance.now() - started);
  }
  const hostPair = median(viaHost) * 2;
  report(
    `check + diff, 40 envs (median of ${n})`,
    `${fmt(hostPair)} through the host`,
    `${fmt(median(inProcess))} in-process`,
    `host/gRPC is ${(hostPair / median(inProcess)).toFixed(0)}x the provider's own work`,
  );
}

async function lifecycle(emulator: Emulator): Promise<void> {
  const host = await ProviderHost.start();
  try {
    await host.configure({
      "sae:endpoint": emulator.url,
      "sae:accessKeyId": emulator.accessKeyId,
      "sae:accessKeySecret": emulator.accessKeySecret,
    });
    const client = new SaeClient({
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
    // The engine's own calls, without the program run: Check, then Create/Update/Read/Delete.
    const urn = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/sae:JobTemplate::bench";
    const checkedInputs = async (args: JobTemplateArgs) => {
      const [registration] = await runProgram(() => void new JobTemplate("bench", args));
      return (await host.check(urn, {}, registration.inputs)).inputs;
    };
    const created = await checkedInputs(large);
    const updated = await checkedInputs({
      ...large,
      replicas: 3,
      nasId: undefined,
      mountHost: undefined,
      mountDesc: undefined,
    });

    const measure = async (what: string, run: () => Promise<unknown>, bare: () => Promise<unknown>) => {
      emulator.clearRequests();
      const [, viaProvider] = await timed(run);
      const counts = new Map<string, number>();
      for (const request of emulator.requests) {
        counts.set(request.action, (counts.get(request.action) ?? 0) + 1);
      }
      const [, direct] = await timed(bare);
      const summary = [...counts].map(([action, count]) => `${count} ${action}`).join(", ");
      report(
        `${what} (${summary})`,
        `${fmt(viaProvider)} through the host`,
        `${fmt(direct)} bare client`,
        `${(viaProvider / direct).toFixed(1)}x`,
      );
    };

    let id = "";
    let outputs: PropertyMap = {};
    let bareId = "";
    await measure(
      "Create",
      async () => ({ id, properties: outputs } = await host.create(urn, created)),
      async () => {
        const started = await client.createJob({
          AppName: "bench-bare",
          PackageType: "Image",
          ImageUrl: "x",
          Replicas: 1,
        });
        bareId = started.Data.AppId;
        await untilDone(client, started.Data.ChangeOrderId);
        await client.describeJob({ AppId: bareId });
      },
    );
    await measure(
      "Update",
      async () => ({ properties: outputs } = await host.update(urn, id, outputs, updated)),
      async () => {
        const started = await client.updateJob({
          AppId: bareId,
          Replicas: 3,
          NasId: "",
          MountHost: "",
          MountDesc: "",
        });
        await untilDone(client, started.Data.ChangeOrderId);
        await client.describeJob({ AppId: bareId });
      },
    );
    await measure(
      "Read",
      () => host.read(urn, id, outputs),
      () => client.describeJob({ AppId: bareId }),
    );
    await measure(
      "Delete",
      () => host.delete(urn, id, outputs),
      async () => {
        await client.deleteJob({ AppId: bareId });
        await client.describeJob({ AppId: bareId }).catch(() => undefined);
      },
    );
  } finally {
    await host.stop();
  }
}

async function untilDone(client: SaeClient, changeOrderId: string): Promise<void> {
  for (;;) {
    if ((await client.describeChangeOrder({ ChangeOrderId: changeOrderId })).Data.Status === 2) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function pollingOverhead(): Promise<void> {
  for (const duration of [1000, 5000]) {
    const emulator = await start({ changeOrderDurationMs: duration });
    const host = await ProviderHost.start();
    try {
      const engine = new Engine({
        host,
        config: {
          "sae:endpoint": emulator.url,
          "sae:accessKeyId": emulator.accessKeyId,
          "sae:accessKeySecret": emulator.accessKeySecret,
        },
      });
      const [, elapsed] = await timed(() =>
        engine.up(() => void new JobTemplate("wait", { ...large, appName: "bench-wait" })),
      );
      const polls = emulator.requestsFor("DescribeChangeOrder").length;
      report(
        `create waiting on a ${duration / 1000}s change order (${polls} polls)`,
        fmt(elapsed),
        `${fmt(duration)} change order`,
        `noticed ${fmt(elapsed - duration)} after it ended (${(elapsed / duration).toFixed(2)}x)`,
      );
    } finally {
      await host.stop();
      await emulator.stop();
    }
  }
}

function coldLoad(): void {
  const load = (what: string) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = execFileSync(
        process.execPath,
        [
          "-e",
          `const t=process.hrtime.bigint();require(${JSON.stringify(what)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
        ],
        { cwd: process.cwd() },
      );
      samples.push(Number(out.toString().trim()));
    }
    return median(samples);
  };
  const runtime = load("pulumi-sae-job/dynamic");
  const sdk = load("@pulumi/pulumi");
  report(
    "loading pulumi-sae-job/dynamic in a fresh process (median of 5)",
    fmt(runtime),
    `${fmt(sdk)} for @pulumi/pulumi`,
    `${(runtime / sdk).toFixed(2)}x`,
  );
}

async function main(): Promise<void> {
  console.log("pulumi-sae-job benchmark (loopback emulator; compare ratios, not absolute times)\n");
  await stateSize();
  const emulator = await start({ changeOrderDurationMs: 0 });
  const host = await ProviderHost.start();
  try {
    await host.configure({});
    await checkAndDiff(host);
  } finally {
    await host.stop();
  }
  try {
    await lifecycle(emulator);
  } finally {
    await emulator.stop();
  }
  await pollingOverhead();
  coldLoad();
  console.log("\n| What | Measured | Baseline (same run) | Ratio |\n| --- | --- | --- | --- |");
  for (const row of rows) {
    console.log(`| ${row.join(" | ")} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
