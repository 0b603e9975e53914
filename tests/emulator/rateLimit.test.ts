// The gateway's rate limit: a token bucket over verified requests, answered Throttling.User.
// Counts are asserted, not durations: the bucket refills on the emulator's clock, which these tests
// move themselves, so every answer is certain however fast the machine is.

import type OpenApi from "@alicloud/openapi-client";
import { start, type Emulator } from "../../emulator";
import { call, callError, imageJob, type ManualClock, makeClient, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 50 })));
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.setRateLimit(undefined);
  emulator.faults.clear();
  emulator.clearRequests();
});

/** One token per 1000 s: nothing refills while a test runs. */
const NO_REFILL = 0.001;

/** Whether a ListJobs call got through (true) or was throttled (false); other errors throw. */
async function listGetsThrough(): Promise<boolean> {
  try {
    await call(client, "ListJobs", {});
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "Throttling.User") {
      return false;
    }
    throw e;
  }
}

test("burst requests get through, the rest are answered 400 Throttling.User and recorded as rateLimit", async () => {
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 3 });
  for (let i = 0; i < 3; i++) {
    expect((await call(client, "ListJobs", {})).Success).toBe(true);
  }
  const err = await callError(client, "DescribeJob", { AppId: "any" });
  expect([err.statusCode, err.code, err.data.Message]).toEqual([
    400,
    "Throttling.User",
    "Request was denied due to user flow control.",
  ]);
  expect(await listGetsThrough()).toBe(false);
  const recs = emulator.requests;
  expect(recs.map((r) => [r.action, r.status, r.code, r.fault])).toEqual([
    ["ListJobs", 200, undefined, undefined],
    ["ListJobs", 200, undefined, undefined],
    ["ListJobs", 200, undefined, undefined],
    ["DescribeJob", 400, "Throttling.User", "rateLimit"],
    ["ListJobs", 400, "Throttling.User", "rateLimit"],
  ]);
});

test("concurrent requests: exactly burst of them get through", async () => {
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 4 });
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => listGetsThrough()));
  expect(outcomes.filter(Boolean)).toHaveLength(4);
  expect(emulator.requests.filter((r) => r.fault === "rateLimit")).toHaveLength(6);
});

test("burst defaults to requestsPerSecond, and to 1 below one request a second", async () => {
  emulator.setRateLimit({ requestsPerSecond: 2 });
  // A full 2-token bucket: two of five requests at once get through (the clock stands still).
  const outcomes = await Promise.all(Array.from({ length: 5 }, () => listGetsThrough()));
  expect(outcomes.filter(Boolean)).toHaveLength(2);

  emulator.setRateLimit({ requestsPerSecond: NO_REFILL });
  expect(await listGetsThrough()).toBe(true);
  expect(await listGetsThrough()).toBe(false);
});

test("the bucket refills at requestsPerSecond, up to burst", async () => {
  emulator.setRateLimit({ requestsPerSecond: 5, burst: 1 });
  const outcomes = await Promise.all(Array.from({ length: 6 }, () => listGetsThrough()));
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  // 199 ms earn not quite a token; 200 ms earn one.
  clock.advance(199);
  expect(await listGetsThrough()).toBe(false);
  clock.advance(1);
  expect(await listGetsThrough()).toBe(true);
  // 600 ms earn three tokens, but the bucket holds one: of a burst after the pause, one gets through.
  clock.advance(600);
  const burst = await Promise.all(Array.from({ length: 4 }, () => listGetsThrough()));
  expect(burst.filter(Boolean)).toHaveLength(1);
});

test("a throttled request changes nothing and uses up no fault", async () => {
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 1 });
  emulator.faults.add({ action: "CreateJob", kind: "failChangeOrder" });
  emulator.faults.add({ action: "CreateJob", kind: "serverError" });
  expect(await listGetsThrough()).toBe(true);
  const err = await callError(client, "CreateJob", imageJob({ AppName: "throttled-create" }));
  expect(err.code).toBe("Throttling.User");
  expect(emulator.faults.pending().map((r) => r.kind)).toEqual(["failChangeOrder", "serverError"]);
  emulator.setRateLimit(undefined);
  expect((await call(client, "ListJobs", { AppName: "throttled-create" })).Data.TotalSize).toBe(0);
});

test("a bad signature takes no token; a request refused after the signature does", async () => {
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 2 });
  const bad = makeClient({ ...emulator, accessKeySecret: "wrong" });
  expect((await callError(bad, "ListJobs", {})).code).toBe("SignatureDoesNotMatch");
  expect((await callError(client, "DescribeJob", { AppId: "missing" })).code).toBe("InvalidAppId.NotFound");
  expect(await listGetsThrough()).toBe(true);
  expect(await listGetsThrough()).toBe(false);
});

test("setRateLimit replaces the limit with a full bucket; undefined removes it", async () => {
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 1 });
  expect(await listGetsThrough()).toBe(true);
  expect(await listGetsThrough()).toBe(false);
  emulator.setRateLimit({ requestsPerSecond: NO_REFILL, burst: 2 });
  expect([await listGetsThrough(), await listGetsThrough(), await listGetsThrough()]).toEqual([
    true,
    true,
    false,
  ]);
  emulator.setRateLimit(undefined);
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => listGetsThrough()));
  expect(outcomes.every(Boolean)).toBe(true);
});

test("the rateLimit option applies from the first request", async () => {
  const limited = await start({ rateLimit: { requestsPerSecond: NO_REFILL, burst: 2 } });
  try {
    const c = makeClient(limited);
    expect((await call(c, "ListJobs", {})).Success).toBe(true);
    expect((await call(c, "ListJobs", {})).Success).toBe(true);
    expect((await callError(c, "ListJobs", {})).code).toBe("Throttling.User");
  } finally {
    await limited.stop();
  }
});

test("limits it cannot use are refused", async () => {
  for (const bad of [
    { requestsPerSecond: 0 },
    { requestsPerSecond: -1 },
    { requestsPerSecond: Infinity },
    { requestsPerSecond: NaN },
    { requestsPerSecond: 5, burst: 0.5 },
    { requestsPerSecond: 5, burst: Infinity },
  ]) {
    expect(() => emulator.setRateLimit(bad)).toThrow(RangeError);
    await expect(start({ rateLimit: bad })).rejects.toThrow(RangeError);
  }
  expect(() => emulator.setRateLimit(null as unknown as undefined)).toThrow(TypeError);
  // A refused limit leaves the old one (here: none) in place.
  expect(await listGetsThrough()).toBe(true);
});
