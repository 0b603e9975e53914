/**
 * The read-back right after a create: DescribeJob's 404 within the grace period is retried (SAE's
 * reads lag just after a create), on a fake clock.
 */
import { SaeApiError } from "../../provider/api/errors";
import type { DescribeJobResponse } from "../../provider/api/types";
import { productTiming } from "../../provider/api/timing";
import { describeAfterCreate } from "../../provider/resources/jobTemplate/lifecycle";

const notFound = () =>
  new SaeApiError({
    action: "DescribeJob",
    code: "InvalidAppId.NotFound",
    status: 404,
    apiMessage: "no app",
  });

function fakeClock() {
  let time = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: (ms: number) => {
      waits.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

/** A client on the product's schedule whose DescribeJob fails with each of `errors` in turn, then answers. */
function client(errors: Error[]) {
  let calls = 0;
  return {
    timing: productTiming,
    calls: () => calls,
    describeJob: () => {
      calls++;
      const error = errors.shift();
      return error
        ? Promise.reject(error)
        : Promise.resolve({
            RequestId: "r",
            Data: { AppId: "app-1", AppName: "job", PackageType: "Image", Replicas: 1 },
          } as unknown as DescribeJobResponse);
    },
  };
}

it("retries a 404 within the grace and answers the outputs", async () => {
  const clock = fakeClock();
  const sae = client([notFound(), notFound()]);
  const lines: string[] = [];
  const outs = await describeAfterCreate(sae, "app-1", {}, (line) => lines.push(line), clock);
  expect(outs).toMatchObject({ appId: "app-1", appName: "job", replicas: 1 });
  expect(sae.calls()).toBe(3);
  expect(clock.waits).toEqual([250, 500]);
  expect(lines).toHaveLength(1);
});

it("gives up once the grace is over, naming how long it waited", async () => {
  const clock = fakeClock();
  const sae = client(Array.from({ length: 50 }, notFound));
  await expect(describeAfterCreate(sae, "app-1", {}, () => {}, clock)).rejects.toThrow(
    /DescribeJob still does not find it \d+s after SAE confirmed the create \(\d+ attempts\): .*InvalidAppId\.NotFound/,
  );
  const waited = clock.waits.reduce((sum, ms) => sum + ms, 0);
  expect(waited).toBeLessThanOrEqual(productTiming.createGraceMs);
  expect(waited).toBeGreaterThan(productTiming.createGraceMs / 2);
});

it("does not retry other errors", async () => {
  const clock = fakeClock();
  const denied = new SaeApiError({ action: "DescribeJob", code: "Forbidden", status: 403, apiMessage: "no" });
  const sae = client([denied]);
  await expect(describeAfterCreate(sae, "app-1", {}, () => {}, clock)).rejects.toBe(denied);
  expect(sae.calls()).toBe(1);
});
