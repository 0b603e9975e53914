// With dataDir, state survives a restart: templates (with their tags), change orders (still
// progressing) and runs.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { start } from "../../emulator";
import { call, imageJob, makeClient, manualClock } from "./signedClient";

let dataDir: string;
beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sae-emulator-test-"))));
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test("a restart loses no template, change order or run, and in-flight change orders still finish", async () => {
  // SAE's time goes on across the emulator's restarts: one clock for the three.
  const clock = manualClock();
  const first = await start({ dataDir, changeOrderDurationMs: 50, jobRunDurationMs: 5000, clock: clock.now });
  const c1 = makeClient(first);
  const created = await call(
    c1,
    "CreateJob",
    imageJob({ AppName: "durable", Envs: '[{"name":"K","value":"V"}]' }),
  );
  const appId = created.Data.AppId as string;
  clock.advance(50);
  const jobId = (await call(c1, "ExecJob", { AppId: appId, EventId: "e1" })).Data.Data as string;
  await call(c1, "SuspendJob", { AppId: appId, Suspend: "true" });
  await first.stop();

  // After a restart, open a change order that will still be running at the next restart.
  const second = await start({
    dataDir,
    changeOrderDurationMs: 400,
    jobRunDurationMs: 5000,
    clock: clock.now,
  });
  const c2 = makeClient(second);
  const update = await call(c2, "UpdateJob", { AppId: appId, Replicas: "3" });
  await second.stop();

  const third = await start({ dataDir, clock: clock.now });
  try {
    const c3 = makeClient(third);
    const d = (await call(c3, "DescribeJob", { AppId: appId })).Data;
    expect(d).toMatchObject({
      AppName: "durable",
      Replicas: 3,
      Suspend: true,
      Envs: '[{"name":"K","value":"V"}]',
    });
    expect(
      (await call(c3, "DescribeChangeOrder", { ChangeOrderId: created.Data.ChangeOrderId })).Data.Status,
    ).toBe(2);
    const inFlight = (await call(c3, "DescribeChangeOrder", { ChangeOrderId: update.Data.ChangeOrderId }))
      .Data;
    expect(inFlight.Status).toBe(0); // its own duration (400 ms) was stored with it
    clock.advance(399);
    expect(
      (await call(c3, "DescribeChangeOrder", { ChangeOrderId: update.Data.ChangeOrderId })).Data.Status,
    ).toBe(1);
    clock.advance(1);
    expect(
      (await call(c3, "DescribeChangeOrder", { ChangeOrderId: update.Data.ChangeOrderId })).Data.Status,
    ).toBe(2);
    const run = (await call(c3, "DescribeJobStatus", { AppId: appId, JobId: jobId })).Data;
    expect(run.State).toBe("3");
    // EventId idempotency also survives (after un-suspending).
    await call(c3, "SuspendJob", { AppId: appId, Suspend: "false" });
    expect((await call(c3, "ExecJob", { AppId: appId, EventId: "e1" })).Data.Data).toBe(jobId);
  } finally {
    await third.stop();
  }
  // Written atomically: one state file, no temporary files left behind.
  expect(fs.readdirSync(dataDir)).toEqual(["sae-emulator-state.json"]);
});

test("a change order waiting for finishChangeOrder survives a restart and can be finished afterwards", async () => {
  const first = await start({ dataDir });
  const created = await (async () => {
    first.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: Infinity });
    return (await call(makeClient(first), "CreateJob", imageJob({ AppName: "open-ended" }))).Data;
  })();
  await first.stop();
  const second = await start({ dataDir });
  try {
    expect(second.listChangeOrders()).toEqual([
      expect.objectContaining({ changeOrderId: created.ChangeOrderId, status: 1, endsAt: Infinity }),
    ]);
    second.finishChangeOrder(created.ChangeOrderId);
    const co = await call(makeClient(second), "DescribeChangeOrder", {
      ChangeOrderId: created.ChangeOrderId,
    });
    expect(co.Data.Status).toBe(2);
  } finally {
    await second.stop();
  }
});

test("tags survive a restart, user and system ones, in their order; so does removing them", async () => {
  const tagParams = (appId: string) => ({
    RegionId: "cn-hangzhou",
    ResourceType: "application",
    ResourceIds: JSON.stringify([appId]),
  });
  const first = await start({ dataDir, changeOrderDurationMs: 0 });
  const c1 = makeClient(first);
  const appId = (await call(c1, "CreateJob", imageJob({ AppName: "tagged" }))).Data.AppId as string;
  const untagged = (await call(c1, "CreateJob", imageJob({ AppName: "untagged" }))).Data.AppId as string;
  await call(c1, "TagResources", {
    ...tagParams(appId),
    Tags: JSON.stringify([
      { key: "team", value: "data" },
      { key: "env", value: "" },
    ]),
  });
  first.setTags(appId, { "acs:rm:rgId": "rg-1" });
  await first.stop();

  const second = await start({ dataDir });
  const c2 = makeClient(second);
  try {
    expect((await call(c2, "DescribeJob", { AppId: appId })).Data.Tags).toEqual([
      { Key: "team", Value: "data" },
      { Key: "env", Value: "" },
      { Key: "acs:rm:rgId", Value: "rg-1" },
    ]);
    expect(second.tagsOf(untagged)).toEqual({});
    const listed = await call(c2, "ListTagResources", {
      ...tagParams(appId),
      ResourceIds: undefined,
      Tags: JSON.stringify([{ key: "team", value: "data" }]),
    });
    expect(listed.Data.TagResources.map((e: { ResourceId: string }) => e.ResourceId)).toEqual([
      appId,
      appId,
      appId,
    ]);
    await call(c2, "UntagResources", { ...tagParams(appId), DeleteAll: "true" });
  } finally {
    await second.stop();
  }

  const third = await start({ dataDir });
  try {
    expect(third.tagsOf(appId)).toEqual({ "acs:rm:rgId": "rg-1" });
  } finally {
    await third.stop();
  }
});

test("without dataDir nothing is written and a new emulator starts empty", async () => {
  const a = await start();
  await call(makeClient(a), "CreateJob", imageJob({ AppName: "ephemeral" }));
  await a.stop();
  const b = await start();
  try {
    expect((await call(makeClient(b), "ListJobs", {})).Data.TotalSize).toBe(0);
  } finally {
    await b.stop();
  }
});

test("a state file that is not the emulator's makes start() fail clearly", async () => {
  fs.writeFileSync(path.join(dataDir, "sae-emulator-state.json"), '{"something":"else"}');
  await expect(start({ dataDir })).rejects.toThrow(/not an SAE job emulator state file/);
});
