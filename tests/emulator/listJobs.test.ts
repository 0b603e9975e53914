// ListJobs: filters, paging and the per-template summary.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, createReady, imageJob, type ManualClock, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 50, jobRunDurationMs: 100 }));
  ids.alpha = await createReady(
    client,
    imageJob({ AppName: "billing-alpha", AppDescription: "first" }),
    clock,
    0,
  );
  ids.beta = await createReady(
    client,
    imageJob({ AppName: "billing-beta", NamespaceId: "cn-hangzhou:ops" }),
    clock,
    0,
  );
  ids.gamma = await createReady(
    client,
    imageJob({
      AppName: "Reports",
      Cpu: "2000",
      Memory: "4096",
      TriggerConfig: '{"type":"time","config":"0 1 * * ?"}',
    }),
    clock,
    0,
  );
  clock.advance(50);
});
afterAll(() => emulator.stop());

async function list(params: Record<string, string>) {
  return (await call(client, "ListJobs", params)).Data;
}
const names = (data: { Applications: { AppName: string }[] }) => data.Applications.map((a) => a.AppName);

test("lists every template in creation order with Data {Applications, CurrentPage, PageSize, TotalSize}", async () => {
  const data = await list({});
  expect(data).toMatchObject({ CurrentPage: 1, PageSize: 10, TotalSize: 3 });
  expect(names(data)).toEqual(["billing-alpha", "billing-beta", "Reports"]);
  expect(names(await list({ Reverse: "true" }))).toEqual(["Reports", "billing-beta", "billing-alpha"]);
});

test("pages", async () => {
  const page2 = await list({ PageSize: "2", CurrentPage: "2" });
  expect(page2).toMatchObject({ CurrentPage: 2, PageSize: 2, TotalSize: 3 });
  expect(names(page2)).toEqual(["Reports"]);
  const err = await callError(client, "ListJobs", { CurrentPage: "0" });
  expect([err.statusCode, err.code]).toEqual([400, "InvalidParameter.WithMessage"]);
});

test("filters by NamespaceId, AppName substring (case-insensitive) and FieldType/FieldValue", async () => {
  expect(names(await list({ NamespaceId: "cn-hangzhou:ops" }))).toEqual(["billing-beta"]);
  expect(names(await list({ NamespaceId: "cn-hangzhou" }))).toEqual(["billing-alpha", "Reports"]);
  expect(names(await list({ AppName: "BILLING" }))).toEqual(["billing-alpha", "billing-beta"]);
  expect(names(await list({ FieldType: "appName", FieldValue: "port" }))).toEqual(["Reports"]);
  expect(names(await list({ FieldType: "appIds", FieldValue: `${ids.gamma},${ids.alpha}` }))).toEqual([
    "billing-alpha",
    "Reports",
  ]);
  expect((await list({ Tags: '[{"key":"team","value":"x"}]' })).TotalSize).toBe(0);
  const err = await callError(client, "ListJobs", { FieldType: "slbIps", FieldValue: "1.2.3.4" });
  expect(err.code).toBe("InvalidParameter.WithMessage");
});

test("each item is shaped as OPERATIONS.md lists, with run counts and change order state", async () => {
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun" });
  await call(client, "ExecJob", { AppId: ids.gamma });
  clock.advance(100);
  const last = (await call(client, "ExecJob", { AppId: ids.gamma })).Data.Data as string;
  const [item] = (await list({ FieldType: "appIds", FieldValue: ids.gamma })).Applications;
  expect(item).toMatchObject({
    AppId: ids.gamma,
    AppName: "Reports",
    NamespaceId: "cn-hangzhou",
    RegionId: "cn-hangzhou",
    Cpu: 2000,
    Mem: 4096,
    ImageUrl: "registry.cn-hangzhou.aliyuncs.com/demo/report:1.0",
    Suspend: false,
    TriggerConfig: '{"type":"time","config":"0 1 * * ?"}',
    Tags: [],
    Active: 1,
    Succeeded: 0,
    Failed: 1,
    LastJobState: "3",
    LastChangeorderState: "1",
  });
  expect(item.LastStartTime).toEqual(expect.any(Number));
  const [fresh] = (await list({ FieldType: "appIds", FieldValue: ids.alpha })).Applications;
  expect(fresh).toMatchObject({
    AppDescription: "first",
    LastJobState: "0",
    Active: 0,
    Succeeded: 0,
    Failed: 0,
  });
  expect(last).toMatch(/^manual-/);
});

test("LastChangeorderState is 0 after a failed change order", async () => {
  emulator.faults.add({ action: "UpdateJob", kind: "failChangeOrder" });
  await call(client, "UpdateJob", { AppId: ids.beta, Replicas: "2" });
  clock.advance(50);
  const [item] = (await list({ FieldType: "appIds", FieldValue: ids.beta })).Applications;
  expect(item.LastChangeorderState).toBe("0");
});

describe("the Tags filter", () => {
  const tags = (pairs: Record<string, string>) =>
    JSON.stringify(Object.entries(pairs).map(([key, value]) => ({ key, value })));
  const filtered = async (pairs: Record<string, string>, extra: Record<string, string> = {}) =>
    names(await list({ Tags: tags(pairs), ...extra }));

  beforeAll(() => {
    emulator.setTags(ids.alpha, { team: "billing", env: "prod" });
    emulator.setTags(ids.beta, { team: "billing", env: "staging", "acs:rm:rgId": "rg-1" });
    emulator.setTags(ids.gamma, { team: "Billing", env: "" });
  });

  test("keeps only templates carrying every given key=value (case-sensitive), paging what is left", async () => {
    expect(await filtered({ team: "billing" })).toEqual(["billing-alpha", "billing-beta"]);
    expect(await filtered({ team: "billing", env: "prod" })).toEqual(["billing-alpha"]);
    expect(await filtered({ team: "Billing" })).toEqual(["Reports"]);
    expect(await filtered({ env: "" })).toEqual(["Reports"]);
    expect(await filtered({ team: "billing", env: "qa" })).toEqual([]);
    expect(await filtered({ "acs:rm:rgId": "rg-1" })).toEqual(["billing-beta"]);
    const page = await list({ Tags: tags({ team: "billing" }), PageSize: "1", CurrentPage: "2" });
    expect(page).toMatchObject({ TotalSize: 2, CurrentPage: 2, PageSize: 1 });
    expect(names(page)).toEqual(["billing-beta"]);
    // Combined with the other filters, and [] is no filter.
    expect(await filtered({ team: "billing" }, { NamespaceId: "cn-hangzhou" })).toEqual(["billing-alpha"]);
    expect((await list({ Tags: "[]" })).TotalSize).toBe(3);
  });

  test("items carry their tags", async () => {
    const [item] = (await list({ Tags: tags({ env: "staging" }) })).Applications;
    expect(item.Tags).toEqual([
      { Key: "team", Value: "billing" },
      { Key: "env", Value: "staging" },
      { Key: "acs:rm:rgId", Value: "rg-1" },
    ]);
  });

  test.each([
    ["malformed JSON text", '[{"key":"team"', "it is not valid JSON text"],
    ["capitalised names", '[{"Key":"team","Value":"billing"}]', "(lower-case names)"],
    ["a key of 129 characters", tags({ ["k".repeat(129)]: "v" }), "is 129 characters long"],
  ])("%s is 400 InvalidParameter naming Tags", async (_, text, rule) => {
    const err = await callError(client, "ListJobs", { Tags: text });
    expect([err.statusCode, err.code, err.data.Parameter]).toEqual([400, "InvalidParameter", "Tags"]);
    expect(err.data.Message).toContain(rule);
  });
});
