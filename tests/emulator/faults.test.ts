// Fault injection: each kind, ordering, skip/times, errors answered after processing, and faults
// never hiding a bad signature.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import {
  call,
  callError,
  createReady,
  imageJob,
  type ManualClock,
  makeClient,
  startWithClient,
} from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 50 })));
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.faults.clear();
  emulator.clearRequests();
});

/** Resolves once `done()` holds, checking after each turn of the event loop (no timers). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test.each([
  {
    kind: "throttle" as const,
    status: 400,
    code: "Throttling.User",
    message: "Request was denied due to user flow control.",
  },
  { kind: "serverError" as const, status: 500, code: "InternalError", message: undefined },
  { kind: "serviceUnavailable" as const, status: 503, code: "ServiceUnavailable", message: undefined },
])(
  "$kind answers HTTP $status $code once, then requests go through",
  async ({ kind, status, code, message }) => {
    emulator.faults.add({ action: "ListJobs", kind });
    const err = await callError(client, "ListJobs", {});
    expect([err.statusCode, err.code]).toEqual([status, code]);
    if (message !== undefined) {
      expect(err.data.Message).toBe(message);
    }
    expect((await call(client, "ListJobs", {})).Success).toBe(true);
    expect(emulator.requestsFor("ListJobs").map((r) => [r.status, r.fault])).toEqual([
      [status, kind],
      [200, undefined],
    ]);
  },
);

test('"error" answers exactly the given status, code and message', async () => {
  emulator.faults.add({
    action: "DescribeJob",
    kind: "error",
    status: 409,
    code: "Custom.Conflict",
    message: "nope",
  });
  const err = await callError(client, "DescribeJob", { AppId: "x" });
  expect([err.statusCode, err.code, err.data.Message]).toEqual([409, "Custom.Conflict", "nope"]);
});

test("faults apply only to their action; skip lets requests through first; times counts", async () => {
  emulator.faults.add({ action: "ListJobs", kind: "throttle", skip: 1, times: 2 });
  await call(client, "DescribeChangeOrder", { ChangeOrderId: "x" }).catch(() => undefined);
  expect((await call(client, "ListJobs", {})).Success).toBe(true);
  expect((await callError(client, "ListJobs", {})).code).toBe("Throttling.User");
  expect((await callError(client, "ListJobs", {})).code).toBe("Throttling.User");
  expect((await call(client, "ListJobs", {})).Success).toBe(true);
  expect(emulator.faults.pending()).toEqual([]);
});

test('"*" matches any action, rules are consumed in the order added, and pending() shows what is left', async () => {
  emulator.faults.add({ action: "*", kind: "serverError" });
  emulator.faults.add({ action: "*", kind: "throttle", times: Infinity });
  expect(emulator.faults.pending().map((r) => r.kind)).toEqual(["serverError", "throttle"]);
  expect((await callError(client, "ListJobs", {})).code).toBe("InternalError");
  expect((await callError(client, "DescribeJob", { AppId: "a" })).code).toBe("Throttling.User");
  expect((await callError(client, "ListJobs", {})).code).toBe("Throttling.User");
  expect(emulator.faults.pending()).toEqual([expect.objectContaining({ kind: "throttle", times: Infinity })]);
  emulator.faults.clear();
  expect((await call(client, "ListJobs", {})).Success).toBe(true);
});

test("a bad signature is reported as such and does not use up a fault", async () => {
  emulator.faults.add({ action: "ListJobs", kind: "throttle" });
  const err = await callError(makeClient({ ...emulator, accessKeySecret: "wrong" }), "ListJobs", {});
  expect(err.code).toBe("SignatureDoesNotMatch");
  expect(emulator.faults.pending()).toHaveLength(1);
  expect((await callError(client, "ListJobs", {})).code).toBe("Throttling.User");
});

test('"drop" destroys the connection before processing: nothing is created', async () => {
  emulator.faults.add({ action: "CreateJob", kind: "drop" });
  await expect(call(client, "CreateJob", imageJob({ AppName: "dropped-before" }))).rejects.toThrow();
  const [rec] = emulator.requestsFor("CreateJob");
  expect([rec.status, rec.fault]).toEqual([0, "drop"]);
  expect((await call(client, "ListJobs", { AppName: "dropped-before" })).Data.TotalSize).toBe(0);
});

test('"drop" with dropAfterProcessing applies the request and loses the response', async () => {
  emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
  await expect(call(client, "CreateJob", imageJob({ AppName: "dropped-after" }))).rejects.toThrow();
  expect((await call(client, "ListJobs", { AppName: "dropped-after" })).Data.TotalSize).toBe(1);
  // A retry by the client now meets the duplicate-name check.
  const retry = await callError(client, "CreateJob", imageJob({ AppName: "dropped-after" }));
  expect(retry.code).toBe("InvalidAppName.AlreadyExists");
});

test.each([
  { kind: "serverError" as const, status: 500, code: "InternalError" },
  { kind: "serviceUnavailable" as const, status: 503, code: "ServiceUnavailable" },
  { kind: "error" as const, status: 502, code: "Gateway.BadGateway" },
])(
  "$kind with afterProcessing creates the template and its change order, then answers $status $code",
  async ({ kind, status, code }) => {
    const name = `after-${kind.toLowerCase()}`;
    emulator.faults.add({
      action: "CreateJob",
      kind,
      afterProcessing: true,
      ...(kind === "error" && { status, code }),
    });
    const err = await callError(client, "CreateJob", imageJob({ AppName: name }));
    expect([err.statusCode, err.code]).toEqual([status, code]);
    expect(emulator.requestsFor("CreateJob").map((r) => [r.status, r.code, r.fault])).toEqual([
      [status, code, kind],
    ]);
    clock.advance(50); // the 50 ms change order finishes
    const listed = (await call(client, "ListJobs", { AppName: name })).Data;
    expect(listed.TotalSize).toBe(1);
    expect(listed.Applications[0].LastChangeorderState).toBe("1");
    const retry = await callError(client, "CreateJob", imageJob({ AppName: name }));
    expect(retry.code).toBe("InvalidAppName.AlreadyExists");
  },
);

test("without afterProcessing an error fault answers before processing: nothing is created", async () => {
  emulator.faults.add({ action: "CreateJob", kind: "serviceUnavailable" });
  expect((await callError(client, "CreateJob", imageJob({ AppName: "before-503" }))).statusCode).toBe(503);
  expect((await call(client, "ListJobs", { AppName: "before-503" })).Data.TotalSize).toBe(0);
});

test("afterProcessing on UpdateJob applies the update and takes its outcome faults", async () => {
  const appId = (await call(client, "CreateJob", imageJob({ AppName: "after-update" }))).Data.AppId as string;
  clock.advance(50);
  emulator.faults.add({ action: "UpdateJob", kind: "serviceUnavailable", afterProcessing: true });
  emulator.faults.add({ action: "UpdateJob", kind: "failChangeOrder" });
  const err = await callError(client, "UpdateJob", { AppId: appId, Replicas: "3" });
  expect(err.code).toBe("ServiceUnavailable");
  expect(emulator.requestsFor("UpdateJob")[0].fault).toBe("serviceUnavailable,failChangeOrder");
  expect(emulator.faults.pending()).toEqual([]);
  expect((await call(client, "DescribeJob", { AppId: appId })).Data.Replicas).toBe(3);
  clock.advance(50);
  const [item] = (await call(client, "ListJobs", { FieldType: "appIds", FieldValue: appId })).Data
    .Applications;
  expect(item.LastChangeorderState).toBe("0");
});

test("afterProcessing on DeleteJob deletes; a request the handler refuses still gets the injected error", async () => {
  const appId = (await call(client, "CreateJob", imageJob({ AppName: "after-delete" }))).Data.AppId as string;
  clock.advance(50);
  emulator.faults.add({ action: "DeleteJob", kind: "serverError", afterProcessing: true, times: 2 });
  expect((await callError(client, "DeleteJob", { AppId: appId })).code).toBe("InternalError");
  expect((await callError(client, "DescribeJob", { AppId: appId })).code).toBe("InvalidAppId.NotFound");
  // The retry meets a template that is gone; the gateway still answers its 500.
  expect((await callError(client, "DeleteJob", { AppId: appId })).code).toBe("InternalError");
  expect((await callError(client, "DeleteJob", { AppId: appId })).code).toBe("InvalidAppId.NotFound");
});

test('"delay" answers normally after delayMs', async () => {
  emulator.faults.add({ action: "ListJobs", kind: "delay", delayMs: 150 });
  const started = Date.now();
  expect((await call(client, "ListJobs", {})).Success).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  expect(emulator.requestsFor("ListJobs")[0]).toMatchObject({ status: 200, fault: "delay" });
});

test('"delay" with afterProcessing acts at once and answers late', async () => {
  const appId = await createReady(client, imageJob({ AppName: "late-answer" }), clock);
  emulator.clearRequests();
  emulator.faults.add({ action: "UpdateJob", kind: "delay", delayMs: 300, afterProcessing: true });
  const started = Date.now();
  const answer = call(client, "UpdateJob", { AppId: appId, Replicas: "3" });
  // The rule is taken and the handler run in one step, as soon as the request has arrived.
  await until(() => emulator.requestsFor("UpdateJob")[0]?.fault === "delay");
  expect(emulator.requestsFor("UpdateJob")[0].status).toBe(0);
  expect((await call(client, "DescribeJob", { AppId: appId })).Data.Replicas).toBe(3);
  expect((await answer).Data.ChangeOrderId).toEqual(expect.any(String));
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  expect(emulator.requestsFor("UpdateJob")[0]).toMatchObject({ status: 200, fault: "delay" });
});

test('"delay" with afterProcessing answers a refusal late too', async () => {
  emulator.faults.add({ action: "DescribeJob", kind: "delay", delayMs: 100, afterProcessing: true });
  expect((await callError(client, "DescribeJob", { AppId: "no-such-app" })).code).toBe(
    "InvalidAppId.NotFound",
  );
  expect(emulator.requestsFor("DescribeJob")[0]).toMatchObject({ status: 404, fault: "delay" });
});

test("match limits a rule to the requests carrying those parameters; others neither use it up nor count for skip", async () => {
  emulator.faults.add({ action: "DescribeJob", kind: "throttle", match: { AppId: "b" }, skip: 1, times: 1 });
  for (const appId of ["a", "a", "b", "a", "b", "b"]) {
    await call(client, "DescribeJob", { AppId: appId }).catch(() => undefined);
  }
  expect(emulator.requestsFor("DescribeJob").map((r) => `${r.params.AppId}:${r.fault ?? "-"}`)).toEqual([
    "a:-",
    "a:-",
    "b:-",
    "a:-",
    "b:throttle",
    "b:-",
  ]);
  expect(emulator.faults.pending()).toEqual([]);
});

test("match applies to outcome faults too", async () => {
  emulator.faults.add({ action: "CreateJob", kind: "failChangeOrder", match: { AppName: "fails-alone" } });
  await createReady(client, imageJob({ AppName: "succeeds-first" }), clock);
  await createReady(client, imageJob({ AppName: "fails-alone" }), clock);
  expect(emulator.requestsFor("CreateJob").map((r) => r.fault)).toEqual([undefined, "failChangeOrder"]);
});

test("malformed rules are refused", () => {
  expect(() => emulator.faults.add({ action: "X", kind: "failChangeOrder", status: 4 })).toThrow(TypeError);
  expect(() => emulator.faults.add({ action: "X", kind: "delay" })).toThrow(TypeError);
  expect(() => emulator.faults.add({ action: "X", kind: "throttle", times: 0 })).toThrow(TypeError);
  expect(() => emulator.faults.add({ action: "X", kind: "nope" as "drop" })).toThrow(TypeError);
  for (const kind of ["throttle", "drop", "failChangeOrder", "failJobRun"] as const) {
    expect(() => emulator.faults.add({ action: "X", kind, delayMs: 1, afterProcessing: true })).toThrow(
      /afterProcessing applies only to/,
    );
  }
  expect(() =>
    emulator.faults.add({ action: "X", kind: "error", afterProcessing: "yes" as unknown as boolean }),
  ).toThrow(TypeError);
  for (const match of [{}, { AppId: 1 }, "AppId=a", null] as unknown as Record<string, string>[]) {
    expect(() => emulator.faults.add({ action: "X", kind: "throttle", match })).toThrow(/fault match/);
  }
  expect(emulator.faults.pending()).toEqual([]);
});
