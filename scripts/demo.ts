/**
 * `npm run demo`: the example stack (examples/scheduled-image-job) through preview, up, an update
 * that removes NAS and Log Service, refresh and destroy; then examples/migration-job, whose JobRun
 * runs a migration from the deployment: a run that succeeds, an unchanged up that runs nothing, a
 * failing run that fails the deploy, and its re-run. Against the local SAE emulator, driven through
 * Pulumi's own dynamic-provider host the way `pulumi` drives it. Prints what a user would see at
 * each step (the plan, the SAE calls made, the outputs). No cloud account, loopback only.
 */
import { join } from "node:path";
import { type RecordedRequest, start } from "../emulator";
import { Engine, type OperationResult, ProviderHost } from "../harness";

// Loopback only: never let the credential chain reach for the ECS metadata address.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

const project = "sae-job-example";
const secretParams = new Set(["OssAkId", "OssAkSecret"]);

/** A program that runs an example's module afresh, as `pulumi` does on every command. */
function exampleProgram(name: string): () => void {
  const entry = join(__dirname, "..", "examples", name, "index.js");
  return () => {
    delete require.cache[require.resolve(entry)];
    // Loading the module is what runs a Pulumi program, as the language host does.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(entry);
  };
}

const program = exampleProgram("scheduled-image-job");
const migration = exampleProgram("migration-job");

function banner(title: string): void {
  console.log(`\n━━ ${title} ${"━".repeat(Math.max(0, 90 - title.length))}`);
}

/** The SAE calls a step made, one line each, with parameters (secrets masked). */
function describeCalls(requests: readonly RecordedRequest[]): string {
  const lines = requests
    .filter((r) => r.action !== "DescribeChangeOrder")
    .map((r) => {
      const params = Object.entries(r.params)
        .map(([k, v]) => `${k}=${secretParams.has(k) ? "[secret]" : JSON.stringify(v)}`)
        .join(" ");
      const line = `    ${r.method.padEnd(6)} ${r.action.padEnd(12)} → ${r.status}${r.code ? ` ${r.code}` : ""}  ${params}`;
      return r.action === "DescribeJob" && r.status === 404
        ? `${line}\n      (404 is the answer the provider waits for after DeleteJob: the template is gone, so the delete is confirmed)`
        : line;
    });
  const polls = requests.filter((r) => r.action === "DescribeChangeOrder").length;
  if (polls > 0) {
    lines.push(`    (and ${polls} DescribeChangeOrder poll${polls > 1 ? "s" : ""} while change orders ran)`);
  }
  return lines.length > 0 ? `  SAE calls:\n${lines.join("\n")}` : "  SAE calls: none";
}

/** The stack config as the `pulumi config set` lines that would make it (secrets masked). */
function describeConfig(config: Readonly<Record<string, string>>): string {
  const notes: Record<string, string> = {
    "sae:endpoint": "the local emulator instead of the region's public endpoint",
    "sae:accessKeyId": "the emulator's built-in key",
    [`${project}:nas`]: 'read by the program as config.getObject("nas")',
  };
  return Object.entries(config)
    .map(([key, value]) => {
      const name = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
      const secret = /secret/i.test(key);
      const shown = secret ? "[secret]" : /^[\w:./-]+$/.test(value) ? value : `'${value}'`;
      const line = `  pulumi config set ${secret ? "--secret " : ""}${name} ${shown}`;
      if (!notes[key]) {
        return line;
      }
      return line.length < 72
        ? `${line.padEnd(72)} # ${notes[key]}`
        : `${line}\n${" ".repeat(72)} # ${notes[key]}`;
    })
    .join("\n");
}

async function main(): Promise<number> {
  const emulator = await start({ changeOrderDurationMs: 600, jobRunDurationMs: 500 });
  const host = await ProviderHost.start();
  let failed = false;
  try {
    console.log(
      `SAE emulator on ${emulator.url} (region ${emulator.regionId}); Pulumi's dynamic-provider host on port ${host.port}`,
    );
    const config: Record<string, string> = {
      "sae:endpoint": emulator.url,
      "sae:accessKeyId": emulator.accessKeyId,
      "sae:accessKeySecret": emulator.accessKeySecret,
      [`${project}:namespaceId`]: "cn-hangzhou:reports",
      [`${project}:collectLogs`]: "true",
      [`${project}:nas`]: JSON.stringify({
        id: "0e8f4a1b2c",
        mountHost: "0e8f4a1b2c-abc12.cn-hangzhou.nas.aliyuncs.com",
        mountPath: "/mnt/reports",
      }),
    };
    const engine = new Engine({ host, project, stack: "demo", config });

    const step = async (
      title: string,
      run: () => Promise<OperationResult>,
      { on = engine, expectFailure = false }: { on?: Engine; expectFailure?: boolean } = {},
    ) => {
      banner(title);
      emulator.clearRequests();
      const result = await run();
      // Like the Pulumi CLI, list the resource's values after an up, not after every command.
      console.log(on.render(result, { outputs: result.operation === "up" }));
      console.log(describeCalls(emulator.requests));
      if (result.ok === expectFailure) {
        failed = true;
        throw new Error(
          expectFailure ? `${title} was expected to fail` : `${title} failed: ${result.errors.join("; ")}`,
        );
      }
      return result;
    };

    banner("pulumi config (what this first run is given)");
    console.log(describeConfig(config));
    console.log(
      "  The nas value is what puts nasId, mountHost and mountDesc into the first up; the update below removes it.",
    );
    await step("pulumi preview", () => engine.preview(program));
    await step("pulumi up", () => engine.up(program));

    banner("pulumi config rm nas && pulumi config set collectLogs false");
    engine.setConfig(`${project}:nas`, undefined);
    engine.setConfig(`${project}:collectLogs`, "false");
    console.log("  The program now leaves out nasId, mountHost, mountDesc and slsConfigs.");
    await step("pulumi preview", () => engine.preview(program));
    await step("pulumi up", () => engine.up(program));
    const [update] = emulator.requestsFor("UpdateJob");
    console.log(
      `\n  On the wire, that UpdateJob carried exactly: ${Object.keys(update.params).join(", ")}` +
        `\n  (removed values sent as "" so SAE clears them; everything unchanged left out, so SAE keeps it).`,
    );

    await step("pulumi refresh", () => engine.refresh());
    await step("pulumi preview (after refresh: nothing to do)", () => engine.preview(program));
    await step("pulumi destroy", () => engine.destroy());

    // Part two: a job run from the deployment (examples/migration-job).
    const runs = new Engine({
      host,
      project: "migration-job",
      stack: "demo",
      config: {
        "sae:endpoint": emulator.url,
        "sae:accessKeyId": emulator.accessKeyId,
        "sae:accessKeySecret": emulator.accessKeySecret,
      },
      // As the real engine does, a resource waits for the outputs it uses (the JobRun's appId).
      resolveOutputs: true,
    });
    const eventIds = () => emulator.requestsFor("ExecJob").map((r) => r.params.EventId);
    banner("examples/migration-job: a JobRun runs the migration template once per image");
    console.log("  pulumi config set imageTag 2.3.0");
    runs.setConfig("migration-job:imageTag", "2.3.0");
    await step(
      "pulumi up (creates the template, runs the migration, waits for it)",
      () => runs.up(migration),
      { on: runs },
    );
    await step("pulumi up (nothing changed: nothing runs)", () => runs.up(migration), { on: runs });

    banner("pulumi config set imageTag 2.4.0, and this time the migration fails");
    runs.setConfig("migration-job:imageTag", "2.4.0");
    emulator.faults.add({
      action: "ExecJob",
      kind: "failJobRun",
      message: "migration 0042_add_index failed: database orders is read-only",
    });
    await step(
      "pulumi up (the new image runs the migration; it fails, and so does the deploy)",
      () => runs.up(migration),
      {
        on: runs,
        expectFailure: true,
      },
    );
    const failedEventId = eventIds().at(-1);
    console.log(
      "  The failed run is recorded with its job ID: the next pulumi up replaces it with a new run (a new job,\n" +
        "  so a new resource ID, and a new EventId derived from the failed job), then removes the failed one.",
    );
    await step(
      "pulumi up (after fixing the database: the same inputs run again, replacing the failed run)",
      () => runs.up(migration),
      { on: runs },
    );
    console.log(`  EventIds: the failed run ${failedEventId}, the re-run ${eventIds().at(-1)}.`);
    await step("pulumi destroy (the template goes; SAE's job history stays)", () => runs.destroy(), {
      on: runs,
    });
    console.log(
      "\nDemo finished: a job template created, updated, refreshed and destroyed; a migration run, failed and re-run.",
    );
    return 0;
  } catch (error) {
    console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
    return failed ? 1 : 2;
  } finally {
    await host.stop();
    await emulator.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
