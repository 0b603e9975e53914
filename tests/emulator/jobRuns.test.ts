// ExecJob runs: states over time, EventId idempotency, concurrency policies, suspension, history,
// and the Emulator object's run scripting (per-run outcomes, scheduled runs, purge, inspection).

import type OpenApi from "@alicloud/openapi-client";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { start, type Emulator } from "../../emulator";
import {
  call,
  callError,
  createReady,
  imageJob,
  makeClient,
  type ManualClock,
  manualClock,
  startWithClient,
  type Params,
} from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(
  async () =>
    ({ emulator, client, clock } = await startWithClient({
      changeOrderDurationMs: 50,
      jobRunDurationMs: 250,
    })),
);
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

let counter = 0;
const template = (o: Params = {}) =>
  createReady(client, imageJob({ AppName: `run-${++counter}`, Replicas: "2", ...o }), clock, 50);

async function exec(appId: string, o: Params = {}): Promise<string> {
  const body = await call(client, "ExecJob", { AppId: appId, ...o });
  expect(body.Data).toMatchObject({ Code: "200", Msg: "success", Success: "true" });
  return body.Data.Data as string;
}

async function status(appId: string, jobId: string) {
  return (await call(client, "DescribeJobStatus", { AppId: appId, JobId: jobId })).Data;
}

test("a run is State 3 while running, then 1 with counts and epoch-second times", async () => {
  const appId = await template();
  const jobId = await exec(appId);
  expect(jobId).toMatch(/^manual-[0-9a-f-]{36}$/);
  const running = await status(appId, jobId);
  expect(running).toMatchObject({
    JobId: jobId,
    State: "3",
    Active: 2,
    Succeeded: 0,
    Failed: 0,
    Message: "",
  });
  expect(running.StartTime).toBe(Math.floor(clock.now() / 1000));
  expect(running).not.toHaveProperty("CompletionTime");
  clock.advance(249);
  expect((await status(appId, jobId)).State).toBe("3");
  clock.advance(1);
  const done = await status(appId, jobId);
  expect(done).toMatchObject({ State: "1", Active: 0, Succeeded: 2, Failed: 0 });
  expect(done.CompletionTime).toBeGreaterThanOrEqual(done.StartTime);
});

test("ExecJob's Replicas overrides the template's for that run", async () => {
  const appId = await template();
  const jobId = await exec(appId, { Replicas: "5" });
  expect((await status(appId, jobId)).Active).toBe(5);
});

test("failJobRun makes the next run end in State 2 with a message", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
  const jobId = await exec(appId);
  expect(emulator.requestsFor("ExecJob").at(-1)!.fault).toBe("failJobRun");
  clock.advance(250);
  const failed = await status(appId, jobId);
  expect(failed).toMatchObject({ State: "2", Failed: 2, Succeeded: 0 });
  expect(failed.Message).not.toBe("");
  const next = await exec(appId);
  clock.advance(250);
  expect((await status(appId, next)).State).toBe("1");
});

test("the same EventId on the same template returns the same job and creates nothing new", async () => {
  const appId = await template();
  const first = await exec(appId, { EventId: "evt-1" });
  const again = await exec(appId, { EventId: "evt-1" });
  const other = await exec(appId, { EventId: "evt-2" });
  expect(again).toBe(first);
  expect(other).not.toBe(first);
  const history = await call(client, "DescribeJobHistory", { AppId: appId });
  expect(history.Data.TotalSize).toBe(2);
  // The same EventId on another template is a different event.
  const elsewhere = await exec(await template(), { EventId: "evt-1" });
  expect(elsewhere).not.toBe(first);
});

test("Forbid refuses a run while one is active (JobForbidPolicy), but an EventId retry still answers", async () => {
  const appId = await template({ ConcurrencyPolicy: "Forbid" });
  const first = await exec(appId, { EventId: "nightly" });
  const err = await callError(client, "ExecJob", { AppId: appId });
  expect([err.statusCode, err.code]).toEqual([400, "JobForbidPolicy"]);
  expect(await exec(appId, { EventId: "nightly" })).toBe(first);
  clock.advance(250);
  expect(await exec(appId)).not.toBe(first);
});

test("Allow runs concurrently; Replace ends the active run as failed", async () => {
  const allow = await template({ ConcurrencyPolicy: "Allow" });
  await exec(allow);
  await exec(allow);
  const list = await call(client, "DescribeJobHistory", { AppId: allow, State: "3" });
  expect(list.Data.TotalSize).toBe(2);

  const replace = await template({ ConcurrencyPolicy: "Replace" });
  const old = await exec(replace);
  const fresh = await exec(replace);
  const oldStatus = await status(replace, old);
  expect(oldStatus.State).toBe("2");
  expect(oldStatus.Message).toContain(fresh);
  expect((await status(replace, fresh)).State).toBe("3");
});

test("SuspendJob Suspend=true makes ExecJob answer JobSuspend until Suspend=false", async () => {
  const appId = await template();
  const suspended = await call(client, "SuspendJob", { AppId: appId, Suspend: "true" });
  expect(suspended.Data).toBe('{"msg":"","code":200,"success":true}');
  expect((await call(client, "DescribeJob", { AppId: appId })).Data.Suspend).toBe(true);
  const err = await callError(client, "ExecJob", { AppId: appId });
  expect([err.statusCode, err.code]).toEqual([400, "JobSuspend"]);
  await call(client, "SuspendJob", { AppId: appId, Suspend: "false" });
  expect(await exec(appId)).toMatch(/^manual-/);
  const bad = await callError(client, "SuspendJob", { AppId: appId, Suspend: "maybe" });
  expect(bad.code).toBe("InvalidParameter.WithMessage");
});

test("a future Time keeps the run in State 0 until then", async () => {
  const appId = await template();
  const later = new Date(clock.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const jobId = await exec(appId, { Time: later });
  const pending = await status(appId, jobId);
  expect(pending.State).toBe("0");
  expect(pending).not.toHaveProperty("StartTime");
  const bad = await callError(client, "ExecJob", { AppId: appId, Time: "tomorrow" });
  expect(bad.code).toBe("InvalidParameter.WithMessage");
});

test("ExecJob validates CommandArgs, Envs and Replicas", async () => {
  const appId = await template();
  const args = await callError(client, "ExecJob", { AppId: appId, CommandArgs: '"a b"' });
  expect([args.code, args.data.Message]).toEqual([
    "InvalidParameter.WithMessage",
    expect.stringContaining("CommandArgs"),
  ]);
  const envs = await callError(client, "ExecJob", { AppId: appId, Envs: "{}" });
  expect(envs.data.Message).toContain("Envs");
  const replicas = await callError(client, "ExecJob", { AppId: appId, Replicas: "0" });
  expect(replicas.data.Message).toContain("Replicas");
});

test("DescribeJobHistory pages newest first and filters by State", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
  const ids = [await exec(appId), await exec(appId), await exec(appId)];
  clock.advance(250);
  const page1 = (await call(client, "DescribeJobHistory", { AppId: appId, PageSize: "2", CurrentPage: "1" }))
    .Data;
  expect(page1).toMatchObject({ CurrentPage: 1, PageSize: 2, TotalSize: 3 });
  expect(page1.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([ids[2], ids[1]]);
  const page2 = (await call(client, "DescribeJobHistory", { AppId: appId, PageSize: "2", CurrentPage: "2" }))
    .Data;
  expect(page2.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([ids[0]]);
  const failed = (await call(client, "DescribeJobHistory", { AppId: appId, State: "2" })).Data;
  expect(failed.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([ids[0]]);
  expect(failed.TotalSize).toBe(1);
  const bad = await callError(client, "DescribeJobHistory", { AppId: appId, PageSize: "zero" });
  expect(bad.code).toBe("InvalidParameter.WithMessage");
});

test("DescribeJobHistory paging: CurrentPage 1 and PageSize 10 by default, as ListJobs; State filters before paging", async () => {
  const appId = await template();
  // The runs stay running until finishRun, so the states below do not depend on the clock.
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity, times: 12 });
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    ids.push(await exec(appId));
  }
  const newestFirst = [...ids].reverse();
  const history = async (params: Params) => {
    const body = await call(client, "DescribeJobHistory", { AppId: appId, ...params });
    // Data only: the official SDK's DescribeJobHistoryResponseBody has no top-level paging fields.
    expect(body).not.toHaveProperty("TotalSize");
    return body.Data as {
      Jobs: { JobId: string }[];
      CurrentPage: number;
      PageSize: number;
      TotalSize: number;
    };
  };
  const jobIds = (data: { Jobs: { JobId: string }[] }) => data.Jobs.map((j) => j.JobId);

  const first = await history({});
  expect(first).toMatchObject({ CurrentPage: 1, PageSize: 10, TotalSize: 12 });
  expect(jobIds(first)).toEqual(newestFirst.slice(0, 10));
  const second = await history({ CurrentPage: "2" });
  expect(second).toMatchObject({ CurrentPage: 2, PageSize: 10, TotalSize: 12 });
  expect(jobIds(second)).toEqual(newestFirst.slice(10));
  const pastTheEnd = await history({ CurrentPage: "3" });
  expect(pastTheEnd).toEqual({ Jobs: [], CurrentPage: 3, PageSize: 10, TotalSize: 12 });
  expect(jobIds(await history({ PageSize: "100" }))).toEqual(newestFirst);
  expect(jobIds(await history({ PageSize: "5", CurrentPage: "2" }))).toEqual(newestFirst.slice(5, 10));

  for (const jobId of [ids[0], ids[4], ids[8]]) {
    emulator.finishRun(jobId, { fail: true });
  }
  const failedPage = await history({ State: "2", PageSize: "2", CurrentPage: "2" });
  expect(failedPage).toMatchObject({ CurrentPage: 2, PageSize: 2, TotalSize: 3 });
  expect(jobIds(failedPage)).toEqual([ids[0]]);
  expect((await history({ State: "3" })).TotalSize).toBe(9);

  for (const bad of [{ CurrentPage: "0" }, { PageSize: "0" }, { PageSize: "-1" }, { CurrentPage: "1.5" }]) {
    const err = await callError(client, "DescribeJobHistory", { AppId: appId, ...bad });
    expect([err.statusCode, err.code]).toEqual([400, "InvalidParameter.WithMessage"]);
  }
});

test("DeleteHistoryJob removes one run", async () => {
  const appId = await template();
  const keep = await exec(appId);
  const drop = await exec(appId);
  const body = await call(client, "DeleteHistoryJob", { AppId: appId, JobId: drop });
  expect(body.Success).toBe(true);
  const history = (await call(client, "DescribeJobHistory", { AppId: appId })).Data;
  expect(history.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([keep]);
  const gone = await callError(client, "DescribeJobStatus", { AppId: appId, JobId: drop });
  expect([gone.statusCode, gone.code]).toEqual([404, "InvalidJobId.NotFound"]);
});

test("not-found codes: InvalidApplication.NotFound (ExecJob, 400) and InvalidAppId.NotFound (404) elsewhere", async () => {
  const ghost = "99999999-9999-9999-9999-999999999999";
  const execErr = await callError(client, "ExecJob", { AppId: ghost });
  expect([execErr.statusCode, execErr.code]).toEqual([400, "InvalidApplication.NotFound"]);
  for (const [action, params] of [
    ["DescribeJobStatus", { AppId: ghost, JobId: "manual-x" }],
    ["DescribeJobHistory", { AppId: ghost }],
    ["SuspendJob", { AppId: ghost, Suspend: "true" }],
    ["DeleteJob", { AppId: ghost }],
    ["DeleteHistoryJob", { AppId: ghost, JobId: "manual-x" }],
  ] as const) {
    const err = await callError(client, action, params);
    expect([action, err.statusCode, err.code]).toEqual([action, 404, "InvalidAppId.NotFound"]);
  }
});

test("DeleteJob removes the template and its runs", async () => {
  const appId = await template();
  const jobId = await exec(appId);
  const body = await call(client, "DeleteJob", { AppId: appId });
  expect(body.Data).toBe('{"msg":"","code":200,"success":true}');
  const err = await callError(client, "DescribeJob", { AppId: appId });
  expect(err.code).toBe("InvalidAppId.NotFound");
  const status_ = await callError(client, "DescribeJobStatus", { AppId: appId, JobId: jobId });
  expect(status_.code).toBe("InvalidAppId.NotFound");
});

// ---- Scripting runs from test code: per-run durations and outcomes, schedule, purge, inspection.

const BACKOFF = "BackoffLimitExceeded: Job has reached the specified backoff limit";

test("failJobRun with message and runDurationMs: that run fails with that Message after that long", async () => {
  const appId = await template();
  emulator.faults.add({
    action: "ExecJob",
    kind: "failJobRun",
    message: "Error: exit code 3",
    runDurationMs: 100,
  });
  const jobId = await exec(appId);
  clock.advance(99);
  expect(await status(appId, jobId)).toMatchObject({ State: "3", Message: "" });
  clock.advance(1);
  expect(await status(appId, jobId)).toMatchObject({ State: "2", Message: "Error: exit code 3" });
});

test("jobRunDuration gives the next N runs their own duration; they still succeed, later runs use the default", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 60, times: 2 });
  const [a, b, c] = [await exec(appId), await exec(appId), await exec(appId)];
  expect(
    emulator
      .requestsFor("ExecJob")
      .slice(-3)
      .map((r) => r.fault),
  ).toEqual(["jobRunDuration", "jobRunDuration", undefined]);
  clock.advance(60);
  expect([(await status(appId, a)).State, (await status(appId, b)).State]).toEqual(["1", "1"]);
  expect((await status(appId, c)).State).toBe("3");
  expect(emulator.faults.pending()).toEqual([]);
});

test("runDurationMs 0: the run has already ended at the first poll, as a success or a failure", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 0 });
  const ok = await exec(appId);
  const done = await status(appId, ok);
  expect(done).toMatchObject({ State: "1", Active: 0, Succeeded: 2, Failed: 0, Message: "" });
  expect(done.CompletionTime).toBe(done.StartTime);

  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", runDurationMs: 0 });
  const bad = await exec(appId);
  expect(await status(appId, bad)).toMatchObject({ State: "2", Failed: 2, Message: BACKOFF });
});

test("failJobRun and jobRunDuration combine on one run; the failJobRun duration wins when it has one", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 0 });
  const jobId = await exec(appId);
  expect(emulator.requestsFor("ExecJob").at(-1)!.fault).toBe("failJobRun,jobRunDuration");
  expect((await status(appId, jobId)).State).toBe("2");

  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", runDurationMs: 0 });
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 60_000 });
  expect((await status(appId, await exec(appId))).State).toBe("2");
  // The jobRunDuration rule was not needed, so it is still there for the next run.
  expect(emulator.faults.pending()).toEqual([expect.objectContaining({ kind: "jobRunDuration" })]);
});

test("an Infinity run stays running until finishRun ends it (success, or failure with a Message)", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity, times: 2 });
  const [first, second] = [await exec(appId), await exec(appId)];
  clock.advance(86_400_000); // a day: far longer than the emulator's default duration (250 ms)
  expect(await status(appId, first)).toMatchObject({ State: "3", Active: 2 });
  expect(emulator.getRun(first)).toMatchObject({ state: "3", endsAt: Infinity });

  expect(emulator.finishRun(first)).toMatchObject({ state: "1", outcome: "1", message: "" });
  const finished = await status(appId, first);
  expect(finished).toMatchObject({ State: "1", Active: 0, Succeeded: 2 });
  expect(finished.CompletionTime).toEqual(expect.any(Number));

  emulator.finishRun(second, { fail: true, message: "OOMKilled" });
  expect(await status(appId, second)).toMatchObject({ State: "2", Failed: 2, Message: "OOMKilled" });

  expect(() => emulator.finishRun(second)).toThrow(/already ended/);
  expect(() => emulator.finishRun("manual-nope")).toThrow(/no job run/);
});

test("a run longer than the template's Timeout fails with DeadlineExceeded at the deadline", async () => {
  const appId = await template({ Timeout: "1" });
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
  const jobId = await exec(appId);
  clock.advance(999);
  expect((await status(appId, jobId)).State).toBe("3");
  clock.advance(1);
  expect(await status(appId, jobId)).toMatchObject({
    State: "2",
    Failed: 2,
    Message: "DeadlineExceeded: Job was active longer than specified deadline",
  });
  expect(emulator.getRun(jobId)).toMatchObject({
    outcome: "2",
    endsAt: emulator.getRun(jobId)!.startAt + 1000,
  });
});

test("status fields: counts follow replicas and state, times are epoch-second numbers, CompletionTime only on success", async () => {
  const appId = await template({ Replicas: "3" });
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", runDurationMs: 0 });
  const failedId = await exec(appId);
  const failed = await status(appId, failedId);
  expect(failed).toEqual({
    JobId: failedId,
    State: "2",
    Active: 0,
    Succeeded: 0,
    Failed: 3,
    StartTime: expect.any(Number),
    Message: BACKOFF,
  });
  expect(String(failed.StartTime)).toMatch(/^\d{10}$/); // seconds, not milliseconds
  expect(failed.StartTime).toBe(Math.floor(clock.now() / 1000));

  const runningId = await exec(appId, { Replicas: "4" });
  expect(await status(appId, runningId)).toEqual({
    JobId: runningId,
    State: "3",
    Active: 4,
    Succeeded: 0,
    Failed: 0,
    StartTime: expect.any(Number),
    Message: "",
  });
  clock.advance(250);
  const done = await status(appId, runningId);
  expect(done).toMatchObject({ State: "1", Active: 0, Succeeded: 4, Failed: 0 });
  expect(String(done.CompletionTime)).toMatch(/^\d{10}$/);
  // DescribeJobHistory shows the same entries.
  const history = (await call(client, "DescribeJobHistory", { AppId: appId })).Data;
  expect(history.Jobs).toEqual([done, failed]);
});

test("a run replaced before its Time came never started: no StartTime, no failed instances", async () => {
  const appId = await template({ ConcurrencyPolicy: "Replace" });
  const later = new Date(clock.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const pending = await exec(appId, { Time: later });
  const fresh = await exec(appId);
  const replaced = await status(appId, pending);
  expect(replaced).toMatchObject({
    State: "2",
    Failed: 0,
    Active: 0,
    Message: expect.stringContaining(fresh),
  });
  expect(replaced).not.toHaveProperty("StartTime");
  expect(replaced).not.toHaveProperty("CompletionTime");
});

test("startScheduledRun: the run shows in the API, and ExecJob under Forbid answers JobForbidPolicy until it ends", async () => {
  const appId = await template({ ConcurrencyPolicy: "Forbid" });
  const scheduled = emulator.startScheduledRun(appId, { durationMs: 150 });
  expect(scheduled).toMatchObject({ appId, trigger: "schedule", state: "3", replicas: 2, overrides: {} });
  expect(scheduled.jobId).toMatch(/^event-[0-9a-f-]{36}$/);
  expect(await status(appId, scheduled.jobId)).toMatchObject({ State: "3", Active: 2 });
  const history = (await call(client, "DescribeJobHistory", { AppId: appId })).Data;
  expect(history.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([scheduled.jobId]);

  const refused = await callError(client, "ExecJob", { AppId: appId, EventId: "deploy-1" });
  expect([refused.statusCode, refused.code]).toEqual([400, "JobForbidPolicy"]);
  clock.advance(150);
  expect((await status(appId, scheduled.jobId)).State).toBe("1");
  expect(await exec(appId, { EventId: "deploy-1" })).toMatch(/^manual-/);
});

test("startScheduledRun can fail, run forever or use other replicas, and follows the template's policy", async () => {
  const appId = await template();
  const failing = emulator.startScheduledRun(appId, { durationMs: 0, fail: true, message: "exit 1" });
  expect(await status(appId, failing.jobId)).toMatchObject({ State: "2", Message: "exit 1" });
  const forever = emulator.startScheduledRun(appId, { durationMs: Infinity, replicas: 5 });
  expect(await status(appId, forever.jobId)).toMatchObject({ State: "3", Active: 5 });
  emulator.finishRun(forever.jobId);

  const forbid = await template({ ConcurrencyPolicy: "Forbid" });
  await exec(forbid);
  expect(() => emulator.startScheduledRun(forbid)).toThrow(/Forbid/);

  const replace = await template({ ConcurrencyPolicy: "Replace" });
  const manual = await exec(replace);
  const byCron = emulator.startScheduledRun(replace);
  expect(await status(replace, manual)).toMatchObject({
    State: "2",
    Message: expect.stringContaining(byCron.jobId),
  });

  const suspended = await template();
  await call(client, "SuspendJob", { AppId: suspended, Suspend: "true" });
  expect(() => emulator.startScheduledRun(suspended)).toThrow(/suspended/);
  expect(() => emulator.startScheduledRun("no-such-app")).toThrow(/no job template/);
  expect(() => emulator.startScheduledRun(appId, { durationMs: -1 })).toThrow(RangeError);
});

test("purgeRunHistory: purged runs answer 404 InvalidJobId.NotFound; active runs stay unless includeActive", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 0 });
  const finished = await exec(appId, { EventId: "release-7" });
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: Infinity });
  const running = await exec(appId);

  expect(emulator.purgeRunHistory(appId)).toEqual([finished]);
  const gone = await callError(client, "DescribeJobStatus", { AppId: appId, JobId: finished });
  expect([gone.statusCode, gone.code]).toEqual([404, "InvalidJobId.NotFound"]);
  const del = await callError(client, "DeleteHistoryJob", { AppId: appId, JobId: finished });
  expect([del.statusCode, del.code]).toEqual([404, "InvalidJobId.NotFound"]);
  expect((await status(appId, running)).State).toBe("3");
  expect(emulator.getRun(finished)).toBeUndefined();

  // The purged EventId is forgotten: ExecJob with it starts a new job.
  const again = await exec(appId, { EventId: "release-7" });
  expect(again).not.toBe(finished);

  expect(emulator.purgeRunHistory(appId, { includeActive: true, jobIds: [running] })).toEqual([running]);
  expect((await callError(client, "DescribeJobStatus", { AppId: appId, JobId: running })).statusCode).toBe(
    404,
  );
  const history = (await call(client, "DescribeJobHistory", { AppId: appId })).Data;
  expect(history.Jobs.map((j: { JobId: string }) => j.JobId)).toEqual([again]);
});

test("purgeRunHistory without appId purges every template's finished runs", async () => {
  const a = await template();
  const b = await template();
  emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: 0, times: 2 });
  const ra = await exec(a);
  const rb = await exec(b);
  const purged = emulator.purgeRunHistory();
  expect(purged).toEqual(expect.arrayContaining([ra, rb]));
  expect(emulator.listRuns().filter((r) => r.state === "1" || r.state === "2")).toEqual([]);
  expect(emulator.purgeRunHistory()).toEqual([]);
});

test("listRuns and getRun show each run's trigger, eventId, overrides and outcome", async () => {
  const appId = await template();
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "boom" });
  const manual = await exec(appId, {
    EventId: "evt-inspect",
    Command: "python",
    CommandArgs: '["main.py","--fast"]',
    Envs: '[{"name":"MODE","value":"x"}]',
    Replicas: "3",
  });
  const scheduled = emulator.startScheduledRun(appId);
  const runs = emulator.listRuns(appId);
  expect(runs.map((r) => r.jobId)).toEqual([manual, scheduled.jobId]); // creation order
  expect(runs[0]).toEqual({
    jobId: manual,
    appId,
    trigger: "ExecJob",
    eventId: "evt-inspect",
    overrides: {
      Command: "python",
      CommandArgs: '["main.py","--fast"]',
      Envs: '[{"name":"MODE","value":"x"}]',
      Replicas: "3",
    },
    replicas: 3,
    state: "3",
    outcome: "2",
    message: "boom",
    createdAt: expect.any(Number),
    startAt: expect.any(Number),
    endsAt: runs[0].startAt + 250,
  });
  expect(runs[1]).toMatchObject({ trigger: "schedule", outcome: "1", message: "" });
  expect(runs[1]).not.toHaveProperty("eventId");
  expect(emulator.getRun(manual)).toEqual(runs[0]);
  expect(emulator.getRun("manual-unknown")).toBeUndefined();
  const elsewhere = await exec(await template());
  expect(emulator.listRuns().map((r) => r.jobId)).toEqual(expect.arrayContaining([manual, elsewhere]));
  expect(emulator.listRuns(appId).map((r) => r.jobId)).not.toContain(elsewhere);
});

test("an ExecJob answered from its EventId creates nothing and uses up no run fault", async () => {
  const appId = await template();
  const first = await exec(appId, { EventId: "once" });
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
  expect(await exec(appId, { EventId: "once" })).toBe(first);
  expect(emulator.faults.pending()).toHaveLength(1);
  expect(emulator.listRuns(appId)).toHaveLength(1);
});

test("malformed run fault rules are refused", () => {
  expect(() => emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration" })).toThrow(TypeError);
  expect(() => emulator.faults.add({ action: "ExecJob", kind: "jobRunDuration", runDurationMs: -5 })).toThrow(
    TypeError,
  );
  expect(() => emulator.faults.add({ action: "ExecJob", kind: "throttle", runDurationMs: 5 })).toThrow(
    TypeError,
  );
  expect(emulator.faults.pending()).toEqual([]);
});

test("a run waiting for finishRun survives a restart (dataDir) and can be finished afterwards", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sae-emulator-runs-"));
  try {
    const firstClock = manualClock();
    const first = await start({ dataDir, changeOrderDurationMs: 20, clock: firstClock.now });
    const appId = await createReady(makeClient(first), imageJob({ AppName: "durable-run" }), firstClock, 20);
    const { jobId } = first.startScheduledRun(appId, { durationMs: Infinity });
    await first.stop();
    const second = await start({ dataDir, clock: firstClock.now });
    try {
      expect(second.getRun(jobId)).toMatchObject({ state: "3", trigger: "schedule", endsAt: Infinity });
      second.finishRun(jobId, { fail: true });
      const body = await call(makeClient(second), "DescribeJobStatus", { AppId: appId, JobId: jobId });
      expect(body.Data).toMatchObject({ State: "2", Message: BACKOFF });
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
