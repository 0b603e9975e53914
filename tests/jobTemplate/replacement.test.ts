/**
 * Create-only parameters replace the template, in the order SAE's unique names require.
 */
import type { JobTemplateArgs } from "../../provider";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack.dispose();
});

const original = {
  ...imageJob,
  appDescription: "first",
  autoConfig: false,
  cpu: 1000,
  memory: 2048,
  namespaceId: "cn-hangzhou:reports",
  securityGroupId: "sg-first",
  vSwitchId: "vsw-first",
  vpcId: "vpc-first",
} as const satisfies JobTemplateArgs;

const changes: [string, Partial<JobTemplateArgs>][] = [
  ["appName", { appName: "nightly-report-v2" }],
  ["appDescription", { appDescription: "second" }],
  ["autoConfig", { autoConfig: true }],
  ["cpu", { cpu: 2000 }],
  ["memory", { memory: 4096 }],
  ["namespaceId", { namespaceId: "cn-hangzhou:batch" }],
  [
    "packageType",
    {
      packageType: "PythonZip",
      imageUrl: undefined,
      packageUrl: "https://artifacts.example/a.zip",
      packageVersion: "1",
    },
  ],
  ["securityGroupId", { securityGroupId: "sg-second" }],
  ["vSwitchId", { vSwitchId: "vsw-second" }],
  ["vpcId", { vpcId: "vpc-second" }],
];

it.each(changes)("changing %s replaces the template", async (name, change) => {
  const { engine, client } = stack;
  expect((await engine.up(template(original))).errors).toEqual([]);
  const oldId = engine.state[0].id;

  const preview = await engine.preview(template({ ...original, ...change }));
  expect(preview.steps[0]).toMatchObject({ op: "replace", diff: { replaces: [name] } });

  const result = await engine.up(template({ ...original, ...change }));
  expect(result.errors).toEqual([]);
  const newId = engine.state[0].id;
  expect(newId).not.toBe(oldId);
  await expect(client.describeJob({ AppId: oldId })).rejects.toMatchObject({ code: "InvalidAppId.NotFound" });
  expect((await client.describeJob({ AppId: newId })).Data.AppName).toBe(change.appName ?? original.appName);
  expect(stack.sent("UpdateJob")).toEqual([]);

  // Same name in the same namespace: the old one must go first. A new name or namespace: create first.
  const keepsIdentity = name !== "appName" && name !== "namespaceId";
  const order = result.providerCalls.map((c) => c.operation);
  expect(order).toEqual(keepsIdentity ? ["Delete", "Create"] : ["Create", "Delete"]);
  expect(result.steps[0].replaceOrder).toBe(keepsIdentity ? "delete-before-replace" : "create-before-delete");
});
