// CreateJob validation (documented codes) and how a created template reads back via DescribeJob.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import { call, callError, imageJob, startWithClient, type Params } from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
beforeAll(async () => ({ emulator, client } = await startWithClient()));
afterAll(() => emulator.stop());

const fatJar = (o: Params = {}): Params => ({
  AppName: "jar-job",
  PackageType: "FatJar",
  PackageUrl: "https://example.invalid/app.jar",
  PackageVersion: "1.0.0",
  Jdk: "Open JDK 8",
  Replicas: "2",
  Workload: "job",
  ...o,
});

const WITH_MESSAGE = "InvalidParameter.WithMessage";
const SPEC = "InvalidInstanceSpecification.Unsupported";

describe("rejected CreateJob requests", () => {
  // [name, params, HTTP status, code, message pattern]
  const rows: [string, Params, number, string, RegExp][] = [
    ["missing AppName", imageJob({ AppName: undefined }), 400, "InvalidParameter.NotEmpty", /AppName/],
    ["AppName starting with a digit", imageJob({ AppName: "1job" }), 400, WITH_MESSAGE, /\{AppName\}/],
    ["AppName with an underscore", imageJob({ AppName: "my_job" }), 400, WITH_MESSAGE, /\{AppName\}/],
    ["AppName of 37 characters", imageJob({ AppName: "a".repeat(37) }), 400, WITH_MESSAGE, /36/],
    ["AppDescription over 1024", imageJob({ AppDescription: "d".repeat(1025) }), 400, WITH_MESSAGE, /1024/],
    ["missing Replicas", imageJob({ Replicas: undefined }), 400, "InvalidParameter.NotEmpty", /Replicas/],
    ["Replicas 0", imageJob({ Replicas: "0" }), 400, WITH_MESSAGE, /\{Replicas\}/],
    ["Replicas not an integer", imageJob({ Replicas: "1.5" }), 400, WITH_MESSAGE, /\{Replicas\}/],
    ["missing Workload", imageJob({ Workload: undefined }), 400, "InvalidParameter.NotEmpty", /Workload/],
    ["Workload web", imageJob({ Workload: "web" }), 400, WITH_MESSAGE, /\{Workload\}/],
    [
      "missing PackageType",
      imageJob({ PackageType: undefined }),
      400,
      "InvalidParameter.NotEmpty",
      /PackageType/,
    ],
    ["unknown PackageType", imageJob({ PackageType: "Zip" }), 400, "InvalidPackageType.NotFound", /Zip/],
    [
      "Image without ImageUrl",
      imageJob({ ImageUrl: undefined }),
      400,
      "InvalidParameter.NotEmpty",
      /ImageUrl/,
    ],
    [
      "FatJar without PackageUrl",
      fatJar({ PackageUrl: undefined }),
      400,
      "InvalidParameter.NotEmpty",
      /PackageUrl/,
    ],
    [
      "FatJar without PackageVersion",
      fatJar({ PackageVersion: undefined }),
      400,
      "InvalidParameter.NotEmpty",
      /PackageVersion/,
    ],
    [
      "PythonZip without PackageUrl",
      fatJar({ PackageType: "PythonZip", PackageUrl: undefined }),
      400,
      "InvalidParameter.NotEmpty",
      /PackageUrl/,
    ],
    ["FatJar without Jdk", fatJar({ Jdk: undefined }), 400, "JarApplication.MissingJdk", /must contain JDK/],
    [
      "War without WebContainer",
      fatJar({ PackageType: "War" }),
      400,
      "WarApplication.MissingJdkWebcontainer",
      /JDK and Tomcat/,
    ],
    ["unknown Jdk", fatJar({ Jdk: "Open JDK 99" }), 400, "InvalidComponent.NotFound", /Open JDK 99/],
    [
      "Cpu/Memory pair not listed",
      imageJob({ Cpu: "500", Memory: "4096" }),
      400,
      SPEC,
      /CPU \[500\], memory \[4096\]/,
    ],
    ["Cpu 0", imageJob({ Cpu: "0", Memory: "2048" }), 400, SPEC, /CPU \[0\]/],
    ["Cpu without Memory", imageJob({ Cpu: "1000" }), 400, SPEC, /CPU \[1000\], memory \[\]/],
    ["Memory without Cpu", imageJob({ Memory: "2048" }), 400, SPEC, /CPU \[\], memory \[2048\]/],
    [
      "TerminationGracePeriodSeconds 0",
      imageJob({ TerminationGracePeriodSeconds: "0" }),
      400,
      WITH_MESSAGE,
      /TerminationGracePeriodSeconds/,
    ],
    [
      "TerminationGracePeriodSeconds 301",
      imageJob({ TerminationGracePeriodSeconds: "301" }),
      400,
      WITH_MESSAGE,
      /300/,
    ],
    [
      "ConcurrencyPolicy Sometimes",
      imageJob({ ConcurrencyPolicy: "Sometimes" }),
      400,
      WITH_MESSAGE,
      /ConcurrencyPolicy/,
    ],
    ["Envs not JSON", imageJob({ Envs: "name=x" }), 400, WITH_MESSAGE, /\{Envs\}/],
    ["Envs an object", imageJob({ Envs: '{"name":"x"}' }), 400, WITH_MESSAGE, /\{Envs\}.*array/],
    ["CommandArgs with a number", imageJob({ CommandArgs: '["a",1]' }), 400, WITH_MESSAGE, /CommandArgs/],
    ["TriggerConfig an array", imageJob({ TriggerConfig: "[]" }), 400, WITH_MESSAGE, /TriggerConfig/],
    ["PreStop not JSON", imageJob({ PreStop: "echo" }), 400, WITH_MESSAGE, /PreStop/],
    [
      "MountDesc in the docs' unquoted example syntax",
      imageJob({ MountDesc: '[{mountPath: "/tmp", nasPath: "/"}]' }),
      400,
      WITH_MESSAGE,
      /MountDesc/,
    ],
    [
      "OssMountDescs an object (form body)",
      imageJob({ OssMountDescs: '{"bucketName":"b"}' }),
      400,
      WITH_MESSAGE,
      /OssMountDescs/,
    ],
    [
      "ConfigMapMountDesc without configMapId (form body)",
      imageJob({ ConfigMapMountDesc: '[{"key":"k","mountPath":"/c"}]' }),
      400,
      WITH_MESSAGE,
      /ConfigMapMountDesc/,
    ],
    [
      "CustomHostAlias with a bad IP",
      imageJob({ CustomHostAlias: '[{"hostName":"db","ip":"300.1.1.1"}]' }),
      400,
      "InvalidHostnameIp.Invalid",
      /Hostname \[db\], IP \[300.1.1.1\]/,
    ],
    [
      "CustomHostAlias without hostName",
      imageJob({ CustomHostAlias: '[{"ip":"10.0.0.1"}]' }),
      400,
      "InvalidHostnameIp.Invalid",
      /IP \[10.0.0.1\]/,
    ],
    ["Slice not a boolean", imageJob({ Slice: "yes" }), 400, WITH_MESSAGE, /Slice/],
    [
      "EnableImageAccl not a boolean (form body)",
      imageJob({ EnableImageAccl: "1" }),
      400,
      WITH_MESSAGE,
      /EnableImageAccl/,
    ],
    [
      "uppercase NamespaceId",
      imageJob({ NamespaceId: "cn-hangzhou:Prod" }),
      400,
      "InvalidNamespace.WithUppercase",
      /uppercase/,
    ],
    [
      "NamespaceId in another region",
      imageJob({ NamespaceId: "cn-beijing:prod" }),
      404,
      "InvalidNamespaceId.NotFound",
      /cn-beijing:prod/,
    ],
    [
      "NamespaceId without region",
      imageJob({ NamespaceId: "prod" }),
      404,
      "InvalidNamespaceId.NotFound",
      /prod/,
    ],
    ["malformed VpcId", imageJob({ VpcId: "my-vpc" }), 404, "InvalidVpcId.NotFound", /my-vpc/],
  ];
  // Object rows: with tuple rows jest would hand a shorter row's test a `done` callback.
  const cases = rows.map(([name, params, status, code, message]) => ({
    name,
    params,
    status,
    code,
    message,
  }));

  test.each(cases)("$name", async ({ params, status, code, message }) => {
    const err = await callError(client, "CreateJob", params);
    expect([err.statusCode, err.code]).toEqual([status, code]);
    expect(err.data.Success).toBe(false);
    expect(typeof err.data.RequestId).toBe("string");
    expect(err.data.Message).toMatch(message);
  });

  test("nothing was created by the rejected requests", async () => {
    const list = await call(client, "ListJobs", { PageSize: "100" });
    expect(list.Data.TotalSize).toBe(0);
  });
});

describe("created templates", () => {
  test("the success envelope and Data {AppId, ChangeOrderId}", async () => {
    const body = await call(client, "CreateJob", imageJob({ AppName: "envelope" }));
    expect(body).toMatchObject({ Code: "200", Message: "success", Success: true });
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(typeof body.TraceId).toBe("string");
    expect(body.Data.AppId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.Data.ChangeOrderId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("DescribeJob returns typed values, mount arrays, re-serialized JSON text and defaults", async () => {
    const created = await call(
      client,
      "CreateJob",
      imageJob({
        AppName: "full-template",
        NamespaceId: "cn-hangzhou:team-a",
        Cpu: "2000",
        Memory: "4096",
        Replicas: "3",
        Envs: '[ {"name":"A", "value":"1"} ]',
        CommandArgs: '["-c", "echo hi"]',
        MountDesc: '[{"mountPath":"/data","nasPath":"/share"}]',
        NasId: "nas-1",
        MountHost: "nas-1.example.invalid",
        ConfigMapMountDesc: '[{"configMapId":16,"key":"app.yaml","mountPath":"/etc/app"}]',
        OssMountDescs: '[{"bucketName":"bk","bucketPath":"data/","mountPath":"/oss","readOnly":true}]',
        OssAkId: "oss-ak",
        OssAkSecret: "oss-secret",
        TriggerConfig: '{"type":"time","config":"0 1 */1 * ?","timezone":"GMT+8:00"}',
        ConcurrencyPolicy: "Forbid",
        Timeout: "3600",
        BackoffLimit: "3",
        Slice: "true",
        SliceEnvs: "[0, 1, 2]",
        TomcatConfig: '{"port":8080}',
        AutoConfig: "false",
        EnableImageAccl: "true",
      }),
    );
    const { Data: d } = await call(client, "DescribeJob", { AppId: created.Data.AppId });
    expect(d).toMatchObject({
      AppId: created.Data.AppId,
      AppName: "full-template",
      RegionId: "cn-hangzhou",
      NamespaceId: "cn-hangzhou:team-a",
      PackageType: "Image",
      ImageUrl: "registry.cn-hangzhou.aliyuncs.com/demo/report:1.0",
      Cpu: 2000,
      Memory: 4096,
      Replicas: 3,
      Timeout: 3600,
      BackoffLimit: 3,
      Slice: true,
      Suspend: false,
      Tags: [],
      RefedAppIds: [],
      PublicWebHookUrls: [],
      VpcWebHookUrls: [],
      Envs: '[{"name":"A","value":"1"}]',
      CommandArgs: '["-c","echo hi"]',
      SliceEnvs: "[0,1,2]",
      TomcatConfig: '{"port":8080}',
      TriggerConfig: '{"type":"time","config":"0 1 */1 * ?","timezone":"GMT+8:00"}',
      MountDesc: [{ MountPath: "/data", NasPath: "/share" }],
      ConfigMapMountDesc: [
        { ConfigMapId: 16, ConfigMapName: "configmap-16", Key: "app.yaml", MountPath: "/etc/app" },
      ],
      OssMountDescs: [{ bucketName: "bk", bucketPath: "data/", mountPath: "/oss", readOnly: true }],
      OssAkId: "oss-ak",
      OssAkSecret: "oss-secret",
      NasId: "nas-1",
      MountHost: "nas-1.example.invalid",
      ConcurrencyPolicy: "Forbid",
      Timezone: "Asia/Shanghai",
      TerminationGracePeriodSeconds: 30,
    });
    expect(d.VpcId).toMatch(/^vpc-emu[0-9a-f]+$/);
    expect(d.VSwitchId).toMatch(/^vsw-emu[0-9a-f]+$/);
    // Stored but not part of DescribeJob's documented shape.
    for (const hidden of ["AutoConfig", "EnableImageAccl", "Workload", "Php"]) {
      expect(d).not.toHaveProperty(hidden);
    }
    // Never set: not returned.
    for (const unset of ["Command", "PreStop", "SlsConfigs", "Jdk", "CustomHostAlias"]) {
      expect(d).not.toHaveProperty(unset);
    }
  });

  test("the default spec is 1000 millicores / 2048 MB and the default namespace is the region", async () => {
    const created = await call(client, "CreateJob", imageJob({ AppName: "defaults" }));
    const { Data: d } = await call(client, "DescribeJob", { AppId: created.Data.AppId });
    expect([d.Cpu, d.Memory, d.NamespaceId]).toEqual([1000, 2048, "cn-hangzhou"]);
  });

  test("VPC and vSwitch defaults are derived from the namespace; given ones are kept", async () => {
    const a = await call(client, "CreateJob", imageJob({ AppName: "net-a", NamespaceId: "cn-hangzhou:net" }));
    const b = await call(client, "CreateJob", imageJob({ AppName: "net-b", NamespaceId: "cn-hangzhou:net" }));
    const c = await call(
      client,
      "CreateJob",
      imageJob({ AppName: "net-c", VpcId: "vpc-mine1", VSwitchId: "vsw-mine1" }),
    );
    const [da, db, dc] = await Promise.all(
      [a, b, c].map(async (x) => (await call(client, "DescribeJob", { AppId: x.Data.AppId })).Data),
    );
    expect(da.VpcId).toBe(db.VpcId);
    expect(da.VpcId).not.toBe(
      (
        await call(client, "DescribeJob", {
          AppId: (await call(client, "CreateJob", imageJob({ AppName: "net-d" }))).Data.AppId,
        })
      ).Data.VpcId,
    );
    expect([dc.VpcId, dc.VSwitchId]).toEqual(["vpc-mine1", "vsw-mine1"]);
  });

  test("an http trigger gets obviously fake webhook URLs", async () => {
    const created = await call(
      client,
      "CreateJob",
      imageJob({
        AppName: "hooked",
        TriggerConfig: '{"type":"http","config":{"type":"HTTPS","method":["GET"]}}',
      }),
    );
    const { Data: d } = await call(client, "DescribeJob", { AppId: created.Data.AppId });
    expect(d.PublicWebHookUrls).toHaveLength(1);
    expect(d.PublicWebHookUrls[0]).toMatch(/^https:\/\/webhook\.sae\.emulator\.invalid\//);
    expect(d.VpcWebHookUrls[0]).toMatch(/\.invalid\//);
  });

  test("a FatJar template returns Jdk; ImageUrl is returned only for Image (CreateJob.txt)", async () => {
    const created = await call(
      client,
      "CreateJob",
      fatJar({ AppName: "jar-read", ImageUrl: "ignored/image:1" }),
    );
    const { Data: d } = await call(client, "DescribeJob", { AppId: created.Data.AppId });
    expect(d).toMatchObject({
      PackageType: "FatJar",
      Jdk: "Open JDK 8",
      PackageVersion: "1.0.0",
      Replicas: 2,
    });
    expect(d).not.toHaveProperty("ImageUrl");
  });

  test("RefedAppIds lists templates whose RefAppId names this one", async () => {
    const base = await call(client, "CreateJob", imageJob({ AppName: "ref-base" }));
    const user = await call(
      client,
      "CreateJob",
      imageJob({ AppName: "ref-user", RefAppId: base.Data.AppId }),
    );
    const { Data: d } = await call(client, "DescribeJob", { AppId: base.Data.AppId });
    expect(d.RefedAppIds).toEqual([user.Data.AppId]);
  });

  test("a duplicate AppName in the same namespace is InvalidAppName.AlreadyExists; another namespace is fine", async () => {
    await call(client, "CreateJob", imageJob({ AppName: "twin" }));
    const err = await callError(client, "CreateJob", imageJob({ AppName: "twin" }));
    expect([err.statusCode, err.code]).toEqual([400, "InvalidAppName.AlreadyExists"]);
    const other = await call(
      client,
      "CreateJob",
      imageJob({ AppName: "twin", NamespaceId: "cn-hangzhou:other" }),
    );
    expect(other.Success).toBe(true);
  });

  test("parameters arrive where OPERATIONS.md puts them (form body vs query)", async () => {
    emulator.clearRequests();
    await call(client, "CreateJob", imageJob({ AppName: "placement", OssAkSecret: "s", Envs: "[]" }));
    const [rec] = emulator.requestsFor("CreateJob");
    expect(rec.body).toEqual({ OssAkSecret: "s" });
    expect(rec.query).toMatchObject({ AppName: "placement", Envs: "[]", Workload: "job" });
    expect(rec.params).toMatchObject({ AppName: "placement", OssAkSecret: "s" });
  });

  test("DescribeJob of an unknown AppId is 404 InvalidAppId.NotFound; a missing AppId is NotEmpty", async () => {
    const err = await callError(client, "DescribeJob", { AppId: "00000000-0000-0000-0000-000000000000" });
    expect([err.statusCode, err.code]).toEqual([404, "InvalidAppId.NotFound"]);
    const missing = await callError(client, "DescribeJob", {});
    expect([missing.statusCode, missing.code]).toEqual([400, "InvalidParameter.NotEmpty"]);
  });
});
