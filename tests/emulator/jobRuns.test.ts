// ExecJob runs: states over time, EventId idempotency, concurrency policies, suspension, history.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, createReady, imageJob, sleep, startWithClient, type Params } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
beforeAll(
  async () =>
    ({ emulator, client } = await startWithClient({ changeOrderDurationMs: 50, jobRunDurationMs: 250 })),
);
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

let counter = 0;
const template = (o: Params = {}) =>
  createReady(client, imageJob({ AppName: `run-${++counter}`, Replicas: "2", ...o }), 60);

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
  expect(Math.abs(running.StartTime - Date.now() / 1000)).toBeLessThan(5);
  expect(running).not.toHaveProperty("CompletionTime");
  await sleep(280);
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
  await sleep(280);
  const failed = await status(appId, jobId);
  expect(failed).toMatchObject({ State: "2", Failed: 2, Succeeded: 0 });
  expect(failed.Message).not.toBe("");
  const next = await exec(appId);
  await sleep(280);
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
  await sleep(280);
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
  const later = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
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
  await sleep(280);
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
