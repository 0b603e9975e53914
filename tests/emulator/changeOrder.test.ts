// Change orders: progress from timestamps, failures and durations by fault, unknown IDs.

import type OpenApi from "@alicloud/openapi-client";
import { start, type Emulator } from "../../emulator";
import { call, callError, imageJob, makeClient, sleep, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
beforeAll(async () => ({ emulator, client } = await startWithClient({ changeOrderDurationMs: 300 })));
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.faults.clear();
  emulator.clearRequests();
});

async function changeOrder(id: string) {
  return (await call(client, "DescribeChangeOrder", { ChangeOrderId: id })).Data;
}

test("a change order moves from 0/1 to 2 within changeOrderDurationMs and then carries FinishTime", async () => {
  const created = await call(client, "CreateJob", imageJob({ AppName: "co-progress" }));
  const first = await changeOrder(created.Data.ChangeOrderId);
  expect(first).toMatchObject({
    ChangeOrderId: created.Data.ChangeOrderId,
    AppId: created.Data.AppId,
    SubStatus: 0,
  });
  expect([0, 1]).toContain(first.Status);
  expect(first).not.toHaveProperty("FinishTime");
  expect(first.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(first.Pipelines).toHaveLength(1);
  expect(first.Pipelines[0].Status).toBe(first.Status);

  await sleep(120);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(1);

  await sleep(220);
  const done = await changeOrder(created.Data.ChangeOrderId);
  expect(done.Status).toBe(2);
  expect(done.Pipelines[0].Status).toBe(2);
  expect(done.FinishTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(done).not.toHaveProperty("ErrorMessage");
});

test.each([
  { status: undefined, expected: 3 },
  { status: 6, expected: 6 },
  { status: 10, expected: 10 },
])("failChangeOrder ends the change order in $expected", async ({ status, expected }) => {
  emulator.faults.add({
    action: "CreateJob",
    kind: "failChangeOrder",
    ...(status !== undefined && { status }),
  });
  const created = await call(client, "CreateJob", imageJob({ AppName: `co-fail-${expected}` }));
  expect(emulator.requestsFor("CreateJob").at(-1)!.fault).toBe("failChangeOrder");
  await sleep(330);
  const co = await changeOrder(created.Data.ChangeOrderId);
  expect(co.Status).toBe(expected);
  expect(co.SubStatus).toBe(1);
  expect(co.ErrorMessage).toEqual(expect.any(String));
  expect(co.Message).toBe(co.ErrorMessage);
  // The template exists anyway, and a failed change order does not block the next change.
  const upd = await call(client, "UpdateJob", { AppId: created.Data.AppId, Replicas: "2" });
  expect(upd.Success).toBe(true);
});

test("failChangeOrder is used up only by a request that creates a change order", async () => {
  emulator.faults.add({ action: "*", kind: "failChangeOrder" });
  await call(client, "ListJobs", {});
  await callError(client, "CreateJob", imageJob({ AppName: "bad_name" }));
  expect(emulator.faults.pending()).toHaveLength(1);
  const created = await call(client, "CreateJob", imageJob({ AppName: "co-star" }));
  expect(emulator.faults.pending()).toHaveLength(0);
  await sleep(330);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(3);
});

test("UpdateJob opens its own change order, described as an update", async () => {
  const created = await call(client, "CreateJob", imageJob({ AppName: "co-update" }));
  await sleep(330);
  const updated = await call(client, "UpdateJob", { AppId: created.Data.AppId, Replicas: "2" });
  expect(updated.Data.ChangeOrderId).not.toBe(created.Data.ChangeOrderId);
  const co = await changeOrder(updated.Data.ChangeOrderId);
  expect(co.AppId).toBe(created.Data.AppId);
  expect(co.CoTypeCode).toBe("CoDeploy");
  expect((await changeOrder(created.Data.ChangeOrderId)).CoTypeCode).toBe("CoCreateApp");
});

test("changeOrderDuration makes the next change order take durationMs; UpdateJob and DeleteJob wait for it", async () => {
  emulator.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: 60_000 });
  const slow = (await call(client, "CreateJob", imageJob({ AppName: "co-slow" }))).Data;
  const quick = (await call(client, "CreateJob", imageJob({ AppName: "co-quick" }))).Data;
  expect(emulator.requestsFor("CreateJob").map((r) => r.fault)).toEqual(["changeOrderDuration", undefined]);
  expect(emulator.faults.pending()).toEqual([]);
  await sleep(400); // the default 300 ms change order has finished; the 60 s one has not
  const running = await changeOrder(slow.ChangeOrderId);
  expect([0, 1]).toContain(running.Status);
  expect(running).not.toHaveProperty("FinishTime");
  expect((await changeOrder(quick.ChangeOrderId)).Status).toBe(2);
  for (const [action, params] of [
    ["UpdateJob", { AppId: slow.AppId, Replicas: "2" }],
    ["DeleteJob", { AppId: slow.AppId }],
  ] as const) {
    const err = await callError(client, action, params);
    expect([err.statusCode, err.code]).toEqual([400, "Application.ChangerOrderRunning"]);
  }
  expect((await call(client, "UpdateJob", { AppId: quick.AppId, Replicas: "2" })).Success).toBe(true);
});

test("changeOrderDuration ends the change order at durationMs", async () => {
  const appId = (await call(client, "CreateJob", imageJob({ AppName: "co-timed" }))).Data.AppId as string;
  await sleep(330);
  emulator.faults.add({ action: "UpdateJob", kind: "changeOrderDuration", durationMs: 1500 });
  const update = (await call(client, "UpdateJob", { AppId: appId, Replicas: "2" })).Data;
  // The feature is a duration: still running well past the default 300 ms (a 1.1 s margin)...
  await sleep(400);
  expect((await changeOrder(update.ChangeOrderId)).Status).toBe(1);
  expect((await callError(client, "UpdateJob", { AppId: appId, Replicas: "3" })).code).toBe(
    "Application.ChangerOrderRunning",
  );
  // ...and finished once durationMs has passed.
  await sleep(1300);
  const done = await changeOrder(update.ChangeOrderId);
  expect(done.Status).toBe(2);
  expect(done.FinishTime).toEqual(expect.any(String));
  expect((await call(client, "UpdateJob", { AppId: appId, Replicas: "3" })).Success).toBe(true);
});

test("changeOrderDuration combines with failChangeOrder, and durationMs 0 is finished at once", async () => {
  // A default no test outlives, so only the faults can finish a change order here.
  const slowEmulator = await start({ changeOrderDurationMs: 600_000 });
  try {
    const c = makeClient(slowEmulator);
    slowEmulator.faults.add({ action: "*", kind: "changeOrderDuration", durationMs: 0, times: 2 });
    slowEmulator.faults.add({ action: "UpdateJob", kind: "failChangeOrder", status: 6 });
    const created = (await call(c, "CreateJob", imageJob({ AppName: "co-instant" }))).Data;
    expect((await call(c, "DescribeChangeOrder", { ChangeOrderId: created.ChangeOrderId })).Data.Status).toBe(
      2,
    );
    const failed = (await call(c, "UpdateJob", { AppId: created.AppId, Replicas: "2" })).Data;
    const co = (await call(c, "DescribeChangeOrder", { ChangeOrderId: failed.ChangeOrderId })).Data;
    expect([co.Status, co.SubStatus]).toEqual([6, 1]);
    expect(slowEmulator.requestsFor("UpdateJob")[0].fault).toBe("failChangeOrder,changeOrderDuration");
    expect(slowEmulator.faults.pending()).toEqual([]);
    // The faults are used up: the next change order takes the 10-minute default.
    await call(c, "UpdateJob", { AppId: created.AppId, Replicas: "3" });
    expect((await callError(c, "DeleteJob", { AppId: created.AppId })).code).toBe(
      "Application.ChangerOrderRunning",
    );
  } finally {
    await slowEmulator.stop();
  }
});

test("changeOrderDuration is used up only by a request that opens a change order", async () => {
  emulator.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: 60_000 });
  emulator.faults.add({ action: "*", kind: "changeOrderDuration", durationMs: 60_000 });
  const blocked = (await call(client, "CreateJob", imageJob({ AppName: "co-blocked" }))).Data.AppId as string;
  expect(emulator.faults.pending()).toHaveLength(1);
  await call(client, "ListJobs", {});
  await callError(client, "CreateJob", imageJob({ AppName: "bad_name" }));
  // Refused while the first change order runs: no change order, so the rule stays.
  await callError(client, "UpdateJob", { AppId: blocked, Replicas: "2" });
  expect(emulator.faults.pending()).toEqual([
    expect.objectContaining({ action: "*", kind: "changeOrderDuration", durationMs: 60_000, times: 1 }),
  ]);
});

test("changeOrderDuration rules are checked", () => {
  const bad = [
    { action: "CreateJob", kind: "changeOrderDuration" },
    { action: "CreateJob", kind: "changeOrderDuration", durationMs: -1 },
    { action: "CreateJob", kind: "changeOrderDuration", durationMs: Infinity },
    { action: "CreateJob", kind: "changeOrderDuration", durationMs: NaN },
    { action: "CreateJob", kind: "failChangeOrder", durationMs: 100 },
    { action: "ExecJob", kind: "jobRunDuration", runDurationMs: 5, durationMs: 5 },
  ] as const;
  for (const rule of bad) {
    expect(() => emulator.faults.add(rule)).toThrow(TypeError);
  }
  expect(emulator.faults.pending()).toEqual([]);
});

test("an unknown ChangeOrderId is 404 InvalidChangeOrderId.NotFound; a missing one is NotEmpty", async () => {
  const err = await callError(client, "DescribeChangeOrder", { ChangeOrderId: "no-such-order" });
  expect([err.statusCode, err.code]).toEqual([404, "InvalidChangeOrderId.NotFound"]);
  const missing = await callError(client, "DescribeChangeOrder", {});
  expect([missing.statusCode, missing.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
});
