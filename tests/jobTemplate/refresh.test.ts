/**
 * Refresh, drift, import and out-of-band deletion: read maps DescribeJob back to the input shape.
 */
import type { JobTemplateArgs } from "../../provider";
import { changeOrderDone } from "../support/emulatorClient";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack.dispose();
});

/** A template using every structured parameter. */
const structured = {
  ...imageJob,
  envs: [
    { name: "PLAIN", value: "1" },
    { name: "FROM_MAP", valueFrom: "configMapRef", configMapId: 16, key: "db" },
  ],
  slsConfigs: [
    { logDir: "", logType: "stdout" },
    { logDir: "/var/log/a.log", projectName: "acme-logs", logstoreName: "jobs" },
  ],
  nasId: "nas-1",
  mountHost: "nas-1.example.com",
  mountDesc: [{ mountPath: "/mnt/nas", nasPath: "/" }],
  nasConfigs: [{ nasId: "nas-2", mountDomain: "nas-2.example.com", nasPath: "/n", mountPath: "/mnt/n" }],
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss", readOnly: true }],
  ossAkId: "LTAI-oss-id",
  ossAkSecret: "oss-secret-value",
  configMapMountDesc: [{ configMapId: 16, key: "app.yaml", mountPath: "/etc/app" }],
  customHostAlias: [{ hostName: "db.internal", ip: "10.0.0.8" }],
  commandArgs: ["--all"],
  command: "report",
  sliceEnvs: [0, 1, 2],
  slice: true,
  triggerConfig: {
    type: "http",
    config: { type: "HTTPS", method: ["GET"], ip: [], referer: [], securityConfig: "none" },
  },
  preStop: { exec: { command: ["sh", "-c", "echo down"] } },
  postStart: { exec: { command: ["sh", "-c", "echo up"] } },
  tomcatConfig: { port: 8080 },
} as const satisfies JobTemplateArgs;

it("shows no diff after refresh for a template using every structured parameter", async () => {
  const { engine } = stack;
  expect((await engine.up(template(structured))).errors).toEqual([]);
  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps[0].diff?.changes).toBe("none");
  const preview = await engine.preview(template(structured));
  expect(preview.steps.map((s) => s.op)).toEqual(["same"]);
  // DescribeJob's arrays came back in the program's shape.
  expect(engine.state[0].outputs).toMatchObject({
    mountDesc: [{ mountPath: "/mnt/nas", nasPath: "/" }],
    configMapMountDesc: [{ configMapId: 16, key: "app.yaml", mountPath: "/etc/app" }],
    ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss", readOnly: true }],
    triggerConfig: structured.triggerConfig,
    publicWebHookUrls: [expect.any(String)],
  });
});

it("shows drift made outside Pulumi, and the next up puts the program's values back", async () => {
  const { engine, client } = stack;
  await engine.up(template({ ...imageJob, envs: [{ name: "A", value: "1" }] }));
  const id = engine.state[0].id;
  const changed = await client.updateJob({
    AppId: id,
    Replicas: 5,
    Envs: '[{"name":"A","value":"tampered"}]',
  });
  await changeOrderDone(stack.client, changed.Data.ChangeOrderId);

  const refreshed = await engine.refresh();
  expect(refreshed.steps[0].diff?.changes).toBe("some");
  expect(engine.state[0].outputs).toMatchObject({ replicas: 5, envs: [{ name: "A", value: "tampered" }] });

  stack.emulator.clearRequests();
  const fixed = await engine.up(template({ ...imageJob, envs: [{ name: "A", value: "1" }] }));
  expect(fixed.steps.map((s) => s.op)).toEqual(["update"]);
  expect(stack.sent("UpdateJob")).toEqual([{ AppId: id, Replicas: "1", Envs: '[{"name":"A","value":"1"}]' }]);
});

it("reads a template deleted outside Pulumi as gone, and plans to create it again", async () => {
  const { engine, client } = stack;
  await engine.up(template(imageJob));
  await client.deleteJob({ AppId: engine.state[0].id });
  const refreshed = await engine.refresh();
  expect(refreshed.steps.map((s) => s.op)).toEqual(["read-gone"]);
  expect(engine.state).toEqual([]);
  const preview = await engine.preview(template(imageJob));
  expect(preview.steps.map((s) => s.op)).toEqual(["create"]);
});

it("destroys a template that is already gone without an error", async () => {
  const { engine, client } = stack;
  await engine.up(template(imageJob));
  await client.deleteJob({ AppId: engine.state[0].id });
  const destroyed = await engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(destroyed.steps[0].logs.join("\n")).toMatch(/already gone/);
});

describe("import", () => {
  const existing = {
    ...imageJob,
    appName: "legacy-job",
    envs: [{ name: "A", value: "1" }],
    slsConfigs: [{ logDir: "", logType: "stdout" }],
    mountDesc: [{ mountPath: "/mnt/nas", nasPath: "/" }],
    nasId: "nas-1",
    mountHost: "nas-1.example.com",
  } as const satisfies JobTemplateArgs;

  async function createOutsidePulumi() {
    const created = await stack.client.createJob({
      AppName: "legacy-job",
      PackageType: "Image",
      ImageUrl: imageJob.imageUrl,
      Replicas: 1,
      Envs: '[{"name":"A","value":"1"}]',
      SlsConfigs: '[{"logDir":"","logType":"stdout"}]',
      NasId: "nas-1",
      MountHost: "nas-1.example.com",
      MountDesc: '[{"mountPath":"/mnt/nas","nasPath":"/"}]',
    });
    await changeOrderDone(stack.client, created.Data.ChangeOrderId);
    return created.Data.AppId;
  }

  it("adopts an existing template whose settings match the program, with no change", async () => {
    const appId = await createOutsidePulumi();
    const result = await stack.engine.up(template(existing, "legacy", { import: appId }));
    expect(result.errors).toEqual([]);
    expect(result.steps.map((s) => s.op)).toEqual(["import"]);
    expect(stack.engine.state[0]).toMatchObject({
      id: appId,
      outputs: { appId, envs: [{ name: "A", value: "1" }] },
    });
    expect(stack.sent("UpdateJob")).toEqual([]);
    const next = await stack.engine.up(template(existing, "legacy"));
    expect(next.steps.map((s) => s.op)).toEqual(["same"]);
  });

  it("refuses to import when the program does not match the template", async () => {
    const appId = await createOutsidePulumi();
    const result = await stack.engine.up(template({ ...existing, replicas: 4 }, "legacy", { import: appId }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/inputs to import do not match the existing resource/);
    expect(result.errors.join("\n")).toMatch(/replicas/);
  });

  it("fails to import a template that does not exist", async () => {
    const result = await stack.engine.up(template(existing, "legacy", { import: "no-such-app" }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/does not exist/);
  });
});
