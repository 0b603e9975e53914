// Tags on job templates: the test hooks (setTags, tagsOf), Tags in DescribeJob and ListJobs, and
// tags going with their template when it is deleted.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, createReady, imageJob, type ManualClock, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 0 })));
afterAll(() => emulator.stop());

let counter = 0;
const template = () => createReady(client, imageJob({ AppName: `tags-${++counter}` }), clock, 0);

async function describedTags(appId: string): Promise<unknown> {
  return (await call(client, "DescribeJob", { AppId: appId })).Data.Tags;
}
async function listedTags(appId: string): Promise<unknown> {
  const listed = await call(client, "ListJobs", { FieldType: "appIds", FieldValue: appId });
  return listed.Data.Applications[0].Tags;
}

describe("Tags in DescribeJob and ListJobs", () => {
  test("a template without tags answers Tags: []", async () => {
    const appId = await template();
    expect(await describedTags(appId)).toEqual([]);
    expect(await listedTags(appId)).toEqual([]);
  });

  test("tags set with setTags show with capitalised keys, in the order their keys were first set", async () => {
    const appId = await template();
    emulator.setTags(appId, { team: "data", "acs:rm:rgId": "rg-acfm123" });
    emulator.setTags(appId, { team: "billing", env: "" });
    const expected = [
      { Key: "team", Value: "billing" },
      { Key: "acs:rm:rgId", Value: "rg-acfm123" },
      { Key: "env", Value: "" },
    ];
    expect(await describedTags(appId)).toEqual(expected);
    expect(await listedTags(appId)).toEqual(expected);
    expect(emulator.tagsOf(appId)).toEqual({ team: "billing", "acs:rm:rgId": "rg-acfm123", env: "" });
  });
});

describe("setTags and tagsOf", () => {
  test("tagsOf answers a copy", async () => {
    const appId = await template();
    emulator.setTags(appId, { k: "v" });
    const copy = emulator.tagsOf(appId);
    copy.k = "changed";
    expect(emulator.tagsOf(appId)).toEqual({ k: "v" });
  });

  test("system tags (acs:, aliyun) are allowed and do not count towards the 20 user tags", async () => {
    const appId = await template();
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, `v${i}`]));
    emulator.setTags(appId, { ...twenty, "acs:ecs:owner": "sae", aliyunInternal: "1" });
    expect(Object.keys(emulator.tagsOf(appId))).toHaveLength(22);
    expect(() => emulator.setTags(appId, { k20: "v" })).toThrow(/would carry 21 user tags.*at most 20/);
    // A refused call changes nothing; updating an existing key is no new tag.
    expect(emulator.tagsOf(appId)).not.toHaveProperty("k20");
    emulator.setTags(appId, { k0: "new" });
    expect(emulator.tagsOf(appId).k0).toBe("new");
  });

  test("the other rules still apply: RangeError, and nothing changes", async () => {
    const appId = await template();
    emulator.setTags(appId, { keep: "1" });
    const refused: Record<string, string>[] = [
      { "": "v" },
      { ["k".repeat(129)]: "v" },
      { k: "v".repeat(129) },
      { "see http://x": "v" },
    ];
    for (const bad of refused) {
      expect(() => emulator.setTags(appId, { fine: "1", ...bad })).toThrow(RangeError);
    }
    expect(emulator.tagsOf(appId)).toEqual({ keep: "1" });
    // 128 characters, counted as characters rather than UTF-16 units.
    emulator.setTags(appId, { ["鍵".repeat(128)]: "😀".repeat(128) });
  });

  test("misuse throws: an unknown template (Error), tags that are not strings (TypeError)", async () => {
    const ghost = "99999999-9999-9999-9999-999999999999";
    expect(() => emulator.setTags(ghost, { k: "v" })).toThrow(`setTags: no job template ${ghost}`);
    expect(() => emulator.tagsOf(ghost)).toThrow(`tagsOf: no job template ${ghost}`);
    const appId = await template();
    expect(() => emulator.setTags(appId, { k: 1 } as unknown as Record<string, string>)).toThrow(TypeError);
    expect(() => emulator.setTags(appId, null as unknown as Record<string, string>)).toThrow(TypeError);
  });
});

describe("deleting a template deletes its tags", () => {
  test("the tags are gone everywhere, and a new template of the same name starts with none", async () => {
    const name = `tags-${++counter}`;
    const appId = await createReady(client, imageJob({ AppName: name }), clock, 0);
    const marker = `deleted-${Date.now()}`;
    await call(client, "TagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "application",
      ResourceIds: JSON.stringify([appId]),
      Tags: JSON.stringify([{ key: "marker", value: marker }]),
    });
    emulator.setTags(appId, { "acs:rm:rgId": "rg-1" });
    await call(client, "DeleteJob", { AppId: appId });

    const byTag = await call(client, "ListTagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "application",
      Tags: JSON.stringify([{ key: "marker", value: marker }]),
    });
    expect(byTag.Data.TagResources).toEqual([]);
    const byId = await callError(client, "ListTagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "application",
      ResourceIds: JSON.stringify([appId]),
    });
    expect([byId.statusCode, byId.code]).toEqual([404, "InvalidAppId.NotFound"]);
    expect(() => emulator.tagsOf(appId)).toThrow(/no job template/);
    expect(
      (await call(client, "ListJobs", { Tags: JSON.stringify([{ key: "marker", value: marker }]) })).Data
        .TotalSize,
    ).toBe(0);

    const again = await createReady(client, imageJob({ AppName: name }), clock, 0);
    expect(await describedTags(again)).toEqual([]);
  });
});
