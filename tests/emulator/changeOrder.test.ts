// Change orders: progress from timestamps (on a clock the tests move), failures and durations by
// fault, open-ended ones a test finishes, unknown IDs.

import type OpenApi from "@alicloud/openapi-client";
import { start, type Emulator } from "../../emulator";
import { call, callError, imageJob, type ManualClock, makeClient, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 300 })));
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.faults.clear();
  emulator.clearRequests();
});

async function changeOrder(id: string) {
  return (await call(client, "DescribeChangeOrder", { ChangeOrderId: id })).Data;
}

test("a change order is 0 for the first quarter of changeOrderDurationMs, then 1, then 2 with FinishTime", async () => {
  const created = await call(client, "CreateJob", imageJob({ AppName: "co-progress" }));
  const first = await changeOrder(created.Data.ChangeOrderId);
  expect(first).toMatchObject({
    ChangeOrderId: created.Data.ChangeOrderId,
    AppId: created.Data.AppId,
    SubStatus: 0,
    Status: 0,
  });
  expect(first).not.toHaveProperty("FinishTime");
  expect(first.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(first.Pipelines).toHaveLength(1);
  expect(first.Pipelines[0].Status).toBe(first.Status);

  clock.advance(74);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(0);
  clock.advance(1);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(1);

  clock.advance(224);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(1);
  clock.advance(1);
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
  clock.advance(300);
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
  clock.advance(300);
  expect((await changeOrder(created.Data.ChangeOrderId)).Status).toBe(3);
});

test("UpdateJob opens its own change order, described as an update", async () => {
  const created = await call(client, "CreateJob", imageJob({ AppName: "co-update" }));
  clock.advance(300);
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
  clock.advance(59_999); // the default 300 ms change order has finished; the 60 s one has not
  const running = await changeOrder(slow.ChangeOrderId);
  expect(running.Status).toBe(1);
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
  clock.advance(300);
  emulator.faults.add({ action: "UpdateJob", kind: "changeOrderDuration", durationMs: 1500 });
  const update = (await call(client, "UpdateJob", { AppId: appId, Replicas: "2" })).Data;
  // The feature is a duration: still running past the default 300 ms, up to its last millisecond...
  clock.advance(1499);
  expect((await changeOrder(update.ChangeOrderId)).Status).toBe(1);
  expect((await callError(client, "UpdateJob", { AppId: appId, Replicas: "3" })).code).toBe(
    "Application.ChangerOrderRunning",
  );
  // ...and finished once durationMs has passed.
  clock.advance(1);
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

test("an Infinity changeOrderDuration runs until finishChangeOrder ends it, succeeded or failed", async () => {
  emulator.faults.add({ action: "*", kind: "changeOrderDuration", durationMs: Infinity, times: 2 });
  const created = (await call(client, "CreateJob", imageJob({ AppName: "co-open" }))).Data;
  clock.advance(86_400_000); // a day later, still going
  const running = await changeOrder(created.ChangeOrderId);
  expect(running.Status).toBe(1);
  expect(running).not.toHaveProperty("FinishTime");
  expect((await callError(client, "DeleteJob", { AppId: created.AppId })).code).toBe(
    "Application.ChangerOrderRunning",
  );
  expect(emulator.listChangeOrders(created.AppId)).toEqual([
    {
      changeOrderId: created.ChangeOrderId,
      appId: created.AppId,
      action: "CreateJob",
      status: 1,
      finalStatus: 2,
      createdAt: expect.any(Number),
      endsAt: Infinity,
    },
  ]);

  const finished = emulator.finishChangeOrder(created.ChangeOrderId);
  expect(finished).toMatchObject({ status: 2, endsAt: clock.now() });
  const done = await changeOrder(created.ChangeOrderId);
  expect([done.Status, done.SubStatus]).toEqual([2, 0]);
  expect(done.FinishTime).toEqual(expect.any(String));

  const update = (await call(client, "UpdateJob", { AppId: created.AppId, Replicas: "2" })).Data;
  expect(emulator.finishChangeOrder(update.ChangeOrderId, { failStatus: 6 })).toMatchObject({
    action: "UpdateJob",
    status: 6,
    finalStatus: 6,
  });
  const failed = await changeOrder(update.ChangeOrderId);
  expect([failed.Status, failed.SubStatus]).toEqual([6, 1]);
  expect(emulator.listChangeOrders(created.AppId).map((co) => co.changeOrderId)).toEqual([
    created.ChangeOrderId,
    update.ChangeOrderId,
  ]);
});

test("finishChangeOrder throws for a change order that does not exist or has finished", async () => {
  const created = (await call(client, "CreateJob", imageJob({ AppName: "co-ended" }))).Data;
  expect(() => emulator.finishChangeOrder("no-such-order")).toThrow(
    "finishChangeOrder: no change order no-such-order",
  );
  expect(() => emulator.finishChangeOrder(created.ChangeOrderId, { failStatus: 4 as 3 })).toThrow(RangeError);
  clock.advance(300);
  expect(() => emulator.finishChangeOrder(created.ChangeOrderId)).toThrow(
    `finishChangeOrder: change order ${created.ChangeOrderId} has already finished`,
  );
});
