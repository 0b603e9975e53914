/**
 * Programs that register the `sae` package's resources by type token, as a generated SDK does, run
 * by the Engine stand-in through the `pulumi-resource-sae` plugin the way the Pulumi engine loads
 * a package's provider: the default provider from the stack config, explicit providers each in
 * their own process, every step reaching the provider its state names.
 */
import type { Output } from "@pulumi/pulumi/output";
import { invoke } from "@pulumi/pulumi/runtime/invoke";
import type { Emulator } from "../../emulator";
import type { Engine, OperationResult } from "../../harness";
import { configMistakes } from "../support/configMistakes";
import { clientFor, startEmulator } from "../support/emulatorClient";
import { jobRun, jobTemplate, pluginEngine, providerInputs, saeProvider, stackConfig } from "./programs";
import { tokens, urnOf } from "./support";

const image = "registry.example/acme/report:1";
const nightly = {
  appName: "nightly-report",
  packageType: "Image",
  imageUrl: image,
  replicas: 1,
  nasId: "nas-1",
  mountHost: "nas-1.example.com",
  mountDesc: [{ mountPath: "/mnt/data", nasPath: "/" }],
};
const providerType = "pulumi:providers:sae";

let emulator: Emulator;
const engines: Engine[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.stop()));
  await emulator?.stop();
});

function newEngine(options: Parameters<typeof pluginEngine>[0] = {}): Engine {
  const engine = pluginEngine({ config: stackConfig(emulator), ...options });
  engines.push(engine);
  return engine;
}

/** The steps of `result` as `op type name`, in order. */
function stepsOf(result: OperationResult): string[] {
  return result.steps.map((step) => `${step.op} ${step.type} ${step.name}`);
}

describe("a JobTemplate registered by its token, on the default provider", () => {
  it("runs through preview, up, a change, refresh, import and destroy", async () => {
    emulator.reset();
    const engine = newEngine();
    const program = () => void jobTemplate("nightly", nightly);

    const preview = await engine.preview(program);
    expect(preview.errors).toEqual([]);
    expect(stepsOf(preview)).toEqual([
      `create ${providerType} default`,
      `create ${tokens.jobTemplate} nightly`,
    ]);
    expect(emulator.requests).toEqual([]);

    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    const [provider, template] = engine.state;
    expect(provider).toMatchObject({
      urn: urnOf(providerType, "default"),
      type: providerType,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      inputs: { endpoint: emulator.url, accessKeyId: emulator.accessKeyId },
      secretInputs: ["accessKeySecret"],
    });
    expect(provider.outputs).toEqual(provider.inputs);
    expect(template).toMatchObject({
      urn: urnOf(tokens.jobTemplate, "nightly"),
      provider: `${provider.urn}::${provider.id}`,
      outputs: { appId: template.id, imageUrl: image, nasId: "nas-1", regionId: emulator.regionId },
    });
    const described = await clientFor(emulator).describeJob({ AppId: template.id });
    expect(described.Data).toMatchObject({ AppName: "nightly-report", ImageUrl: image, NasId: "nas-1" });

    // A change: one UpdateJob, only what changed, "" for what was removed.
    const { nasId: _n, mountHost: _m, mountDesc: _d, ...withoutNas } = nightly;
    const changed = await engine.up(
      () => void jobTemplate("nightly", { ...withoutNas, imageUrl: `${image}-2` }),
    );
    expect(changed.errors).toEqual([]);
    expect(stepsOf(changed)).toEqual([
      `same ${providerType} default`,
      `update ${tokens.jobTemplate} nightly`,
    ]);
    const updates = emulator.requestsFor("UpdateJob").filter((r) => r.status === 200);
    expect(updates).toHaveLength(1);
    const { AppId, ...sent } = updates[0].params;
    expect(AppId).toBe(template.id);
    expect(sent).toEqual({ ImageUrl: `${image}-2`, NasId: "", MountHost: "", MountDesc: "" });

    // Refresh reads through the provider the state names.
    emulator.clearRequests();
    const refreshed = await engine.refresh();
    expect(refreshed.errors).toEqual([]);
    expect(stepsOf(refreshed)).toEqual([`refresh ${tokens.jobTemplate} nightly`]);
    expect(emulator.requestsFor("DescribeJob").length).toBeGreaterThan(0);

    // A function invoked by its token, as a generated SDK's getJobTemplate does, reaches the
    // default provider.
    let looked: Record<string, unknown> | undefined;
    const lookup = await engine.preview(async () => {
      jobTemplate("nightly", { ...withoutNas, imageUrl: `${image}-2` });
      looked = await invoke(tokens.getJobTemplate, { appId: template.id });
    });
    expect(lookup.errors).toEqual([]);
    expect(looked).toMatchObject({ appId: template.id, appName: "nightly-report", imageUrl: `${image}-2` });

    // Import into a new stack, given the ID alone.
    emulator.clearRequests();
    const other = newEngine();
    const imported = await other.up(
      () => void jobTemplate("adopted", { ...withoutNas, imageUrl: `${image}-2` }, { import: template.id }),
    );
    expect(imported.errors).toEqual([]);
    expect(stepsOf(imported)).toEqual([
      `create ${providerType} default`,
      `import ${tokens.jobTemplate} adopted`,
    ]);
    expect(other.resource("adopted")).toMatchObject({ id: template.id, outputs: { imageUrl: `${image}-2` } });
    expect(emulator.requestsFor("CreateJob")).toEqual([]);

    // Destroy, from a new engine process over the same state: the provider is started from state.
    const later = newEngine({ state: engine.state });
    const destroyed = await later.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(stepsOf(destroyed)).toEqual([
      `delete ${tokens.jobTemplate} nightly`,
      `delete ${providerType} default`,
    ]);
    expect(emulator.requestsFor("DeleteJob").filter((r) => r.status === 200)).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ AppId: template.id }) }),
    ]);
    expect(later.state).toEqual([]);
  });
});

describe("a JobRun registered by its token", () => {
  it("runs, fails the deploy with its job ID recorded, and runs again on the next up", async () => {
    emulator.reset();
    const engine = newEngine({ resolveOutputs: true });
    const program = () => {
      const template = jobTemplate("migrations", { ...nightly, appName: "migrations" });
      // A generated SDK's output property: the SDK sets one on the resource for each output name.
      const appId = (template as unknown as { appId: Output<string> }).appId;
      jobRun("migrate", { appId, commandArgs: ["--all"] });
    };
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "exit code 3" });
    const failed = await engine.up(program);
    expect(failed.ok).toBe(false);
    const appId = engine.resource("migrations")!.id;
    const [run] = emulator.listRuns(appId);
    expect(failed.errors.join("\n")).toContain("exit code 3");
    expect(engine.resource("migrate")).toMatchObject({
      id: run.jobId,
      initErrors: ["exit code 3"],
      outputs: { jobId: run.jobId, state: "failed", appId },
    });

    const again = await engine.up(program);
    expect(again.errors).toEqual([]);
    expect(stepsOf(again)).toContain(`replace ${tokens.jobRun} migrate`);
    expect(emulator.requestsFor("ExecJob").filter((r) => r.status === 200)).toHaveLength(2);
    const rerun = engine.resource("migrate")!;
    expect(rerun.id).not.toBe(run.jobId);
    expect(rerun.outputs).toMatchObject({ state: "succeeded", appId });
    expect((await engine.destroy()).errors).toEqual([]);
  });
});

describe("two explicit providers", () => {
  let west: Emulator;
  beforeAll(async () => {
    west = await startEmulator({ regionId: "cn-beijing" });
  });
  afterAll(async () => {
    await west?.stop();
  });

  it("each serve their own resources, in their own SAE, through up, refresh and destroy", async () => {
    emulator.reset();
    // No stack config: the resources name their providers, the default one is never needed.
    const engine = newEngine({ config: {} });
    const inputs = { ...nightly, appName: "twin" };
    const program = () => {
      const east = saeProvider("east", providerInputs(emulator));
      const westward = saeProvider("west", providerInputs(west));
      jobTemplate("twin-east", inputs, { provider: east });
      jobTemplate("twin-west", inputs, { provider: westward });
    };
    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    expect(stepsOf(up)).toEqual([
      `create ${providerType} east`,
      `create ${providerType} west`,
      `create ${tokens.jobTemplate} twin-east`,
      `create ${tokens.jobTemplate} twin-west`,
    ]);
    const east = engine.resource("east")!;
    const westProvider = engine.resource("west")!;
    // The secret setting is kept secret in the provider's state, as in the program.
    expect(east.secretInputs).toEqual(["accessKeySecret"]);
    const eastTemplate = engine.resource("twin-east")!;
    const westTemplate = engine.resource("twin-west")!;
    expect(eastTemplate.provider).toBe(`${east.urn}::${east.id}`);
    expect(westTemplate.provider).toBe(`${westProvider.urn}::${westProvider.id}`);
    expect(emulator.requestsFor("CreateJob").filter((r) => r.status === 200)).toHaveLength(1);
    expect(west.requestsFor("CreateJob").filter((r) => r.status === 200)).toHaveLength(1);
    expect(westTemplate.outputs.regionId).toBe("cn-beijing");

    // Refresh and destroy from a new engine process: each provider started from its state.
    emulator.clearRequests();
    west.clearRequests();
    const later = newEngine({ config: {}, state: engine.state });
    expect((await later.refresh()).errors).toEqual([]);
    const described = (e: Emulator) => e.requestsFor("DescribeJob").map((r) => r.params.AppId);
    expect(new Set(described(emulator))).toEqual(new Set([eastTemplate.id]));
    expect(new Set(described(west))).toEqual(new Set([westTemplate.id]));
    const destroyed = await later.destroy();
    expect(destroyed.errors).toEqual([]);
    const deleted = (e: Emulator) =>
      e
        .requestsFor("DeleteJob")
        .filter((r) => r.status === 200)
        .map((r) => r.params.AppId);
    expect(deleted(emulator)).toEqual([eastTemplate.id]);
    expect(deleted(west)).toEqual([westTemplate.id]);
    expect(later.state).toEqual([]);
  });

  it("answer an invoke through the provider it names", async () => {
    emulator.reset();
    west.reset();
    // Answering registrations after their steps, the engine has the providers configured before
    // the program's invokes that name them, as the real engine does.
    const engine = newEngine({ config: {}, resolveOutputs: true });
    const listed: Record<string, unknown>[] = [];
    const up = await engine.up(async () => {
      const east = saeProvider("east", providerInputs(emulator));
      const westward = saeProvider("west", providerInputs(west));
      jobTemplate("only-east", { ...nightly, appName: "only-east" }, { provider: east });
      for (const provider of [east, westward]) {
        listed.push(await invoke(tokens.listJobTemplates, {}, { provider }));
      }
    });
    expect(up.errors).toEqual([]);
    expect(emulator.requestsFor("ListJobs").length).toBeGreaterThan(0);
    expect(west.requestsFor("ListJobs").length).toBeGreaterThan(0);
    expect(listed[1]).toEqual({ result: [] });
    expect((await engine.destroy()).errors).toEqual([]);
  });

  it("fail the preview on a bad provider configuration with CheckConfig's message, before any call", async () => {
    emulator.reset();
    const engine = newEngine({ config: {} });
    const hostPort = new URL(emulator.url).host;
    const [mistake] = configMistakes(emulator).filter((m) => m.name === "sae:endpoint without a scheme");
    const preview = await engine.preview(() => {
      const bad = saeProvider("bad", providerInputs(emulator, { endpoint: hostPort }));
      jobTemplate("stray", nightly, { provider: bad });
    });
    expect(preview.ok).toBe(false);
    expect(preview.errors).toEqual([
      `one or more inputs failed to validate:\n  endpoint: ${mistake.message}`,
    ]);
    expect(stepsOf(preview)).toEqual([`create ${providerType} bad`]);
    expect(emulator.requests).toEqual([]);
  });
});
