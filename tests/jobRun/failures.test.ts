/**
 * Runs that do not simply succeed: a failed run is recorded and run again, a run still going at
 * the deadline is recorded and waited for, ConcurrencyPolicy Forbid is waited out, a suspended or
 * missing template fails at once, and an interrupted `pulumi up` finds the run it started.
 */
import { JobRun } from "../../provider";
import { Engine, ProviderHost } from "../../harness";
import { imageJob, type SaeStack } from "../support/saeStack";
import { deployTemplate, execEventIds, program, runEntry, startRunStack } from "./support";

let stack: SaeStack;
let appId: string;
afterEach(async () => {
  await stack?.dispose();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe("with a plain template", () => {
  beforeEach(async () => {
    stack = await startRunStack();
    appId = await deployTemplate(stack);
    stack.emulator.clearRequests();
  });

  it("fails the deployment on a failed run, records it, and replaces it on the next up with a run of a new EventId", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "OOMKilled: exit code 137" });
    const failed = await engine.up(program(appId, { report: { commandArgs: ["--all"] } }));
    expect(failed.ok).toBe(false);
    const [firstRun] = emulator.listRuns(appId);
    expect(failed.errors.join("\n")).toContain(
      `job run "report" failed: job ${firstRun.jobId} of job template ${appId} ended failed (State 2): ` +
        "OOMKilled: exit code 137. Pulumi records the failed run: the next `pulumi up` runs it again as a new job.",
    );
    // Recorded as a partial failure: its ID, its inputs, what SAE said, and the provider text.
    const recorded = runEntry(stack, "report");
    expect(recorded.id).toBe(firstRun.jobId);
    expect(recorded.initErrors).toEqual(["OOMKilled: exit code 137"]);
    expect(recorded.outputs).toMatchObject({
      jobId: firstRun.jobId,
      state: "failed",
      message: "OOMKilled: exit code 137",
      failed: 1,
      appId,
      commandArgs: ["--all"],
      __provider: expect.stringContaining(".jobRun"),
    });

    // A preview says what the next up does: replace the failed run, reported on its EventId, the
    // one input that differs (the re-run's is derived from the failed job).
    const preview = await engine.preview(program(appId, { report: { commandArgs: ["--all"] } }));
    expect(preview.steps[1]).toMatchObject({
      op: "replace",
      diff: { replaces: ["eventId"], changedKeys: ["eventId"] },
      replaceOrder: "create-before-delete",
    });
    expect(stack.sent("ExecJob")).toHaveLength(1);

    const retried = await engine.up(program(appId, { report: { commandArgs: ["--all"] } }));
    expect(retried.errors).toEqual([]);
    expect(retried.steps.map((s) => [s.name, s.op])).toEqual([
      ["job", "same"],
      ["report", "replace"],
      ["report", "delete"],
    ]);
    expect(retried.steps[1].logs.join("\n")).toContain(
      `job ${firstRun.jobId} failed; running it again as a new job`,
    );
    const eventIds = execEventIds(stack);
    expect(eventIds).toHaveLength(2);
    expect(eventIds[1]).not.toBe(eventIds[0]);
    const secondRun = emulator.listRuns(appId)[1];
    expect(secondRun.overrides.CommandArgs).toBe('["--all"]');
    // The new run is a resource of its own: its job is its ID; the failed run left the stack after
    // it was created, and only the stack (SAE keeps its history).
    expect(retried.steps[1]).toMatchObject({ previousId: firstRun.jobId, id: secondRun.jobId });
    expect(retried.steps[2]).toMatchObject({ previousId: firstRun.jobId, replacedOriginal: true });
    expect(retried.providerCalls.map((c) => [c.operation, c.id ?? ""])).toEqual([
      ["Create", ""],
      ["Delete", firstRun.jobId],
    ]);
    expect(engine.state.filter((r) => r.name === "report").map((r) => r.id)).toEqual([secondRun.jobId]);
    const entry = runEntry(stack, "report");
    expect(entry.id).toBe(secondRun.jobId);
    expect(entry.initErrors).toBeUndefined();
    expect(entry.inputs.eventId).toBe(eventIds[1]);
    expect(entry.outputs).toMatchObject({ jobId: secondRun.jobId, eventId: eventIds[1], state: "succeeded" });
    expect(entry.outputs).not.toHaveProperty("message");
    expect(emulator.requestsFor("DeleteHistoryJob")).toHaveLength(0);
    expect(emulator.getRun(firstRun.jobId)?.state).toBe("2");

    emulator.clearRequests();
    expect((await engine.refresh()).errors).toEqual([]);
    expect(stack.sent("DescribeJobStatus")).toEqual([{ AppId: appId, JobId: secondRun.jobId }]);
    expect((await engine.up(program(appId, { report: { commandArgs: ["--all"] } }))).steps[1].op).toBe(
      "same",
    );
    expect(stack.sent("ExecJob")).toHaveLength(0);
  });

  it("runs a failed run again on the next up after a refresh too", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
    expect((await engine.up(program(appId, { report: {} }))).ok).toBe(false);
    expect((await engine.refresh()).errors).toEqual([]);
    // A refresh drops the init errors; the failed state still says the run must go again.
    expect(runEntry(stack, "report").initErrors).toBeUndefined();
    expect(runEntry(stack, "report").outputs.state).toBe("failed");
    const preview = await engine.preview(program(appId, { report: {} }));
    expect(preview.steps[1].op).toBe("replace");
    expect(stack.sent("ExecJob")).toHaveLength(1);
    const retried = await engine.up(program(appId, { report: {} }));
    expect(retried.errors).toEqual([]);
    expect(new Set(execEventIds(stack)).size).toBe(2);
    expect(emulator.listRuns(appId).map((r) => r.state)).toEqual(["2", "1"]);
    expect(runEntry(stack, "report").id).toBe(emulator.listRuns(appId)[1].jobId);
  });

  it("records a re-run that fails again under its own job, and deletes replaced runs from the history with deleteHistoryOnDestroy", async () => {
    const { engine, emulator } = stack;
    const runs = { report: { deleteHistoryOnDestroy: true } };
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "exit code 3", times: 2 });
    expect((await engine.up(program(appId, runs))).ok).toBe(false);
    const [first] = emulator.listRuns(appId);

    const failedAgain = await engine.up(program(appId, runs));
    expect(failedAgain.ok).toBe(false);
    const second = emulator.listRuns(appId)[1];
    expect(failedAgain.steps.map((s) => [s.op, s.id])).toEqual([
      ["same", appId],
      ["replace", second.jobId],
    ]);
    expect(failedAgain.errors.join("\n")).toContain(
      `job ${second.jobId} of job template ${appId} ended failed`,
    );
    expect(runEntry(stack, "report")).toMatchObject({
      id: second.jobId,
      outputs: { jobId: second.jobId, state: "failed" },
      initErrors: ["exit code 3"],
    });
    // The deployment stopped at the failure: the first failed run is still owed its removal.
    expect(engine.state.find((r) => r.id === first.jobId)?.pendingDelete).toBe(true);
    expect(emulator.requestsFor("DeleteHistoryJob")).toHaveLength(0);

    const succeeded = await engine.up(program(appId, runs));
    expect(succeeded.errors).toEqual([]);
    // DeleteHistoryJob took both failed runs out of SAE's history: the re-run is all it keeps.
    const [third] = emulator.listRuns(appId);
    expect(succeeded.steps[1].logs.join("\n")).toContain(
      `job ${second.jobId} failed; running it again as a new job`,
    );
    expect(runEntry(stack, "report")).toMatchObject({ id: third.jobId, outputs: { state: "succeeded" } });
    expect(engine.state.map((r) => r.id)).toEqual([appId, third.jobId]);
    expect(
      stack
        .sent("DeleteHistoryJob")
        .map((p) => p.JobId)
        .sort(),
    ).toEqual([first.jobId, second.jobId].sort());
    expect(emulator.listRuns(appId).map((r) => r.jobId)).toEqual([third.jobId]);
    expect([first.jobId, second.jobId].map((jobId) => emulator.getRun(jobId))).toEqual([
      undefined,
      undefined,
    ]);
    expect(new Set(execEventIds(stack)).size).toBe(3);
  });

  it("keeps following the later job of a run that 0.1.0 ran again: refresh reads it, and nothing changes", async () => {
    const { engine, emulator } = stack;
    const runs = { report: { commandArgs: ["--all"] } };
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
    expect((await engine.up(program(appId, runs))).ok).toBe(false);
    const failedInputs = runEntry(stack, "report").inputs;
    expect((await engine.up(program(appId, runs))).errors).toEqual([]);
    const [first, second] = emulator.listRuns(appId);
    // The stack as 0.1.0 wrote it: the re-run was an update, so the ID stayed the first job's and
    // the inputs the first EventId, while the outputs (the URN among them) follow the second job.
    const rerun = runEntry(stack, "report");
    expect(rerun.outputs).not.toHaveProperty("__identity");
    const outputs010 = { ...rerun.outputs, __identity: rerun.urn };
    const state010 = engine.state.map((entry) =>
      entry.name === "report"
        ? {
            ...entry,
            id: first.jobId,
            inputs: { ...entry.inputs, eventId: failedInputs.eventId },
            outputs: outputs010,
          }
        : entry,
    );
    expect(outputs010).toMatchObject({ jobId: second.jobId, state: "succeeded" });
    const upgraded = new Engine({
      host: stack.host,
      project: "sae-test",
      stack: "dev",
      config: stack.config,
      state: state010,
    });

    emulator.clearRequests();
    const refreshed = await upgraded.refresh();
    expect(refreshed.errors).toEqual([]);
    expect(stack.sent("DescribeJobStatus")).toEqual([{ AppId: appId, JobId: second.jobId }]);
    expect(refreshed.steps.find((s) => s.name === "report")?.diff).toMatchObject({
      providerChanges: "none",
      changes: "none",
      changedKeys: [],
    });
    expect(upgraded.resource("report")).toMatchObject({ id: first.jobId, outputs: outputs010 });
    expect((await upgraded.preview(program(appId, runs))).steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect((await upgraded.up(program(appId, runs))).steps.map((s) => s.op)).toEqual(["same", "same"]);

    // A setting alone is still an update that calls nothing; destroy deletes the job it follows.
    const history = { report: { ...runs.report, deleteHistoryOnDestroy: true } };
    const updated = await upgraded.up(program(appId, history));
    expect(updated.errors).toEqual([]);
    expect(updated.steps[1].op).toBe("update");
    expect(upgraded.resource("report")).toMatchObject({
      id: first.jobId,
      inputs: { __identity: rerun.urn },
      outputs: { jobId: second.jobId, state: "succeeded", deleteHistoryOnDestroy: true },
    });
    // The update rewrote the outputs, without the internal identity 0.1.0 put there.
    expect(upgraded.resource("report")?.outputs).toEqual({
      ...rerun.outputs,
      deleteHistoryOnDestroy: true,
    });
    expect((await upgraded.destroy()).errors).toEqual([]);
    expect(stack.sent("ExecJob")).toHaveLength(0);
    expect(stack.sent("DeleteHistoryJob")).toEqual([{ AppId: appId, JobId: second.jobId }]);
  });

  it("records a run still going at waitTimeoutSeconds, naming its state, and waits for that same run on the next up", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
    const runs = { report: { waitTimeoutSeconds: 1 } };
    const timedOut = await engine.up(program(appId, runs));
    expect(timedOut.ok).toBe(false);
    const [run] = emulator.listRuns(appId);
    expect(timedOut.errors.join("\n")).toContain(
      `job run "report": job ${run.jobId} of job template ${appId} did not finish within 1s (waitTimeoutSeconds); ` +
        "last state: running (State 3). Pulumi keeps its job ID: the next `pulumi up` waits for this same run",
    );
    expect(runEntry(stack, "report")).toMatchObject({
      id: run.jobId,
      outputs: { jobId: run.jobId, state: "running", active: 1, waitTimeoutSeconds: 1 },
      initErrors: ["did not finish within 1s; last state: running (State 3)"],
    });

    // Still going: a refresh says so, and the next up waits again (and records it again).
    expect((await engine.refresh()).errors).toEqual([]);
    expect(runEntry(stack, "report").outputs.state).toBe("running");
    expect((await engine.up(program(appId, runs))).ok).toBe(false);

    emulator.finishRun(run.jobId);
    const waited = await engine.up(program(appId, runs));
    expect(waited.errors).toEqual([]);
    expect(waited.steps[1].op).toBe("update");
    expect(waited.steps[1].logs.join("\n")).toContain(
      `job ${run.jobId} had not finished (running); waiting for it`,
    );
    expect(stack.sent("ExecJob")).toHaveLength(1);
    expect(emulator.listRuns(appId)).toHaveLength(1);
    expect(runEntry(stack, "report").outputs).toMatchObject({ jobId: run.jobId, state: "succeeded" });
  });

  it("says so, and starts nothing, when a run it was waiting for is gone from SAE", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
    expect((await engine.up(program(appId, { report: { waitTimeoutSeconds: 1 } }))).ok).toBe(false);
    const [run] = emulator.listRuns(appId);
    emulator.purgeRunHistory(appId, { includeActive: true });

    const result = await engine.up(program(appId, { report: { waitTimeoutSeconds: 1 } }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toContain(
      `job run "report": SAE no longer reports job ${run.jobId} (DescribeJobStatus answered InvalidJobId.NotFound, ` +
        "HTTP 404: its history was deleted or purged), so how it ended is unknown. Change `triggers` to run the " +
        "job again, or remove the resource.",
    );
    expect(stack.sent("ExecJob")).toHaveLength(1);
    const rerun = await engine.up(program(appId, { report: { waitTimeoutSeconds: 5, triggers: [2] } }));
    expect(rerun.errors).toEqual([]);
    expect(stack.sent("ExecJob")).toHaveLength(2);
  });

  it("waits for a run whose Time has not come yet, as pending", async () => {
    const { engine, emulator } = stack;
    // A day ahead: the run is pending at every poll until the test ends it, however loaded the machine.
    const time = new Date(Date.now() + 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const up = engine.up(program(appId, { later: { time } }));
    await until(
      () => emulator.requestsFor("DescribeJobStatus").some((r) => r.status === 200),
      "the provider has been told the run is pending",
    );
    const [run] = emulator.listRuns(appId);
    expect(run.state).toBe("0");
    emulator.finishRun(run.jobId);
    const result = await up;
    expect(result.errors).toEqual([]);
    expect(stack.sent("ExecJob")[0].Time).toBe(time);
    expect(result.steps[1].logs.join("\n")).toMatch(
      /not started yet \(State 0\)[\s\S]*succeeded \(State 1\)/,
    );
    expect(emulator.listRuns(appId)[0].state).toBe("1");
    expect(runEntry(stack, "later").outputs).toMatchObject({ time, state: "succeeded" });
  });

  it("fails at once, naming the template, when the template does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const result = await stack.engine.up(program(missing, { report: {} }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toContain(
      `job run "report": job template ${missing} does not exist (ExecJob answered InvalidApplication.NotFound)`,
    );
    expect(stack.engine.resource("report")).toBeUndefined();
  });

  it("sends ExecJob again with the same EventId when its answer is lost, and starts one job", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "ExecJob", kind: "drop", dropAfterProcessing: true });
    const result = await engine.up(program(appId, { report: {} }));
    expect(result.errors).toEqual([]);
    const requests = emulator.requestsFor("ExecJob");
    expect(requests.map((r) => r.status)).toEqual([0, 200]);
    expect(new Set(execEventIds(stack)).size).toBe(1);
    expect(emulator.listRuns(appId)).toHaveLength(1);
    expect(result.steps[1].logs.join("\n")).toMatch(/ExecJob failed \(.*\); retrying for up to \d+s/);
  });

  it("finds the run it started when an interrupted up creates it again", async () => {
    const { emulator } = stack;
    const runOnly = () => {
      new JobRun("report", { appId, commandArgs: ["--all"] });
    };
    emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
    const first = await ProviderHost.start();
    const interrupted = new Engine({ host: first, project: "sae-test", stack: "dev", config: stack.config });
    const running = interrupted.up(runOnly);
    // The run has started once ExecJob is answered.
    await emulator.whenAnswered("ExecJob", (r) => r.status === 200);
    // The host goes away mid-create, as when `pulumi up` is interrupted: nothing is recorded.
    await first.stop();
    expect((await running).ok).toBe(false);
    expect(interrupted.state).toEqual([]);

    const [run] = emulator.listRuns(appId);
    emulator.finishRun(run.jobId);
    const second = await ProviderHost.start();
    try {
      const engine = new Engine({ host: second, project: "sae-test", stack: "dev", config: stack.config });
      const result = await engine.up(runOnly);
      expect(result.errors).toEqual([]);
      const eventIds = execEventIds(stack);
      expect(eventIds).toHaveLength(2);
      expect(eventIds[1]).toBe(eventIds[0]);
      expect(emulator.listRuns(appId)).toHaveLength(1);
      expect(engine.resource("report")).toMatchObject({ id: run.jobId, outputs: { state: "succeeded" } });
    } finally {
      await second.stop();
    }
  });
  it("finds the re-run it started when an interrupted up replaces a failed run again", async () => {
    const { emulator } = stack;
    const runs = program(appId, { report: {} });
    emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
    expect((await stack.engine.up(runs)).ok).toBe(false);
    const [failed] = emulator.listRuns(appId);
    emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
    const first = await ProviderHost.start();
    const interrupted = new Engine({
      host: first,
      project: "sae-test",
      stack: "dev",
      config: stack.config,
      state: stack.engine.state,
    });
    const running = interrupted.up(runs);
    await until(() => emulator.listRuns(appId).length === 2, "the re-run has started");
    // The host goes away mid-create: the failed run is all the state knows.
    await first.stop();
    expect((await running).ok).toBe(false);
    expect(interrupted.state.map((r) => r.id)).toEqual([appId, failed.jobId]);

    const rerun = emulator.listRuns(appId)[1];
    emulator.finishRun(rerun.jobId);
    const second = await ProviderHost.start();
    try {
      const engine = new Engine({
        host: second,
        project: "sae-test",
        stack: "dev",
        config: stack.config,
        state: interrupted.state,
      });
      const result = await engine.up(runs);
      expect(result.errors).toEqual([]);
      const eventIds = execEventIds(stack);
      expect(eventIds).toHaveLength(3);
      expect(eventIds[2]).toBe(eventIds[1]);
      expect(eventIds[1]).not.toBe(eventIds[0]);
      expect(emulator.listRuns(appId)).toHaveLength(2);
      expect(engine.state.map((r) => r.id)).toEqual([appId, rerun.jobId]);
      expect(engine.resource("report")).toMatchObject({
        outputs: { jobId: rerun.jobId, state: "succeeded" },
      });
    } finally {
      await second.stop();
    }
  });
});

describe("under ConcurrencyPolicy Forbid", () => {
  const forbid = { ...imageJob, concurrencyPolicy: "Forbid" } as const;
  beforeEach(async () => {
    stack = await startRunStack();
    appId = await deployTemplate(stack, forbid);
    stack.emulator.clearRequests();
  });

  it("waits while another run is going, tries again with the same EventId, and runs once it has ended", async () => {
    const { engine, emulator } = stack;
    // The other run goes on until ExecJob has been held back twice.
    const scheduled = emulator.startScheduledRun(appId, { durationMs: Infinity });
    const deployed = engine.up(program(appId, { report: {} }, forbid));
    const heldBack = (r: { code?: string }) => r.code === "JobForbidPolicy";
    await emulator.whenAnswered(
      "ExecJob",
      () => emulator.requestsFor("ExecJob").filter(heldBack).length === 2,
    );
    emulator.finishRun(scheduled.jobId);
    const result = await deployed;
    expect(result.errors).toEqual([]);
    const requests = emulator.requestsFor("ExecJob");
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.slice(0, -1).every((r) => r.status === 400 && r.code === "JobForbidPolicy")).toBe(true);
    expect(requests.at(-1)?.status).toBe(200);
    expect(new Set(execEventIds(stack)).size).toBe(1);
    const logs = result.steps[1].logs.join("\n");
    expect(logs).toMatch(
      new RegExp(
        `another run of job template ${appId} is still going and its ConcurrencyPolicy is Forbid ` +
          "\\(ExecJob answered JobForbidPolicy\\); waiting for it to end, then trying again \\(up to \\d+s more\\)",
      ),
    );
    expect(logs.match(/is still going/g)).toHaveLength(1);
    expect(logs).toMatch(/the other run has ended; started job manual-/);
    expect(emulator.listRuns(appId).map((r) => r.jobId)).toEqual([
      scheduled.jobId,
      runEntry(stack, "report").id,
    ]);
  });

  it("gives up at waitTimeoutSeconds, having started nothing", async () => {
    const { engine, emulator } = stack;
    emulator.startScheduledRun(appId, { durationMs: Infinity });
    const result = await engine.up(program(appId, { report: { waitTimeoutSeconds: 1 } }, forbid));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toContain(
      `job run "report": nothing was started: another run of job template ${appId} was still going after 1s ` +
        "(waitTimeoutSeconds), and its ConcurrencyPolicy is Forbid (ExecJob answered JobForbidPolicy).",
    );
    expect(emulator.requestsFor("ExecJob").every((r) => r.status === 400)).toBe(true);
    expect(engine.resource("report")).toBeUndefined();
    expect(emulator.listRuns(appId)).toHaveLength(1);
  });
});

it("fails at once on a suspended template, saying how to resume it", async () => {
  stack = await startRunStack();
  const suspended = { ...imageJob, suspend: true };
  appId = await deployTemplate(stack, suspended);
  stack.emulator.clearRequests();
  const result = await stack.engine.up(program(appId, { report: {} }, suspended));
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toContain(
    `job run "report": job template ${appId} is suspended, so SAE starts no run of it (ExecJob answered JobSuspend). ` +
      "Resume it first: set `suspend: false` on the JobTemplate and run `pulumi up` again.",
  );
  // At once: one ExecJob, refused, and nothing waited for or tried again.
  expect(stack.emulator.requests.map((r) => [r.action, r.code])).toEqual([["ExecJob", "JobSuspend"]]);
  expect(stack.engine.resource("report")).toBeUndefined();

  // Resumed in the same program, the run goes ahead.
  const resumed = await stack.engine.up(program(appId, { report: {} }, { ...suspended, suspend: false }));
  expect(resumed.errors).toEqual([]);
  expect(runEntry(stack, "report").outputs.state).toBe("succeeded");
});
