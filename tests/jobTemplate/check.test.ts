/**
 * Every check rule, through Pulumi's host: bad input gets a failure naming the property and the
 * rule, before any API call. Unknown values (preview) pass.
 */
import { ProviderHost, runProgram } from "../../harness";
import type { PropertyValue } from "../../harness/propertyValues";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urn = "urn:pulumi:dev::sae-test::pulumi-nodejs:dynamic/sae:JobTemplate::job";
let host: ProviderHost;
let providerText: PropertyValue;

beforeAll(async () => {
  host = await ProviderHost.start();
  // A stack's region, as every stack has one (or an endpoint): check reports its absence too.
  await host.configure({ "sae:region": "cn-hangzhou" });
  const [registration] = await runProgram(template(imageJob));
  providerText = registration.inputs.__provider;
});
afterAll(async () => {
  await host.stop();
});

async function check(inputs: Record<string, unknown>) {
  return host.check(urn, {}, { ...inputs, __provider: providerText });
}

const fatJar = { appName: "j", packageType: "FatJar", replicas: 1 };
const cases: [string, Record<string, unknown>, string, RegExp][] = [
  ["appName is required", { packageType: "Image", imageUrl: "i", replicas: 1 }, "appName", /^is required$/],
  [
    "appName starts with a letter",
    { ...imageJob, appName: "9lives" },
    "appName",
    /must start with a letter and hold only letters, digits and hyphens \(got "9lives"\)/,
  ],
  [
    "appName allows no underscores",
    { ...imageJob, appName: "a_b" },
    "appName",
    /only letters, digits and hyphens/,
  ],
  [
    "appName is at most 36 characters",
    { ...imageJob, appName: "a".repeat(37) },
    "appName",
    /at most 36 characters \(got 37\)/,
  ],
  [
    "appDescription is at most 1024 characters",
    { ...imageJob, appDescription: "d".repeat(1025) },
    "appDescription",
    /at most 1024 characters/,
  ],
  [
    "packageType has documented values",
    { ...imageJob, packageType: "Jar" },
    "packageType",
    /must be one of FatJar, War, Image, PythonZip, PhpZip, IMAGE_PHP_5_4.* \(got "Jar"\)/,
  ],
  ["packageType is required", { appName: "a", replicas: 1 }, "packageType", /^is required$/],
  ["replicas is at least 1", { ...imageJob, replicas: 0 }, "replicas", /must be at least 1 \(got 0\)/],
  ["replicas is an integer", { ...imageJob, replicas: 1.5 }, "replicas", /must be an integer/],
  ["FatJar needs packageUrl", fatJar, "packageUrl", /is required when packageType is FatJar/],
  ["FatJar needs packageVersion", fatJar, "packageVersion", /is required when packageType is FatJar/],
  ["FatJar needs jdk", fatJar, "jdk", /is required when packageType is FatJar/],
  [
    "PythonZip needs packageUrl",
    { appName: "p", packageType: "PythonZip", replicas: 1 },
    "packageUrl",
    /PythonZip/,
  ],
  [
    "War needs webContainer",
    { ...fatJar, packageType: "War", packageUrl: "u", packageVersion: "1", jdk: "Open JDK 8" },
    "webContainer",
    /is required when packageType is War/,
  ],
  [
    "Image needs imageUrl",
    { ...imageJob, imageUrl: undefined },
    "imageUrl",
    /is required when packageType is Image/,
  ],
  [
    "Image takes no jdk",
    { ...imageJob, jdk: "Open JDK 8" },
    "jdk",
    /is not supported when packageType is Image/,
  ],
  [
    "cpu and memory form an SAE size",
    { ...imageJob, cpu: 2000, memory: 1024 },
    "memory",
    /cpu 2000 with memory 1024 is not an SAE instance size: memory 1024 MB allows cpu 500, 1000/,
  ],
  [
    "memory is a listed size",
    { ...imageJob, cpu: 1000, memory: 3000 },
    "memory",
    /memory must be one of 1024, 2048/,
  ],
  ["cpu needs memory", { ...imageJob, cpu: 1000 }, "memory", /set both or neither/],
  [
    "grace period is at least 1",
    { ...imageJob, terminationGracePeriodSeconds: 0 },
    "terminationGracePeriodSeconds",
    /must be at least 1 \(valid: 1 to 300\)/,
  ],
  [
    "grace period is at most 300",
    { ...imageJob, terminationGracePeriodSeconds: 301 },
    "terminationGracePeriodSeconds",
    /must be at most 300/,
  ],
  [
    "concurrencyPolicy has three values",
    { ...imageJob, concurrencyPolicy: "Sometimes" },
    "concurrencyPolicy",
    /must be one of Forbid, Allow, Replace/,
  ],
  [
    "trigger type is time or http",
    { ...imageJob, triggerConfig: { type: "cron", config: "x" } },
    "triggerConfig.type",
    /must be one of time, http \(got "cron"\)/,
  ],
  [
    "a time trigger needs its cron",
    { ...imageJob, triggerConfig: { type: "time" } },
    "triggerConfig.config",
    /is required/,
  ],
  [
    "an http trigger's config is an object",
    { ...imageJob, triggerConfig: { type: "http", config: "GET" } },
    "triggerConfig.config",
    /must be an object/,
  ],
  [
    "trigger fields are known",
    { ...imageJob, triggerConfig: { type: "time", config: "0 1 * * ?", tz: "x" } },
    "triggerConfig.tz",
    /is not a known field \(known fields: type, config, timezone\)/,
  ],
  [
    "env names are unique",
    {
      ...imageJob,
      envs: [
        { name: "A", value: "1" },
        { name: "A", value: "2" },
      ],
    },
    "envs",
    /must not repeat name "A"/,
  ],
  [
    "an env needs a value",
    { ...imageJob, envs: [{ name: "A" }] },
    "envs[0].value",
    /is required unless valueFrom is "configMapRef"/,
  ],
  [
    "a ConfigMap env needs its ID",
    { ...imageJob, envs: [{ name: "A", valueFrom: "configMapRef" }] },
    "envs[0].configMapId",
    /is required when valueFrom is "configMapRef"/,
  ],
  [
    "an env's name is text",
    { ...imageJob, envs: [{ name: 5, value: "1" }] },
    "envs[0].name",
    /must be a string/,
  ],
  [
    "host alias IPs are IPv4",
    { ...imageJob, customHostAlias: [{ hostName: "h", ip: "not-an-ip" }] },
    "customHostAlias[0].ip",
    /must be an IPv4 address \(got "not-an-ip"\)/,
  ],
  [
    "one stdout log rule at most",
    {
      ...imageJob,
      slsConfigs: [
        { logDir: "", logType: "stdout" },
        { logDir: "", logType: "stdout" },
      ],
    },
    "slsConfigs",
    /at most one entry with logType "stdout"/,
  ],
  [
    "an SLS project needs its logstore",
    { ...imageJob, slsConfigs: [{ logDir: "/l", projectName: "p" }] },
    "slsConfigs[0].logstoreName",
    /set both projectName and logstoreName/,
  ],
  [
    "SLS names avoid the sae- prefix",
    { ...imageJob, slsConfigs: [{ logDir: "/l", projectName: "sae-x", logstoreName: "s" }] },
    "slsConfigs[0].projectName",
    /must not start with "sae-"/,
  ],
  [
    "OSS mounts need keys",
    { ...imageJob, ossMountDescs: [{ bucketName: "b", bucketPath: "p", mountPath: "/m" }] },
    "ossAkId",
    /is required when ossMountDescs is set/,
  ],
  [
    "OSS keys come in pairs",
    { ...imageJob, ossAkId: "id" },
    "ossAkSecret",
    /set ossAkId and ossAkSecret together/,
  ],
  [
    "the NAS mount needs all three",
    { ...imageJob, nasId: "nas-1" },
    "mountHost",
    /nasId, mountHost and mountDesc go together/,
  ],
  [
    "a NAS mount needs nasPath",
    { ...imageJob, nasId: "n", mountHost: "h", mountDesc: [{ mountPath: "/m" }] },
    "mountDesc[0].nasPath",
    /is required/,
  ],
  [
    "Tomcat ports are 1024..65535",
    { ...imageJob, tomcatConfig: { port: 80 } },
    "tomcatConfig.port",
    /must be at least 1024/,
  ],
  [
    "hook commands are not empty",
    { ...imageJob, preStop: { exec: { command: [] } } },
    "preStop.exec.command",
    /must not be empty/,
  ],
  [
    "namespaces are lowercase",
    { ...imageJob, namespaceId: "cn-hangzhou:Reports" },
    "namespaceId",
    /must be lowercase letters/,
  ],
  [
    "JSON text must parse",
    { ...imageJob, envs: "[{name: A}]" },
    "envs",
    /^is not valid JSON \(got "\[\{name: A\}\]"\): give a list of objects, or JSON text of one$/,
  ],
  ["broken JSON is named as such", { ...imageJob, envs: "[{" }, "envs", /^is not valid JSON/],
  [
    "JSON text of the wrong structure is named as such",
    { ...imageJob, triggerConfig: "[1]" },
    "triggerConfig",
    /^must be an object$/,
  ],
  [
    "SLS configs name one project",
    {
      ...imageJob,
      slsConfigs: [
        { logDir: "/a", projectName: "p1", logstoreName: "s1" },
        { logDir: "/b", projectName: "p2", logstoreName: "s2" },
        { logDir: "", logType: "stdout" },
      ],
    },
    "slsConfigs",
    /same projectName in every entry .*\(got "p1", "p2"\).*Sls\.Config\.Mixed\.Multi\.Project/,
  ],
  [
    "echoed values are cut and escaped",
    { ...imageJob, appName: `9${"x".repeat(100)}\n\t\u0000` },
    "appName",
    new RegExp(`\\(got "9${"x".repeat(79)}…"\\)$`),
  ],
  [
    "echoed control characters are escaped",
    { ...imageJob, concurrencyPolicy: "Forbid\n\u0000" },
    "concurrencyPolicy",
    /\(got "Forbid\\n\\u0000"\)$/,
  ],
  [
    "misspelled inputs are named",
    { ...imageJob, imageURL: "x" },
    "imageURL",
    /is not a JobTemplate input \(did you mean imageUrl\?\)/,
  ],
  ["API names are not inputs", { ...imageJob, Replicas: 2 }, "Replicas", /did you mean replicas\?/],
];

it.each(cases)("%s", async (_rule, inputs, property, reason) => {
  const { failures } = await check(inputs);
  expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
});

it("accepts a valid template with no failures", async () => {
  const { failures } = await check({
    ...imageJob,
    cpu: 500,
    memory: 1024,
    envs: [
      { name: "A", value: "1" },
      { name: "B", valueFrom: "configMapRef", configMapId: 3 },
    ],
    triggerConfig: { type: "time", config: "0 1 * * ?" },
  });
  expect(failures).toEqual([]);
});

it("coerces config-style strings and console JSON into typed inputs", async () => {
  const { inputs, failures } = await check({
    ...imageJob,
    replicas: "3",
    slice: "true",
    envs: '[{"name":"A","value":"1"}]',
  });
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject({ replicas: 3, slice: true, envs: [{ name: "A", value: "1" }] });
});

it("lets unknown values through at preview, and skips the rules that need them", async () => {
  const { failures } = await check({
    appName: unknown,
    packageType: unknown,
    replicas: unknown,
    cpu: unknown,
    memory: 1024,
    envs: [{ name: unknown, value: "1" }],
    triggerConfig: unknown,
    nasId: unknown,
  });
  expect(failures).toEqual([]);
});

describe("a program with several problems", () => {
  let stack: SaeStack;
  beforeAll(async () => {
    stack = await startSaeStack();
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("reports every problem at once, each naming the field and the rule, before any API call", async () => {
    const result = await stack.engine.up(
      template({
        appName: "1bad",
        packageType: "Image",
        replicas: 1,
        cpu: 1000,
        // Console JSON text that is cut short; the type says a list, a program may still pass text.
        envs: "[{" as unknown as [],
        slsConfigs: [
          { logDir: "/a", projectName: "p1", logstoreName: "s1" },
          { logDir: "/b", projectName: "p2", logstoreName: "s2" },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    const errors = result.errors.join("\n");
    expect(errors).toMatch(/appName: must start with a letter .* \(got "1bad"\)/);
    expect(errors).toMatch(/imageUrl: is required when packageType is Image/);
    expect(errors).toMatch(/memory: is required when the other of cpu\/memory is set/);
    expect(errors).toMatch(/envs: is not valid JSON \(got "\[\{"\)/);
    expect(errors).toMatch(/slsConfigs: must name the same projectName .*Sls\.Config\.Mixed\.Multi\.Project/);
    expect(stack.emulator.requests).toEqual([]);
    expect(stack.engine.state).toEqual([]);
  });
});

it("skips a rule that reads a value which failed its own check, and runs the others", async () => {
  const { failures } = await check({
    appName: "1bad",
    packageType: "Jar",
    replicas: 1,
    imageUrl: "i",
    cpu: 1000,
    memory: "lots",
  });
  // packageType is malformed, so no rule judges imageUrl against it; memory is malformed, so
  // neither cpu/memory rule fires. appName's own failure stops nothing else.
  expect(failures.map((f) => f.property).sort()).toEqual(["appName", "memory", "packageType"]);
});
