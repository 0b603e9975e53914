// UpdateJob: "omit to keep, empty string to clear", create-only parameters ignored, merged validation.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, createReady, imageJob, type ManualClock, startWithClient } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 100 })));
afterAll(() => emulator.stop());

let counter = 0;
const uniqueName = () => `upd-${++counter}`;

const rich = () =>
  imageJob({
    AppName: uniqueName(),
    Envs: '[{"name":"A","value":"1"}]',
    NasId: "nas-1",
    MountHost: "nas-1.example.invalid",
    MountDesc: '[{"mountPath":"/data","nasPath":"/"}]',
    SlsConfigs: '[{"logDir":"","logType":"stdout"}]',
    TomcatConfig: '{"port":8080}',
    Command: "run.sh",
    Timezone: "UTC",
    TerminationGracePeriodSeconds: "60",
    OssMountDescs: '[{"bucketName":"bk","mountPath":"/oss"}]',
    ConfigMapMountDesc: '[{"configMapId":"7","key":"k","mountPath":"/c"}]',
  });

async function describe_(appId: string) {
  return (await call(client, "DescribeJob", { AppId: appId })).Data;
}

async function update(params: Record<string, string | undefined>) {
  const body = await call(client, "UpdateJob", params);
  clock.advance(100); // the change order finishes before the next change
  return body;
}

test("an omitted parameter keeps its value; a given one changes", async () => {
  const appId = await createReady(client, rich(), clock, 100);
  const body = await update({ AppId: appId, Replicas: "4", Envs: '[{"name":"B","value":"2"}]' });
  expect(body.Data.AppId).toBe(appId);
  expect(body.Data.ChangeOrderId).toMatch(/^[0-9a-f-]{36}$/);
  const d = await describe_(appId);
  expect(d).toMatchObject({
    Replicas: 4,
    Envs: '[{"name":"B","value":"2"}]',
    NasId: "nas-1",
    Command: "run.sh",
    Timezone: "UTC",
    MountDesc: [{ MountPath: "/data", NasPath: "/" }],
  });
});

test('"" clears NAS, mounts, SLS and other settings; DescribeJob then omits them or shows the default', async () => {
  const appId = await createReady(client, rich(), clock, 100);
  await update({
    AppId: appId,
    NasId: "",
    MountHost: "",
    MountDesc: "",
    SlsConfigs: "",
    OssMountDescs: "",
    ConfigMapMountDesc: "",
    Command: "",
    Timezone: "",
    TerminationGracePeriodSeconds: "",
  });
  const d = await describe_(appId);
  for (const cleared of [
    "NasId",
    "MountHost",
    "MountDesc",
    "SlsConfigs",
    "OssMountDescs",
    "ConfigMapMountDesc",
    "Command",
  ]) {
    expect(d).not.toHaveProperty(cleared);
  }
  expect([d.Timezone, d.TerminationGracePeriodSeconds]).toEqual(["Asia/Shanghai", 30]);
  expect(d.Envs).toBe('[{"name":"A","value":"1"}]');
});

test('TomcatConfig is cleared by "{}" as well as by ""', async () => {
  const a = await createReady(client, rich(), clock, 100);
  const b = await createReady(client, rich(), clock, 100);
  await update({ AppId: a, TomcatConfig: "{}" });
  await update({ AppId: b, TomcatConfig: "" });
  expect(await describe_(a)).not.toHaveProperty("TomcatConfig");
  expect(await describe_(b)).not.toHaveProperty("TomcatConfig");
});

test("create-only parameters are ignored by UpdateJob", async () => {
  const appId = await createReady(client, rich(), clock, 100);
  const before = await describe_(appId);
  await update({
    AppId: appId,
    AppName: "renamed",
    AppDescription: "new description",
    Cpu: "4000",
    Memory: "8192",
    NamespaceId: "cn-hangzhou:elsewhere",
    PackageType: "FatJar",
    VpcId: "vpc-other",
    VSwitchId: "vsw-other",
    SecurityGroupId: "sg-other",
    Workload: "web",
    Replicas: "5",
  });
  const after = await describe_(appId);
  expect(after.Replicas).toBe(5);
  for (const kept of ["AppName", "Cpu", "Memory", "NamespaceId", "PackageType", "VpcId", "VSwitchId"]) {
    expect(after[kept]).toEqual(before[kept]);
  }
  expect(after).not.toHaveProperty("AppDescription");
  expect(after).not.toHaveProperty("SecurityGroupId");
});

test("Php (UpdateJob only) and EnableImageAccl are accepted in the form body and stored, not described", async () => {
  const appId = await createReady(client, imageJob({ AppName: uniqueName() }), clock, 100);
  emulator.clearRequests();
  await update({ AppId: appId, Php: "PHP-FPM 7.3", EnableImageAccl: "true" });
  const [rec] = emulator.requestsFor("UpdateJob");
  expect(rec.body).toEqual({ Php: "PHP-FPM 7.3", EnableImageAccl: "true" });
  expect(rec.status).toBe(200);
  const d = await describe_(appId);
  expect(d).not.toHaveProperty("Php");
  expect(d).not.toHaveProperty("EnableImageAccl");
});

test("the merged result is validated: clearing a required value or sending a bad one is rejected and changes nothing", async () => {
  const appId = await createReady(client, rich(), clock, 100);
  const noImage = await callError(client, "UpdateJob", { AppId: appId, ImageUrl: "" });
  expect([noImage.statusCode, noImage.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
  expect(noImage.data.Message).toContain("ImageUrl");
  const noReplicas = await callError(client, "UpdateJob", { AppId: appId, Replicas: "" });
  expect(noReplicas.code).toBe("InvalidParameter.NotEmpty");
  const badJson = await callError(client, "UpdateJob", { AppId: appId, Envs: "[{" });
  expect(badJson.code).toBe("InvalidParameter.WithMessage");
  const badAlias = await callError(client, "UpdateJob", {
    AppId: appId,
    CustomHostAlias: '[{"hostName":"h","ip":"x"}]',
  });
  expect(badAlias.code).toBe("InvalidHostnameIp.Invalid");
  const badGrace = await callError(client, "UpdateJob", { AppId: appId, TerminationGracePeriodSeconds: "0" });
  expect(badGrace.code).toBe("InvalidParameter.WithMessage");
  const d = await describe_(appId);
  expect(d).toMatchObject({
    Replicas: 1,
    Envs: '[{"name":"A","value":"1"}]',
    TerminationGracePeriodSeconds: 60,
  });
  expect(d.ImageUrl).toBeDefined();
});

test("an unknown AppId is 400 InvalidApplication.NotFound; a missing one is NotEmpty", async () => {
  const err = await callError(client, "UpdateJob", {
    AppId: "11111111-2222-3333-4444-555555555555",
    Replicas: "2",
  });
  expect([err.statusCode, err.code]).toEqual([400, "InvalidApplication.NotFound"]);
  const missing = await callError(client, "UpdateJob", { Replicas: "2" });
  expect([missing.statusCode, missing.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
});

test("while a change order runs, UpdateJob and DeleteJob answer Application.ChangerOrderRunning", async () => {
  const created = await call(client, "CreateJob", imageJob({ AppName: uniqueName() }));
  const appId = created.Data.AppId as string;
  const upd = await callError(client, "UpdateJob", { AppId: appId, Replicas: "2" });
  expect([upd.statusCode, upd.code]).toEqual([400, "Application.ChangerOrderRunning"]);
  expect(upd.data.Message).toBe("An application change process is in progress. Please try again later.");
  const del = await callError(client, "DeleteJob", { AppId: appId });
  expect(del.code).toBe("Application.ChangerOrderRunning");
  clock.advance(100);
  await update({ AppId: appId, Replicas: "2" });
  expect((await describe_(appId)).Replicas).toBe(2);
});
