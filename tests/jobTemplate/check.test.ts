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
    {
      ...fatJar,
      packageType: "War",
      packageUrl: "https://artifacts.example/app.war",
      packageVersion: "1",
      jdk: "Open JDK 8",
    },
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
    "imageUrl is an image reference, not free text",
    { ...imageJob, imageUrl: "not a url!!" },
    "imageUrl",
    /^must be a container image reference, \[host\[:port\]\/\]path\[:tag\]\[@sha256:digest\] .*: it must not contain spaces or control characters \(got "not a url!!"\)$/,
  ],
  [
    "imageUrl has no scheme",
    { ...imageJob, imageUrl: "https://registry.example/acme/report:1" },
    "imageUrl",
    /must be a container image reference.*: give it without a scheme such as https:\/\//,
  ],
  [
    "imageUrl's path is lower case",
    { ...imageJob, imageUrl: "registry.cn-hangzhou.aliyuncs.com/Acme/report:1" },
    "imageUrl",
    /its path component "Acme" must be lower-case letters and digits, separated by "\.", "_", "__" or "-"/,
  ],
  [
    "imageUrl's tag follows the tag grammar",
    { ...imageJob, imageUrl: "registry.example/acme/report:-1" },
    "imageUrl",
    /the tag must be 1 to 128 letters, digits, "_", "\." and "-", not starting with "\." or "-"/,
  ],
  [
    "imageUrl's tag is at most 128 characters",
    { ...imageJob, imageUrl: `registry.example/acme/report:${"t".repeat(129)}` },
    "imageUrl",
    /the tag must be 1 to 128/,
  ],
  [
    "imageUrl's digest is sha256 and 64 hex digits",
    { ...imageJob, imageUrl: "registry.example/acme/report@sha256:abc123" },
    "imageUrl",
    /the digest must be sha256: and 64 lower-case hex digits/,
  ],
  [
    "imageUrl's digest ends with its hex digits",
    { ...imageJob, imageUrl: `registry.example/acme/report@sha256:${"ab".repeat(32)}:1` },
    "imageUrl",
    /the digest must be sha256: and 64 lower-case hex digits/,
  ],
  [
    "imageUrl has no empty path component",
    { ...imageJob, imageUrl: "registry.example/acme//report:1" },
    "imageUrl",
    /its path must not have an empty component/,
  ],
  [
    "imageUrl's registry is a host with an optional port",
    { ...imageJob, imageUrl: "registry.example:http/acme/report:1" },
    "imageUrl",
    /the registry "registry\.example:http" must be a host name or IP address, with an optional :port/,
  ],
  [
    "a time trigger's config is a cron schedule",
    { ...imageJob, triggerConfig: { type: "time", config: "every night" } },
    "triggerConfig.config",
    /^must be a cron schedule of 5 fields, minute \(0-59\) hour \(0-23\) day-of-month \(1-31\) month \(1-12 or JAN-DEC\) day-of-week \(0-7 or SUN-SAT\), such as "0 1 \*\/1 \* \?": it has 2 fields \(got "every night"\)$/,
  ],
  [
    "a time trigger's config is not empty",
    { ...imageJob, triggerConfig: { type: "time", config: " " } },
    "triggerConfig.config",
    /cron schedule of 5 fields.*: it has 0 fields \(got " "\)$/,
  ],
  [
    "a cron schedule has 5 fields, not 6 with seconds",
    { ...imageJob, triggerConfig: { type: "time", config: "0 0 1 * * ?" } },
    "triggerConfig.config",
    /cron schedule of 5 fields.*: it has 6 fields/,
  ],
  [
    "a cron macro is not the 5-field form",
    { ...imageJob, triggerConfig: { type: "time", config: "@daily" } },
    "triggerConfig.config",
    /it has 1 field \(got "@daily"\)$/,
  ],
  [
    "cron minutes are 0-59",
    { ...imageJob, triggerConfig: { type: "time", config: "60 1 * * ?" } },
    "triggerConfig.config",
    /: minute "60": 60 is not in 0-59 \(got "60 1 \* \* \?"\)$/,
  ],
  [
    "cron hours are 0-23",
    { ...imageJob, triggerConfig: { type: "time", config: "0 9-24 * * ?" } },
    "triggerConfig.config",
    /: hour "9-24": 24 is not in 0-23/,
  ],
  [
    "cron days of month are 1-31",
    { ...imageJob, triggerConfig: { type: "time", config: "0 1 0 * ?" } },
    "triggerConfig.config",
    /: day of month "0": 0 is not in 1-31/,
  ],
  [
    "cron months are 1-12 or named",
    { ...imageJob, triggerConfig: { type: "time", config: "0 1 * 13 ?" } },
    "triggerConfig.config",
    /: month "13": 13 is not in 1-12 or JAN-DEC/,
  ],
  [
    "cron days of week are 0-7 or named",
    { ...imageJob, triggerConfig: { type: "time", config: "0 1 ? * MON-FRX" } },
    "triggerConfig.config",
    /: day of week "MON-FRX": each item must be "\*", "\?", a value in 0-7 or SUN-SAT, or a range "a-b", with an optional step "\/n"/,
  ],
  [
    "cron steps are at least 1",
    { ...imageJob, triggerConfig: { type: "time", config: "*/0 1 * * ?" } },
    "triggerConfig.config",
    /: minute "\*\/0": the step "0" must be a whole number of at least 1/,
  ],
  [
    "cron takes ? only for a day",
    { ...imageJob, triggerConfig: { type: "time", config: "? 1 * * *" } },
    "triggerConfig.config",
    /: minute "\?": "\?" is only for day of month and day of week/,
  ],
  [
    "cron lists hold valid items",
    { ...imageJob, triggerConfig: { type: "time", config: "0 1,,2 * * ?" } },
    "triggerConfig.config",
    /: hour "1,,2": each item must be "\*", a value in 0-23/,
  ],
  [
    "packageUrl is an http(s) URL",
    { ...fatJar, packageUrl: "artifacts/app.jar", packageVersion: "1", jdk: "Open JDK 8" },
    "packageUrl",
    /^must be an http:\/\/ or https:\/\/ URL, such as https:\/\/bucket\.oss-cn-hangzhou\.aliyuncs\.com\/app\.jar: it is not a URL \(got "artifacts\/app\.jar"\)$/,
  ],
  [
    "packageUrl's scheme is http or https",
    { ...fatJar, packageUrl: "oss://acme-artifacts/app.jar", packageVersion: "1", jdk: "Open JDK 8" },
    "packageUrl",
    /URL, such as .*: its scheme is oss \(got "oss:\/\/acme-artifacts\/app\.jar"\)$/,
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

/** A digest as Docker writes one: sha256 and 64 lower-case hex digits. */
const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

/**
 * Values SAE takes that the check must never refuse: the forms the API reference shows, every
 * Container Registry host, and the Docker/OCI reference and cron forms around them.
 */
const accepted: { imageUrl: string[]; cron: string[]; packageUrl: string[] } = {
  imageUrl: [
    // The CreateJob reference's own example.
    "registry.cn-hangzhou.aliyuncs.com/sae_test/ali_sae_test:0.0.1",
    // Container Registry: personal, enterprise, and their VPC endpoints.
    "registry.cn-hangzhou.aliyuncs.com/ns/repo:tag",
    "myinstance-registry.cn-hangzhou.cr.aliyuncs.com/ns/repo:tag",
    "registry-vpc.cn-hangzhou.aliyuncs.com/ns/repo:tag",
    "myinstance-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/repo:tag",
    "registry.cn-hangzhou.aliyuncs.com/ns/repo",
    // A port, an IP address, localhost.
    "registry.example:5000/team/app:v1.2.3",
    "192.168.0.10:5000/ns/app:1",
    "[::1]:5000/ns/app:1",
    "localhost:5000/app:dev",
    "localhost/app",
    // A digest, alone and after a tag.
    `registry.cn-hangzhou.aliyuncs.com/ns/repo@${digest}`,
    `registry.cn-hangzhou.aliyuncs.com/ns/repo:1.0@${digest}`,
    `nginx@${digest}`,
    // Docker Hub names, without a host.
    "nginx",
    "nginx:1.25",
    "library/nginx",
    "library/nginx:1.25-alpine",
    // Separators in path components, deep paths, tags in any case and at full length.
    "registry.example/a.b_c__d-e--f/g:Tag_1.x",
    "registry.example/a/b/c/d:latest",
    `registry.example/acme/report:${"t".repeat(128)}`,
    "registry.example/acme/report:V1.0-RC_2",
    // The values tests, examples, the demo and the bench use.
    "registry.example/acme/report:1",
    "registry.cn-hangzhou.aliyuncs.com/acme/orders-migrate:2.3.0",
    "r/i:1",
    "i",
  ],
  cron: [
    // The CreateJob, UpdateJob and DescribeJob example, and the README's and examples' schedules.
    "0 1 */1 * ?",
    "0 1 * * ?",
    "0 2 * * ?",
    "30 3 * * ?",
    // Every field at its bounds; 7 is Sunday as 0 is.
    "59 23 31 12 7",
    "0 0 1 1 0",
    // Steps, ranges, lists, names in any case, ? in either day field.
    "*/5 * * * *",
    "5/15 * * * *",
    "0 0 1-15/2 * *",
    "0,15,30,45 * * * ?",
    "0 9-17 * * MON-FRI",
    "0 0 * JAN,jul sun",
    "0 0 ? * 1-5",
    "0 12 ? JAN-DEC/3 *",
    // Where the reference is silent, leniency: a range that wraps, extra spaces.
    "0 22-2 * * *",
    " 0  1 * *\t? ",
  ],
  packageUrl: [
    // The CreateJob and DescribeJob references' examples.
    "http://myoss.oss-cn-hangzhou.aliyuncs.com/my-buc/2019-06-30/app.jar",
    "https://edas-bj.oss-cn-beijing.aliyuncs.com/apps/K8s_APP_ID/d4c97c37-aba3-403e-ae1e-6f7d8742/hello-sae.war",
    // An OSS signed URL, an address with a port, the examples' own.
    "https://acme.oss-cn-hangzhou.aliyuncs.com/app.jar?Expires=1700000000&OSSAccessKeyId=k&Signature=s%3D",
    "http://10.0.0.5:8080/app.jar",
    "https://acme-artifacts.oss-cn-hangzhou.aliyuncs.com/settlement/settlement-2.3.0.jar",
  ],
};

describe("values SAE takes stay accepted", () => {
  it.each(accepted.imageUrl)("imageUrl %s", async (imageUrl) => {
    expect((await check({ ...imageJob, imageUrl })).failures).toEqual([]);
  });
  it.each(accepted.cron)("a time trigger's config %j", async (config) => {
    const triggerConfig = { type: "time", config, timezone: "GMT+8:00" };
    expect((await check({ ...imageJob, triggerConfig })).failures).toEqual([]);
  });
  it.each(accepted.packageUrl)("packageUrl %s", async (packageUrl) => {
    const inputs = { ...fatJar, packageUrl, packageVersion: "1.0", jdk: "Open JDK 8" };
    expect((await check(inputs)).failures).toEqual([]);
  });
  it('"" for imageUrl and packageUrl, which means not set where the package type takes neither', async () => {
    const inputs = {
      ...fatJar,
      packageUrl: accepted.packageUrl[0],
      packageVersion: "1.0",
      jdk: "Open JDK 8",
      imageUrl: "",
    };
    expect((await check(inputs)).failures).toEqual([]);
    expect((await check({ ...imageJob, packageUrl: "" })).failures).toEqual([]);
  });
  it("an http trigger's config, as the reference shows it", async () => {
    const config = { type: "HTTPS", method: ["GET"], ip: [], referer: [], securityConfig: "none" };
    expect((await check({ ...imageJob, triggerConfig: { type: "http", config } })).failures).toEqual([]);
  });
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

describe("values SAE would refuse", () => {
  let stack: SaeStack;
  beforeAll(async () => {
    stack = await startSaeStack();
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("are refused in preview and in up, each naming the field and the rule, before any API call", async () => {
    const program = template({
      ...imageJob,
      imageUrl: "not a url!!",
      triggerConfig: { type: "time", config: "every night" },
    });
    for (const run of [() => stack.engine.preview(program), () => stack.engine.up(program)]) {
      const result = await run();
      expect(result.ok).toBe(false);
      const errors = result.errors.join("\n");
      expect(errors).toMatch(/imageUrl: must be a container image reference.* \(got "not a url!!"\)/);
      expect(errors).toMatch(/triggerConfig\.config: must be a cron schedule of 5 fields.*: it has 2 fields/);
    }
    expect(stack.emulator.requests).toEqual([]);
    expect(stack.engine.state).toEqual([]);
  });

  it("quote a URL without its query or password", async () => {
    const { failures } = await check({
      ...fatJar,
      packageUrl: "ftp://deploy:pa55word@files.example/app.jar?Signature=s1gn3d#frag",
      packageVersion: "1",
      jdk: "Open JDK 8",
    });
    const reason = failures.find((failure) => failure.property === "packageUrl")?.reason;
    expect(reason).toMatch(/: its scheme is ftp \(got "ftp:\/\/files\.example\/app\.jar"\)$/);
    const image = await check({ ...imageJob, imageUrl: "https://user:t0ken@registry.example/a:1?x=secret" });
    expect(JSON.stringify(image.failures)).toMatch(/\(got \\"https:\/\/registry\.example\/a:1\\"\)/);
    expect(JSON.stringify([reason, image.failures])).not.toMatch(/pa55word|s1gn3d|frag|t0ken|secret/);
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
