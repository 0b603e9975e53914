/**
 * The JobRun lifecycle as `pulumi preview / up / refresh / destroy` drive it, through Pulumi's own
 * dynamic-provider host, against the emulator: what goes over the wire (ExecJob and its EventId,
 * DescribeJobStatus, DeleteHistoryJob) and what the user sees.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Engine } from "../../harness";
import { JobRun, JobTemplate } from "../../provider";
import type { SaeStack } from "../support/saeStack";
import { imageJob } from "../support/saeStack";
import { deployTemplate, execEventIds, program, runEntry, startRunStack } from "./support";

let stack: SaeStack;
let appId: string;
beforeEach(async () => {
  stack = await startRunStack();
  appId = await deployTemplate(stack);
  stack.emulator.clearRequests();
});
afterEach(async () => {
  await stack.dispose();
});

const isoSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

it("previews without calling SAE, runs the job once with an EventId, waits for it, and reports it", async () => {
  const { engine, emulator } = stack;
  const runs = {
    migrate: {
      command: "python",
      commandArgs: ["migrate.py", "--all"],
      envs: [{ name: "MODE", value: "full" }],
      replicas: 2,
      jarStartArgs: "a",
      jarStartOptions: "-Xmx1G",
      warStartOptions: "w",
    },
  };
  const preview = await engine.preview(program(appId, runs));
  expect(preview.steps.map((s) => [s.name, s.op])).toEqual([
    ["job", "same"],
    ["migrate", "create"],
  ]);
  expect(emulator.requests).toHaveLength(0);

  // Running until the provider has seen it running, however long its first poll takes.
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
  const deployed = engine.up(program(appId, runs));
  const seen = await emulator.whenAnswered("DescribeJobStatus", (r) => r.status === 200);
  emulator.finishRun(seen.params.JobId);
  const up = await deployed;
  expect(up.errors).toEqual([]);
  const entry = runEntry(stack, "migrate");
  const [exec] = stack.sent("ExecJob");
  expect(stack.sent("ExecJob")).toHaveLength(1);
  expect(exec).toEqual({
    AppId: appId,
    EventId: expect.stringMatching(/^pulumi-[0-9a-f]{32}$/),
    Command: "python",
    CommandArgs: '["migrate.py","--all"]',
    Envs: '[{"name":"MODE","value":"full"}]',
    Replicas: "2",
    JarStartArgs: "a",
    JarStartOptions: "-Xmx1G",
    WarStartOptions: "w",
  });
  // The job ID is the resource ID; the outputs say how the run went, times in ISO 8601.
  const [run] = emulator.listRuns(appId);
  expect(entry.id).toBe(run.jobId);
  expect(entry.outputs).toMatchObject({
    jobId: run.jobId,
    eventId: exec.EventId,
    state: "succeeded",
    startTime: expect.stringMatching(isoSeconds),
    completionTime: expect.stringMatching(isoSeconds),
    active: 0,
    succeeded: 2,
    failed: 0,
    appId,
    commandArgs: ["migrate.py", "--all"],
    replicas: 2,
  });
  expect(entry.outputs.startTime).toBe(
    new Date(Math.floor(run.startAt / 1000) * 1000).toISOString().replace(".000", ""),
  );
  expect(entry.outputs).not.toHaveProperty("message");
  expect(entry.outputs).not.toHaveProperty("__identity");
  // It polled DescribeJobStatus until the run ended, printing each new state once.
  expect(stack.sent("DescribeJobStatus").every((p) => p.AppId === appId && p.JobId === run.jobId)).toBe(true);
  const logs = up.steps[1].logs.join("\n");
  expect(logs).toContain(`ExecJob on job template ${appId} (EventId ${exec.EventId})`);
  expect(logs).toMatch(new RegExp(`job ${run.jobId}: running \\(State 3\\) \\(\\d+\\.\\ds\\)`));
  expect(logs).toMatch(/succeeded \(State 1\)/);
  expect(logs.match(/running \(State 3\)/g)).toHaveLength(1);

  // Unchanged: no diff, nothing sent, in preview and up alike.
  emulator.clearRequests();
  expect((await engine.preview(program(appId, runs))).steps.map((s) => s.op)).toEqual(["same", "same"]);
  expect((await engine.up(program(appId, runs))).steps.map((s) => s.op)).toEqual(["same", "same"]);
  expect(emulator.requests).toHaveLength(0);
});

it("runs two JobRun resources with the same arguments as two runs", async () => {
  const up = await stack.engine.up(program(appId, { first: {}, second: {} }));
  expect(up.errors).toEqual([]);
  const eventIds = execEventIds(stack);
  expect(eventIds).toHaveLength(2);
  expect(new Set(eventIds).size).toBe(2);
  expect(stack.emulator.listRuns(appId)).toHaveLength(2);
  expect(runEntry(stack, "first").id).not.toBe(runEntry(stack, "second").id);
});

it("replaces the run when its inputs change, so v1 → v2 → v1 runs three times", async () => {
  const { engine, emulator } = stack;
  const v1 = program(appId, { report: { commandArgs: ["v1"] } });
  const v2 = program(appId, { report: { commandArgs: ["v2"] } });
  expect((await engine.up(v1)).errors).toEqual([]);
  const first = runEntry(stack, "report");

  const preview = await engine.preview(v2);
  expect(preview.steps[1]).toMatchObject({ op: "replace", diff: { replaces: ["commandArgs"] } });
  expect(stack.sent("ExecJob")).toHaveLength(1);

  const second = await engine.up(v2);
  expect(second.errors).toEqual([]);
  expect(second.steps.map((s) => s.op)).toEqual(["same", "replace", "delete"]);
  const third = await engine.up(v1);
  expect(third.errors).toEqual([]);

  const eventIds = execEventIds(stack);
  expect(eventIds).toHaveLength(3);
  expect(new Set(eventIds).size).toBe(3);
  expect(emulator.listRuns(appId).map((r) => r.overrides.CommandArgs)).toEqual([
    '["v1"]',
    '["v2"]',
    '["v1"]',
  ]);
  expect(runEntry(stack, "report").id).not.toBe(first.id);
  // Replacing a run deletes nothing on SAE: the template and the history stay.
  expect(emulator.requestsFor("DeleteJob")).toHaveLength(0);
  expect(emulator.requestsFor("DeleteHistoryJob")).toHaveLength(0);
});

it("runs again when a trigger changes, such as the template's image", async () => {
  const { engine } = stack;
  const v1 = program(appId, { report: { triggers: [imageJob.imageUrl, 1] } });
  expect((await engine.up(v1)).errors).toEqual([]);
  const template2 = { ...imageJob, imageUrl: "registry.example/acme/report:2" };
  const result = await engine.up(
    program(appId, { report: { triggers: [template2.imageUrl, 1] } }, template2),
  );
  expect(result.errors).toEqual([]);
  expect(result.steps.map((s) => [s.name, s.op])).toEqual([
    ["job", "update"],
    ["report", "replace"],
    ["report", "delete"],
  ]);
  expect(result.steps[1].diff?.replaces).toEqual(["triggers"]);
  expect(stack.sent("ExecJob")).toHaveLength(2);
  expect(runEntry(stack, "report").outputs.triggers).toEqual([template2.imageUrl, 1]);
});

it("changes nothing on SAE for waitTimeoutSeconds or deleteHistoryOnDestroy alone", async () => {
  const { engine, emulator } = stack;
  expect((await engine.up(program(appId, { report: {} }))).errors).toEqual([]);
  const before = runEntry(stack, "report");
  emulator.clearRequests();

  const result = await engine.up(
    program(appId, { report: { waitTimeoutSeconds: 60, deleteHistoryOnDestroy: true } }),
  );
  expect(result.errors).toEqual([]);
  expect(result.steps[1].op).toBe("update");
  expect(result.steps[1].diff?.replaces).toEqual([]);
  expect(emulator.requests).toHaveLength(0);
  expect(runEntry(stack, "report")).toMatchObject({
    id: before.id,
    outputs: { ...before.outputs, waitTimeoutSeconds: 60, deleteHistoryOnDestroy: true },
  });
  // The default spelled out is no change at all.
  const same = await engine.up(
    program(appId, { report: { waitTimeoutSeconds: 60, deleteHistoryOnDestroy: true } }),
  );
  expect(same.steps[1].op).toBe("same");
  expect(emulator.requests).toHaveLength(0);
});

it("refreshes with DescribeJobStatus, and finds no change", async () => {
  const { engine, emulator } = stack;
  expect((await engine.up(program(appId, { report: {} }))).errors).toEqual([]);
  const entry = runEntry(stack, "report");
  emulator.clearRequests();
  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(stack.sent("DescribeJobStatus")).toEqual([{ AppId: appId, JobId: entry.id }]);
  expect(refreshed.steps.find((s) => s.name === "report")?.diff?.changes).toBe("none");
  expect(runEntry(stack, "report").outputs).toEqual(entry.outputs);
});

it("keeps the last known outputs when SAE no longer has the run, so the next up runs nothing", async () => {
  const { engine, emulator } = stack;
  expect((await engine.up(program(appId, { report: {} }))).errors).toEqual([]);
  const entry = runEntry(stack, "report");
  expect(emulator.purgeRunHistory(appId)).toEqual([entry.id]);

  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(emulator.requestsFor("DescribeJobStatus").at(-1)?.status).toBe(404);
  expect(refreshed.steps.find((s) => s.name === "report")?.logs.join("\n")).toMatch(
    `SAE no longer reports job ${entry.id} (HTTP 404: its history was purged or deleted); keeping its last known outputs`,
  );
  expect(runEntry(stack, "report")).toMatchObject({ id: entry.id, outputs: entry.outputs });

  const up = await engine.up(program(appId, { report: {} }));
  expect(up.steps.map((s) => s.op)).toEqual(["same", "same"]);
  expect(stack.sent("ExecJob")).toHaveLength(1);
});

it("removes the run from the stack without touching the template or its history", async () => {
  const { engine, emulator, client } = stack;
  expect((await engine.up(program(appId, { report: {} }))).errors).toEqual([]);
  const entry = runEntry(stack, "report");

  const removed = await engine.up(program(appId, {}));
  expect(removed.errors).toEqual([]);
  expect(removed.steps.map((s) => [s.name, s.op])).toEqual([
    ["job", "same"],
    ["report", "delete"],
  ]);
  expect(removed.steps[1].logs.join("\n")).toContain(
    `removed from the stack; job ${entry.id} stays in the history of job template ${appId}`,
  );
  expect(emulator.requestsFor("DeleteJob")).toHaveLength(0);
  expect(emulator.requestsFor("DeleteHistoryJob")).toHaveLength(0);
  expect(emulator.getRun(entry.id)).toBeDefined();
  expect((await client.describeJob({ AppId: appId })).Data.AppId).toBe(appId);
});

it("deletes the run from the history on destroy with deleteHistoryOnDestroy", async () => {
  const { engine, emulator } = stack;
  expect((await engine.up(program(appId, { report: { deleteHistoryOnDestroy: true } }))).errors).toEqual([]);
  const entry = runEntry(stack, "report");
  const destroyed = await engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(stack.sent("DeleteHistoryJob")).toEqual([{ AppId: appId, JobId: entry.id }]);
  expect(emulator.getRun(entry.id)).toBeUndefined();
  // The template went with `destroy` through its own DeleteJob, after the run.
  expect(stack.sent("DeleteJob")).toEqual([{ AppId: appId }]);
});

it("is the same run when destroyed and declared again with the same name and inputs; a new trigger runs again", async () => {
  const { engine, emulator } = stack;
  const runs = { report: { triggers: ["2024-05-01"] } };
  expect((await engine.up(program(appId, runs))).errors).toEqual([]);
  const first = runEntry(stack, "report");
  expect((await engine.up(program(appId, {}))).errors).toEqual([]);

  const again = await engine.up(program(appId, runs));
  expect(again.errors).toEqual([]);
  expect(runEntry(stack, "report").id).toBe(first.id);
  expect(new Set(execEventIds(stack)).size).toBe(1);
  expect(emulator.listRuns(appId)).toHaveLength(1);

  const triggered = await engine.up(program(appId, { report: { triggers: ["2024-05-02"] } }));
  expect(triggered.errors).toEqual([]);
  expect(emulator.listRuns(appId)).toHaveLength(2);
});

it("takes its identity from its parent too", async () => {
  const { engine } = stack;
  const result = await engine.up(() => {
    const template = new JobTemplate("job", imageJob);
    new JobRun("report", { appId }, { parent: template });
  });
  expect(result.errors).toEqual([]);
  const entry = runEntry(stack, "report");
  expect(entry.urn).toBe(
    "urn:pulumi:dev::sae-test::pulumi-nodejs:dynamic/sae:JobTemplate$pulumi-nodejs:dynamic/sae:JobRun::report",
  );
  expect(entry.inputs.__identity).toBe(entry.urn);
});

it("keeps its identity an internal input: in state's inputs, never in its outputs or in what the program sees", async () => {
  // As the real engine answers a registration: with the outputs in state, once its step ran.
  const engine = new Engine({
    host: stack.host,
    project: "sae-test",
    stack: "dev",
    config: stack.config,
    state: stack.engine.state,
    resolveOutputs: true,
  });
  const seen = new Map<string, unknown>();
  let properties: string[] = [];
  const runs = (waitTimeoutSeconds?: number) => () => {
    new JobTemplate("job", imageJob);
    const run = new JobRun("report", { appId, commandArgs: ["v1"], waitTimeoutSeconds });
    properties = Object.keys(run);
    const outputs = run as unknown as Record<string, pulumi.Output<unknown>>;
    for (const key of ["id", "jobId", "state", "commandArgs"]) {
      outputs[key].apply((value) => seen.set(key, value));
    }
  };
  const created = await engine.up(runs());
  expect(created.errors).toEqual([]);
  const entry = engine.resource("report")!;
  expect(entry.inputs.__identity).toBe(entry.urn);
  expect(entry.outputs).not.toHaveProperty("__identity");
  expect(created.outputs.find((r) => r.name === "report")?.outputs).not.toHaveProperty("__identity");
  expect(Object.fromEntries(seen)).toEqual({
    id: entry.id,
    jobId: entry.id,
    state: "succeeded",
    commandArgs: ["v1"],
  });
  expect(properties).toEqual(expect.arrayContaining(["appId", "jobId", "eventId", "state", "commandArgs"]));
  expect(properties).not.toContain("__identity");

  // An update (a setting alone) keeps it out, and starts nothing.
  seen.clear();
  const updated = await engine.up(runs(60));
  expect(updated.steps[1].op).toBe("update");
  expect(engine.resource("report")?.outputs).not.toHaveProperty("__identity");
  expect(engine.resource("report")?.inputs.__identity).toBe(entry.urn);
  expect(seen.get("jobId")).toBe(entry.id);
  expect(stack.sent("ExecJob")).toHaveLength(1);
});
