/**
 * `listJobTemplates` in a program: every page of ListJobs (PageSize 200, its largest), the
 * filters on the wire, and each template as ListJobs reports it.
 */
import { listJobTemplates, listJobTemplatesOutput } from "../../provider";
import { imageJob, type SaeStack, startSaeStack } from "../support/saeStack";
import { createOutOfBand, inProgram, programError, unwrap } from "./support";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack?.dispose();
});

it("walks every page of 200 until the short one, and lists every template", async () => {
  const names = Array.from({ length: 205 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`);
  // A few at a time: the client's scheduler keeps 8 in flight anyway.
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(
      names.slice(i, i + 20).map((appName) => createOutOfBand(stack, { ...imageJob, appName })),
    );
  }
  const listed = await inProgram(stack, () => listJobTemplates());
  expect(listed.map((t) => t.appName).sort()).toEqual(names);
  expect(new Set(listed.map((t) => t.appId)).size).toBe(205);
  expect(stack.sent("ListJobs")).toEqual([
    { CurrentPage: "1", PageSize: "200", Workload: "job" },
    { CurrentPage: "2", PageSize: "200", Workload: "job" },
  ]);
});

it("reports each template as ListJobs does, its last run's state in words", async () => {
  const ran = await createOutOfBand(stack, {
    ...imageJob,
    appName: "ran",
    namespaceId: "cn-hangzhou:team-a",
  });
  const never = await createOutOfBand(stack, {
    ...imageJob,
    appName: "never-ran",
    namespaceId: "cn-hangzhou:team-a",
  });
  stack.emulator.startScheduledRun(ran, { durationMs: 0, fail: true });
  await stack.client.suspendJob({ AppId: never, Suspend: true });
  const listed = await inProgram(stack, () => listJobTemplates({ namespaceId: "cn-hangzhou:team-a" }));
  expect(listed).toEqual([
    {
      appId: ran,
      appName: "ran",
      namespaceId: "cn-hangzhou:team-a",
      tags: {},
      imageUrl: imageJob.imageUrl,
      suspend: false,
      lastJobState: "failed",
    },
    {
      appId: never,
      appName: "never-ran",
      namespaceId: "cn-hangzhou:team-a",
      tags: {},
      imageUrl: imageJob.imageUrl,
      suspend: true,
      // SAE's "not run yet" (State 0).
      lastJobState: "pending",
    },
  ]);
  expect(stack.sent("ListJobs")).toEqual([
    { NamespaceId: "cn-hangzhou:team-a", CurrentPage: "1", PageSize: "200", Workload: "job" },
  ]);
});

it("sends the name and the tags as ListJobs' filters", async () => {
  await inProgram(stack, () => listJobTemplates({ appName: "report", tags: { team: "data", tier: "gold" } }));
  expect(stack.sent("ListJobs")).toEqual([
    {
      AppName: "report",
      Tags: '[{"key":"team","value":"data"},{"key":"tier","value":"gold"}]',
      CurrentPage: "1",
      PageSize: "200",
      Workload: "job",
    },
  ]);
});

it("lists only the templates carrying every tag asked for, with their tags but not SAE's own", async () => {
  const gold = await createOutOfBand(stack, { ...imageJob, appName: "gold" });
  const silver = await createOutOfBand(stack, { ...imageJob, appName: "silver" });
  await createOutOfBand(stack, { ...imageJob, appName: "untagged" });
  stack.emulator.setTags(gold, { team: "data", tier: "gold", "acs:rm:rgId": "rg-1" });
  stack.emulator.setTags(silver, { team: "data", tier: "silver" });
  const data = await inProgram(stack, () => listJobTemplates({ tags: { team: "data" } }));
  expect(data.map((t) => [t.appName, t.tags])).toEqual([
    ["gold", { team: "data", tier: "gold" }],
    ["silver", { team: "data", tier: "silver" }],
  ]);
  const onlyGold = await inProgram(stack, () => listJobTemplates({ tags: { team: "data", tier: "gold" } }));
  expect(onlyGold.map((t) => t.appId)).toEqual([gold]);
});

it("refuses tags that are not text, before any call", async () => {
  const message = await programError(stack, () =>
    listJobTemplates({ tags: { team: 7 as unknown as string } }),
  );
  expect(message).toContain("listJobTemplates: tags must map non-empty keys to string values");
  expect(message).not.toContain("7");
  expect(stack.sent("ListJobs")).toEqual([]);
});

it("has an Output form", async () => {
  const appId = await createOutOfBand(stack, { ...imageJob, appName: "only" });
  const seen = await inProgram(stack, () => unwrap(listJobTemplatesOutput({ appName: "only" })));
  expect(seen).toEqual({ value: [expect.objectContaining({ appId, appName: "only" })], secret: false });
});
