// ListJobs' lag behind creations (eventual consistency): new templates are left out of the listing
// for listLagMs, while DescribeJob and CreateJob's duplicate-name check already see them.

import type OpenApi from "@alicloud/openapi-client";
import { start, type Emulator } from "../../emulator";
import {
  call,
  callError,
  imageJob,
  makeClient,
  type ManualClock,
  manualClock,
  startWithClient,
} from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 50 })));
afterAll(() => emulator.stop());
afterEach(() => emulator.setListLag(0));

/** A lag no test outlives: the listing never catches up while it runs. */
const FOREVER = 600_000;

async function listed(params: Record<string, string> = {}): Promise<string[]> {
  const data = (await call(client, "ListJobs", params)).Data;
  expect(data.TotalSize).toBe(data.Applications.length);
  return (data.Applications as { AppName: string }[]).map((a) => a.AppName);
}

test("by default a new template is listed at once", async () => {
  await call(client, "CreateJob", imageJob({ AppName: "lag-none" }));
  expect(await listed({ AppName: "lag-none" })).toEqual(["lag-none"]);
});

test("while the listing lags, ListJobs leaves a new template out but DescribeJob finds it", async () => {
  emulator.setListLag(FOREVER);
  const created = await call(client, "CreateJob", imageJob({ AppName: "lag-hidden" }));
  expect(await listed({ AppName: "lag-hidden" })).toEqual([]);
  expect(await listed({ FieldType: "appIds", FieldValue: created.Data.AppId as string })).toEqual([]);
  const described = (await call(client, "DescribeJob", { AppId: created.Data.AppId })).Data;
  expect(described.AppName).toBe("lag-hidden");
});

test("CreateJob on a name the listing does not show yet still answers InvalidAppName.AlreadyExists", async () => {
  emulator.setListLag(FOREVER);
  await call(client, "CreateJob", imageJob({ AppName: "lag-duplicate" }));
  expect(await listed({ AppName: "lag-duplicate" })).toEqual([]);
  const again = await callError(client, "CreateJob", imageJob({ AppName: "lag-duplicate" }));
  expect([again.statusCode, again.code]).toEqual([400, "InvalidAppName.AlreadyExists"]);
});

test("the lag counts from each template's creation, so setListLag applies to earlier templates too", async () => {
  await call(client, "CreateJob", imageJob({ AppName: "lag-older" }));
  clock.advance(300);
  await call(client, "CreateJob", imageJob({ AppName: "lag-newer" }));
  // The older one is 300 ms old, the newer one just made.
  emulator.setListLag(60_000);
  expect(await listed({ AppName: "lag-" })).not.toContain("lag-newer");
  emulator.setListLag(300);
  const shown = await listed({ AppName: "lag-" });
  expect(shown).toContain("lag-older");
  expect(shown).not.toContain("lag-newer");
  emulator.setListLag(0);
  expect(await listed({ AppName: "lag-" })).toEqual(expect.arrayContaining(["lag-older", "lag-newer"]));
});

test("a template shows up in ListJobs once listLagMs has passed; TotalSize and paging count only those", async () => {
  // The feature is a duration: hidden until its last millisecond, listed from then on.
  const laggedClock = manualClock();
  const lagged = await start({ changeOrderDurationMs: 50, listLagMs: 2000, clock: laggedClock.now });
  try {
    const c = makeClient(lagged);
    await call(c, "CreateJob", imageJob({ AppName: "lag-first" }));
    expect((await call(c, "ListJobs", {})).Data.TotalSize).toBe(0);
    laggedClock.advance(1999);
    expect((await call(c, "ListJobs", {})).Data.TotalSize).toBe(0);
    laggedClock.advance(1);
    await call(c, "CreateJob", imageJob({ AppName: "lag-second" }));
    const all = (await call(c, "ListJobs", {})).Data;
    expect(all.TotalSize).toBe(1);
    expect(all.Applications.map((a: { AppName: string }) => a.AppName)).toEqual(["lag-first"]);
    const page2 = (await call(c, "ListJobs", { PageSize: "1", CurrentPage: "2" })).Data;
    expect(page2).toMatchObject({ TotalSize: 1, CurrentPage: 2, PageSize: 1, Applications: [] });
  } finally {
    await lagged.stop();
  }
});

test("a lag it cannot use is refused", async () => {
  for (const bad of [-1, NaN, Infinity]) {
    expect(() => emulator.setListLag(bad)).toThrow(RangeError);
    await expect(start({ listLagMs: bad })).rejects.toThrow(RangeError);
  }
});
