// The tag operations, over signed HTTP: TagResources, UntagResources, ListTagResources, their rules
// and refusals, and fault injection on them.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import {
  call,
  callError,
  callPlaced,
  createReady,
  imageJob,
  sendRaw,
  signedWithFormBody,
  startWithClient,
  type ManualClock,
  type Params,
} from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 0 })));
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

const GHOST = "99999999-9999-9999-9999-999999999999";
let counter = 0;
const template = () => createReady(client, imageJob({ AppName: `tagged-${++counter}` }), clock, 0);

/** Tags as TagResources takes them: JSON text with lower-case names. */
const tagsText = (tags: Record<string, string>) =>
  JSON.stringify(Object.entries(tags).map(([key, value]) => ({ key, value })));

function common(ids: readonly string[]): Params {
  return { RegionId: "cn-hangzhou", ResourceType: "application", ResourceIds: JSON.stringify(ids) };
}
const tagResources = (ids: readonly string[], tags: Record<string, string>) =>
  call(client, "TagResources", { ...common(ids), Tags: tagsText(tags) });
const untagResources = (ids: readonly string[], params: Params) =>
  call(client, "UntagResources", { ...common(ids), ...params });
async function listTagResources(params: Params) {
  const body = await call(client, "ListTagResources", {
    RegionId: "cn-hangzhou",
    ResourceType: "application",
    ...params,
  });
  return body.Data as { NextToken: string; TagResources: Record<string, string>[] };
}

describe("TagResources", () => {
  test("tags templates with the usual envelope and Data true; a key already there takes the new value", async () => {
    const [a, b] = [await template(), await template()];
    const body = await tagResources([a, b], { team: "data", env: "prod" });
    expect(body).toMatchObject({ Success: true, Code: "200", Data: true });
    expect(body.RequestId).toEqual(expect.any(String));
    await tagResources([a], { env: "staging", owner: "" });
    expect(emulator.tagsOf(a)).toEqual({ team: "data", env: "staging", owner: "" });
    expect(emulator.tagsOf(b)).toEqual({ team: "data", env: "prod" });
    expect((await call(client, "DescribeJob", { AppId: a })).Data.Tags).toEqual([
      { Key: "team", Value: "data" },
      { Key: "env", Value: "staging" },
      { Key: "owner", Value: "" },
    ]);
  });

  test("keys and values are case-sensitive", async () => {
    const appId = await template();
    await tagResources([appId], { Env: "Prod", env: "prod" });
    expect(emulator.tagsOf(appId)).toEqual({ Env: "Prod", env: "prod" });
  });

  test("128 characters is the longest key and value, counted in characters", async () => {
    const appId = await template();
    await tagResources([appId], { ["k".repeat(128)]: "v".repeat(128), ["鍵".repeat(128)]: "😀".repeat(128) });
    expect(Object.keys(emulator.tagsOf(appId))).toHaveLength(2);
  });

  test.each([
    ["an empty key", tagsText({ "": "v" }), 'the tag key "" is 0 characters long; a key must be 1 to 128'],
    ["a key of 129 characters", tagsText({ ["k".repeat(129)]: "v" }), "is 129 characters long"],
    ["a value of 129 characters", tagsText({ k: "v".repeat(129) }), "a value must be 0 to 128 characters"],
    ["a key starting with aliyun", tagsText({ aliyunTeam: "v" }), "must not start with either"],
    ["a key starting with Aliyun", tagsText({ AliyunTeam: "v" }), 'starts with "aliyun" or "acs:"'],
    ["a key starting with acs:", tagsText({ "acs:rm:rgId": "rg-1" }), 'starts with "aliyun" or "acs:"'],
    ["a key containing http://", tagsText({ "see http://x": "v" }), 'contains "http://" or "https://"'],
    ["a key containing https://", tagsText({ "https://x": "v" }), 'contains "http://" or "https://"'],
    ["malformed JSON text", '[{"key":"k",', "it is not valid JSON text"],
    ["JSON that is not an array", '{"key":"k","value":"v"}', "it must be JSON text of an array"],
    ["capitalised names", '[{"Key":"k","Value":"v"}]', "(lower-case names)"],
    ["a tag without a value", '[{"key":"k"}]', 'a string "value"'],
    ["a value that is a number", '[{"key":"k","value":1}]', 'a string "value"'],
    ["no tag at all", "[]", "it names no tag"],
    ["the same key twice", '[{"key":"k","value":"1"},{"key":"k","value":"2"}]', 'the tag key "k" twice'],
  ])("%s is 400 InvalidParameter naming Tags and the rule; nothing changes", async (_, tags, rule) => {
    const appId = await template();
    const err = await callError(client, "TagResources", { ...common([appId]), Tags: tags });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", "Tags"]);
    expect(err.data.Message).toMatch(/^The parameter Tags is invalid: /);
    expect(err.data.Message).toContain(rule);
    expect(emulator.tagsOf(appId)).toEqual({});
  });

  test("at most 20 user tags per template after the change; tags SAE set (acs:, aliyun) do not count", async () => {
    const appId = await template();
    emulator.setTags(appId, { "acs:rm:rgId": "rg-1", aliyunOwner: "sae" });
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"]));
    await tagResources([appId], twenty);
    // Updating a key already there adds no tag.
    await tagResources([appId], { k0: "changed" });
    const err = await callError(client, "TagResources", { ...common([appId]), Tags: tagsText({ k20: "v" }) });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", "Tags"]);
    expect(err.data.Message).toContain(`the job template ${appId} would carry 21 user tags`);
    expect(err.data.Message).toContain("at most 20");
    expect(Object.keys(emulator.tagsOf(appId))).toHaveLength(22);
  });

  test("a request refused for one template changes no template", async () => {
    const [roomy, full] = [await template(), await template()];
    emulator.setTags(full, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"])));
    const err = await callError(client, "TagResources", {
      ...common([roomy, full]),
      Tags: tagsText({ extra: "v" }),
    });
    expect(err.code).toBe("InvalidParameter");
    expect(emulator.tagsOf(roomy)).toEqual({});
    const missing = await callError(client, "TagResources", {
      ...common([roomy, GHOST]),
      Tags: tagsText({ extra: "v" }),
    });
    expect([missing.statusCode, missing.code]).toEqual([404, "InvalidAppId.NotFound"]);
    expect(missing.data.Message).toContain(GHOST);
    expect(emulator.tagsOf(roomy)).toEqual({});
  });
});

describe("RegionId, ResourceType and ResourceIds (all three operations)", () => {
  const operations = [
    ["TagResources", { Tags: tagsText({ k: "v" }) }],
    ["UntagResources", { TagKeys: '["k"]' }],
    ["ListTagResources", {}],
  ] as const;

  test.each(operations)("%s refuses a RegionId other than the emulator's", async (action, extra) => {
    const appId = await template();
    const err = await callError(client, action, { ...common([appId]), ...extra, RegionId: "cn-beijing" });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", "RegionId"]);
    expect(err.data.Message).toContain('"cn-beijing" is not the region this endpoint serves');
    const missing = await callError(client, action, { ...common([appId]), ...extra, RegionId: undefined });
    expect([missing.statusCode, missing.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
  });

  test.each(operations)("%s refuses a ResourceType other than application", async (action, extra) => {
    const appId = await template();
    const err = await callError(client, action, { ...common([appId]), ...extra, ResourceType: "instance" });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", "ResourceType"]);
    expect(err.data.Message).toContain('the only one is "application"');
  });

  test.each(operations)("%s refuses ResourceIds that are not 1 to 50 AppIds", async (action, extra) => {
    const ids = Array.from({ length: 51 }, () => GHOST);
    for (const [text, rule] of [
      [`["${GHOST}"`, "it is not valid JSON text"],
      [`"${GHOST}"`, "it must be JSON text of an array of 1 to 50 AppIds"],
      ["[1]", "it must be JSON text of an array"],
      ["[]", "it names 0 resources"],
      [JSON.stringify(ids), "it names 51 resources"],
    ]) {
      const err = await callError(client, action, { ...common([]), ...extra, ResourceIds: text });
      expect([text, err.statusCode, err.code, err.data.Parameter]).toEqual([
        text,
        400,
        "InvalidParameter",
        "ResourceIds",
      ]);
      expect(err.data.Message).toContain(rule);
    }
  });

  test.each(operations)(
    "%s answers 404 InvalidAppId.NotFound for an AppId that does not exist",
    async (action, extra) => {
      const err = await callError(client, action, { ...common([GHOST]), ...extra });
      expect([err.statusCode, err.code, err.data.ResourceId]).toEqual([404, "InvalidAppId.NotFound", GHOST]);
    },
  );

  test("TagResources takes 50 resources at once; a repeated AppId counts once", async () => {
    const appId = await template();
    const body = await tagResources(
      Array.from({ length: 50 }, () => appId),
      { k: "v" },
    );
    expect(body.Data).toBe(true);
    expect(emulator.tagsOf(appId)).toEqual({ k: "v" });
  });
});

describe("UntagResources", () => {
  test("removes the TagKeys; a key that is not there is fine", async () => {
    const [a, b] = [await template(), await template()];
    await tagResources([a, b], { team: "data", env: "prod", owner: "me" });
    const body = await untagResources([a, b], { TagKeys: '["env","owner","not-there"]' });
    expect(body).toMatchObject({ Success: true, Code: "200", Data: true });
    expect(emulator.tagsOf(a)).toEqual({ team: "data" });
    expect(emulator.tagsOf(b)).toEqual({ team: "data" });
  });

  test("DeleteAll=true removes every user tag and leaves those SAE set", async () => {
    const appId = await template();
    emulator.setTags(appId, { "acs:rm:rgId": "rg-1" });
    await tagResources([appId], { team: "data", env: "prod" });
    await untagResources([appId], { DeleteAll: "true" });
    expect(emulator.tagsOf(appId)).toEqual({ "acs:rm:rgId": "rg-1" });
    expect((await call(client, "DescribeJob", { AppId: appId })).Data.Tags).toEqual([
      { Key: "acs:rm:rgId", Value: "rg-1" },
    ]);
  });

  test("with TagKeys, DeleteAll does not apply", async () => {
    const appId = await template();
    await tagResources([appId], { team: "data", env: "prod" });
    await untagResources([appId], { TagKeys: '["env"]', DeleteAll: "true" });
    expect(emulator.tagsOf(appId)).toEqual({ team: "data" });
  });

  test.each([
    ["neither TagKeys nor DeleteAll", {}, "TagKeys", "needs TagKeys, or DeleteAll=true"],
    ["DeleteAll=false alone", { DeleteAll: "false" }, "TagKeys", "needs TagKeys, or DeleteAll=true"],
    ["DeleteAll that is not a boolean", { DeleteAll: "yes" }, "DeleteAll", 'true or false, got "yes"'],
    ["TagKeys that is not JSON", { TagKeys: "env" }, "TagKeys", "it is not valid JSON text"],
    ["TagKeys that is not an array of strings", { TagKeys: "[1]" }, "TagKeys", 'such as ["k1","k2"]'],
    ["an empty TagKeys", { TagKeys: "[]" }, "TagKeys", "it names no key"],
    ["a system key in TagKeys", { TagKeys: '["acs:rm:rgId"]' }, "TagKeys", 'starts with "aliyun" or "acs:"'],
  ])("%s is 400 InvalidParameter; nothing changes", async (_, params: Params, parameter, rule) => {
    const appId = await template();
    emulator.setTags(appId, { "acs:rm:rgId": "rg-1", team: "data" });
    const err = await callError(client, "UntagResources", { ...common([appId]), ...params });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", parameter]);
    expect(err.data.Message).toContain(rule);
    expect(emulator.tagsOf(appId)).toEqual({ "acs:rm:rgId": "rg-1", team: "data" });
  });
});

describe("ListTagResources", () => {
  test("answers one entry per tag of the ResourceIds, in their order", async () => {
    const [a, b, untagged] = [await template(), await template(), await template()];
    await tagResources([a], { team: "data", env: "prod" });
    emulator.setTags(b, { "acs:rm:rgId": "rg-1" });
    const data = await listTagResources({ ResourceIds: JSON.stringify([b, untagged, a]) });
    expect(data).toEqual({
      NextToken: "",
      TagResources: [
        { ResourceId: b, ResourceType: "application", TagKey: "acs:rm:rgId", TagValue: "rg-1" },
        { ResourceId: a, ResourceType: "application", TagKey: "team", TagValue: "data" },
        { ResourceId: a, ResourceType: "application", TagKey: "env", TagValue: "prod" },
      ],
    });
  });

  test("Tags keeps the templates that carry every given pair, and answers all their tags", async () => {
    const marker = `run-${Date.now()}`;
    const [both, onlyOne, otherValue] = [await template(), await template(), await template()];
    await tagResources([both], { marker, env: "prod", team: "data" });
    await tagResources([onlyOne], { marker });
    await tagResources([otherValue], { marker, env: "staging" });
    const filter = tagsText({ marker, env: "prod" });
    const data = await listTagResources({ Tags: filter });
    expect(data.TagResources.map((e) => [e.ResourceId, e.TagKey])).toEqual([
      [both, "marker"],
      [both, "env"],
      [both, "team"],
    ]);
    // With ResourceIds too, both apply.
    const narrowed = await listTagResources({ Tags: filter, ResourceIds: JSON.stringify([onlyOne]) });
    expect(narrowed.TagResources).toEqual([]);
    // A filter may name the tags SAE set.
    emulator.setTags(onlyOne, { "acs:rm:rgId": `rg-${marker}` });
    const bySystemTag = await listTagResources({ Tags: tagsText({ "acs:rm:rgId": `rg-${marker}` }) });
    expect([...new Set(bySystemTag.TagResources.map((e) => e.ResourceId))]).toEqual([onlyOne]);
  });

  test("pages 50 entries at a time with NextToken, which is empty on the last page", async () => {
    const ids = [await template(), await template(), await template()];
    for (const id of ids) {
      await tagResources([id], Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, id])));
    }
    const first = await listTagResources({ ResourceIds: JSON.stringify(ids) });
    expect(first.TagResources).toHaveLength(50);
    expect(first.NextToken).not.toBe("");
    const second = await listTagResources({ ResourceIds: JSON.stringify(ids), NextToken: first.NextToken });
    expect(second.TagResources).toHaveLength(10);
    expect(second.NextToken).toBe("");
    const all = [...first.TagResources, ...second.TagResources].map((e) => `${e.ResourceId}/${e.TagKey}`);
    expect(new Set(all).size).toBe(60);
    expect(all.slice(0, 20).every((e) => e.startsWith(ids[0]))).toBe(true);
  });

  test("refuses a call with neither ResourceIds nor Tags, a bad Tags filter and a NextToken it did not answer", async () => {
    const none = await callError(client, "ListTagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "application",
    });
    expect([none.statusCode, none.code, none.data.Parameter]).toEqual([
      400,
      "InvalidParameter",
      "ResourceIds",
    ]);
    expect(none.data.Message).toContain("needs ResourceIds, Tags or both");
    const bad = await callError(client, "ListTagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "application",
      Tags: '[{"Key":"k","Value":"v"}]',
    });
    expect([bad.code, bad.data.Parameter]).toEqual(["InvalidParameter", "Tags"]);
    const token = await callError(client, "ListTagResources", {
      ...common([await template()]),
      NextToken: "not-a-token",
    });
    expect([token.code, token.data.Parameter]).toEqual(["InvalidParameter", "NextToken"]);
  });
});

describe("parameters in the wrong place", () => {
  test("TagResources takes every parameter in the form body", async () => {
    const appId = await template();
    const { RegionId, ...rest } = common([appId]);
    const err = await callPlaced(client, "TagResources", {
      query: { RegionId },
      body: { ...rest, Tags: tagsText({ k: "v" }) },
    }).catch((e: { code: string; data: Record<string, unknown> }) => e);
    expect(err).toMatchObject({
      code: "InvalidParameter",
      data: { Parameter: "RegionId", ExpectedLocation: "body" },
    });
    expect(emulator.tagsOf(appId)).toEqual({});
  });

  test.each([
    ["UntagResources", "TagKeys"],
    ["ListTagResources", "ResourceIds"],
  ] as const)("%s takes every parameter in the query: %s in a form body is refused", async (action, name) => {
    const appId = await template();
    await tagResources([appId], { k: "v" });
    const all: Record<string, string> = { ...common([appId]), TagKeys: '["k"]' } as Record<string, string>;
    const query = { ...all, [name]: undefined };
    const res = await sendRaw(
      emulator,
      await signedWithFormBody(emulator, action, query, { [name]: all[name] }),
    );
    expect([res.status, res.json.Code, res.json.Parameter, res.json.ExpectedLocation]).toEqual([
      400,
      "InvalidParameter",
      name,
      "query",
    ]);
    expect(emulator.tagsOf(appId)).toEqual({ k: "v" });
  });
});

describe("faults on the tag operations", () => {
  test("a throttled TagResources changes nothing; a 503 after processing has tagged all the same", async () => {
    const appId = await template();
    emulator.faults.add({ action: "TagResources", kind: "throttle" });
    const throttled = await callError(client, "TagResources", {
      ...common([appId]),
      Tags: tagsText({ k: "v" }),
    });
    expect(throttled.code).toBe("Throttling.User");
    expect(emulator.tagsOf(appId)).toEqual({});
    emulator.faults.add({ action: "TagResources", kind: "serviceUnavailable", afterProcessing: true });
    const lost = await callError(client, "TagResources", { ...common([appId]), Tags: tagsText({ k: "v" }) });
    expect([lost.statusCode, lost.code]).toEqual([503, "ServiceUnavailable"]);
    expect(emulator.tagsOf(appId)).toEqual({ k: "v" });
    expect(emulator.requestsFor("TagResources").map((r) => r.fault)).toEqual(
      expect.arrayContaining(["throttle", "serviceUnavailable"]),
    );
  });

  test("UntagResources: an error before processing keeps the tags; a dropped answer after processing removed them", async () => {
    const appId = await template();
    await tagResources([appId], { k: "v", other: "w" });
    emulator.faults.add({ action: "UntagResources", kind: "serverError" });
    const failed = await callError(client, "UntagResources", { ...common([appId]), TagKeys: '["k"]' });
    expect([failed.statusCode, failed.code]).toEqual([500, "InternalError"]);
    expect(emulator.tagsOf(appId)).toEqual({ k: "v", other: "w" });
    emulator.faults.add({ action: "UntagResources", kind: "drop", dropAfterProcessing: true });
    await expect(untagResources([appId], { TagKeys: '["k"]' })).rejects.toThrow();
    expect(emulator.tagsOf(appId)).toEqual({ other: "w" });
  });

  test("ListTagResources takes faults too", async () => {
    emulator.faults.add({ action: "ListTagResources", kind: "error", status: 409, code: "Custom.Conflict" });
    const err = await callError(client, "ListTagResources", { ...common([await template()]) });
    expect([err.statusCode, err.code]).toEqual([409, "Custom.Conflict"]);
  });
});
