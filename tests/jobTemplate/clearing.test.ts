/**
 * "Omit to keep, empty string to clear", proven on the wire: for every parameter a user can
 * remove, the UpdateJob that follows carries exactly that parameter's clear value and nothing
 * else, SAE no longer reports the value, and putting it back sends exactly that parameter.
 */
import type { JobTemplateArgs } from "../../provider";
import { type SaeStack, startSaeStack, template } from "../support/saeStack";

/** A template with every parameter that can be removed set to something other than its default. */
const everything = {
  appName: "everything",
  packageType: "PhpZip",
  replicas: 1,
  packageUrl: "https://artifacts.example/app-1.0.0.zip",
  packageVersion: "1.0.0",
  jdk: "Open JDK 8",
  webContainer: "apache-tomcat-8.5.42",
  edasContainerVersion: "3.5.3",
  python: "PYTHON 3.9.15",
  pythonModules: "Flask==2.0",
  php: "PHP-7.3",
  phpConfigLocation: "/usr/local/etc/php/php.ini",
  phpConfig: "memory_limit=256M",
  triggerConfig: { type: "time", config: "0 1 * * ?", timezone: "GMT+8:00" },
  slice: true,
  sliceEnvs: [0, 1],
  refAppId: "7171a6ca-d1cd-4928-8642-7d5cfe69aaaa",
  bestEffortType: "spot",
  command: "php",
  commandArgs: ["run.php", "--all"],
  jarStartOptions: "-Xmx1g",
  jarStartArgs: "--verbose",
  warStartOptions: "CATALINA_OPTS=-Dx=1",
  envs: [{ name: "A", value: "1" }],
  timezone: "UTC",
  customHostAlias: [{ hostName: "db.internal", ip: "10.0.0.8" }],
  postStart: { exec: { command: ["sh", "-c", "echo up"] } },
  preStop: { exec: { command: ["sh", "-c", "echo down"] } },
  terminationGracePeriodSeconds: 60,
  tomcatConfig: { port: 8081, contextPath: "/app" },
  acrInstanceId: "cri-example",
  acrAssumeRoleArn: "acs:ram::123456789012:role/pull",
  imagePullSecrets: "10",
  enableImageAccl: true,
  slsConfigs: [{ logDir: "", logType: "stdout" }, { logDir: "/var/log/app.log" }],
  nasId: "nas-1",
  mountHost: "nas-1.cn-hangzhou.nas.example.com",
  mountDesc: [{ mountPath: "/mnt/nas", nasPath: "/" }],
  nasConfigs: [
    { nasId: "nas-2", mountDomain: "nas-2.example.com", nasPath: "/n", mountPath: "/mnt/n", readOnly: true },
  ],
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss", readOnly: false }],
  ossAkId: "LTAI-oss-id",
  ossAkSecret: "oss-secret-value",
  configMapMountDesc: [{ configMapId: 16, key: "app.yaml", mountPath: "/etc/app" }],
} as const satisfies JobTemplateArgs;

type Name = keyof typeof everything;

/**
 * What UpdateJob must carry when the user removes each parameter (the README's clearing rules):
 * `""` unless listed here. Written out independently of the provider's parameter table.
 */
const clearValues: Partial<Record<string, string>> = {
  Envs: "[]",
  CommandArgs: "[]",
  CustomHostAlias: "[]",
  SliceEnvs: "[]",
  Slice: "false",
  EnableImageAccl: "false",
  Timezone: "Asia/Shanghai",
  TerminationGracePeriodSeconds: "30",
};

/** Parameters removed together (the NAS trio and the OSS mounts with their keys only work together). */
const groups: Name[][] = [
  ["nasId", "mountHost", "mountDesc"],
  ["ossMountDescs", "ossAkId", "ossAkSecret"],
];
const grouped = new Set(groups.flat());
const fixed = new Set<Name>(["appName", "packageType", "replicas"]);
const removals: Name[][] = [
  ...groups,
  ...(Object.keys(everything) as Name[]).filter((n) => !grouped.has(n) && !fixed.has(n)).map((n) => [n]),
];

const apiName = (name: string) => name[0].toUpperCase() + name.slice(1);
const without = (names: Name[]) =>
  Object.fromEntries(
    Object.entries(everything).filter(([k]) => !names.includes(k as Name)),
  ) as unknown as JobTemplateArgs;
/** A sent value, parsed when it is JSON text, for comparing with the structured input. */
const parsed = (value: string) => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

let stack: SaeStack;
let appId: string;

beforeAll(async () => {
  stack = await startSaeStack();
  const result = await stack.engine.up(template(everything));
  expect(result.errors).toEqual([]);
  appId = stack.engine.state[0].id;
});
afterAll(async () => {
  await stack.dispose();
});

it("creates the template with every parameter, and an unchanged program sends nothing", async () => {
  const again = await stack.engine.up(template(everything));
  expect(again.steps.map((s) => s.op)).toEqual(["same"]);
  expect(stack.sent("UpdateJob").filter((p) => !("Php" in p && Object.keys(p).length === 2))).toEqual([]);
});

/** What SAE reports for a removed value: nothing, or the documented default it falls back to. */
const reportedAfterClear: Partial<Record<string, unknown>> = {
  Timezone: "Asia/Shanghai",
  TerminationGracePeriodSeconds: 30,
  Slice: false,
};

it.each(removals.map((names) => [names.join(" + "), names] as const))(
  "removing %s sends exactly its clear value, and putting it back sends exactly it",
  async (_label, names) => {
    const { engine, emulator, client } = stack;
    emulator.clearRequests();

    const removed = await engine.up(template(without(names)));
    expect(removed.errors).toEqual([]);
    expect(removed.steps.map((s) => s.op)).toEqual(["update"]);
    const expectedClear = Object.fromEntries(names.map((n) => [apiName(n), clearValues[apiName(n)] ?? ""]));
    expect(stack.sent("UpdateJob")).toEqual([{ AppId: appId, ...expectedClear }]);
    const described = (await client.describeJob({ AppId: appId })).Data as Record<string, unknown>;
    for (const name of names) {
      const reported = described[apiName(name)];
      // Cleared: not reported, an empty list, or the documented default SAE falls back to.
      const cleared = reported === undefined || reported === "[]" ? undefined : reported;
      expect([name, cleared]).toEqual([name, reportedAfterClear[apiName(name)]]);
    }

    emulator.clearRequests();
    const restored = await engine.up(template(everything));
    expect(restored.errors).toEqual([]);
    const [sent] = stack.sent("UpdateJob");
    expect(Object.keys(sent).sort()).toEqual(["AppId", ...names.map(apiName)].sort());
    for (const name of names) {
      const value: unknown = everything[name];
      // Text is sent as it is; numbers, booleans and structures as their JSON.
      const expected = typeof value === "string" ? value : JSON.stringify(value);
      expect([name, parsed(sent[apiName(name)])]).toEqual([name, parsed(expected)]);
    }
  },
);

it("fails the update, naming the parameter and the clear sent, when SAE keeps a value it was told to clear", async () => {
  const { engine, emulator } = stack;
  emulator.ignoreClears(["Command"]);
  try {
    emulator.clearRequests();
    const { command: _dropped, ...withoutCommand } = everything;
    const result = await engine.up(template(withoutCommand));
    expect(result.ok).toBe(false);
    expect(stack.sent("UpdateJob")).toEqual([{ AppId: appId, Command: "" }]);
    expect(result.errors.join("\n")).toContain(
      'SAE kept Command although UpdateJob sent Command="" to clear it: DescribeJob still reports a value.',
    );
    // The template is kept, with what SAE reports: the next preview shows the same change again.
    const [entry] = engine.state;
    expect(entry.id).toBe(appId);
    expect(entry.outputs.command).toBe(everything.command);
    const preview = await engine.preview(template(withoutCommand));
    expect(preview.steps.map((s) => s.op)).toEqual(["update"]);
  } finally {
    emulator.ignoreClears([]);
    expect((await stack.engine.up(template(everything))).errors).toEqual([]);
  }
});
