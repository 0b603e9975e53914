// Change orders: progress from timestamps, failures by fault, unknown IDs.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, imageJob, sleep, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
beforeAll(async () => ({ emulator, client } = await startWithClient({ changeOrderDurationMs: 300 })));
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

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

test("an unknown ChangeOrderId is 404 InvalidChangeOrderId.NotFound; a missing one is NotEmpty", async () => {
  const err = await callError(client, "DescribeChangeOrder", { ChangeOrderId: "no-such-order" });
  expect([err.statusCode, err.code]).toEqual([404, "InvalidChangeOrderId.NotFound"]);
  const missing = await callError(client, "DescribeChangeOrder", {});
  expect([missing.statusCode, missing.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
});
