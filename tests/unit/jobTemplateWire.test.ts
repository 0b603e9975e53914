import { jobTemplateParameters, jobTemplateTable } from "../../provider/schema/jobTemplateParameters";
import { unknownValue } from "../../provider/schema/shapes";
import { diffJobTemplate, jobTemplateChanges } from "../../provider/resources/jobTemplate/changes";
import { createJobRequest, updateJobParams } from "../../provider/resources/jobTemplate/wire";
import { inputsFromOutputs, outputsFromAnswer } from "../../provider/resources/table/readBack";

const base = {
  appName: "nightly",
  packageType: "Image",
  imageUrl: "registry.example/acme/job:1",
  replicas: 1,
};

describe("createJobRequest", () => {
  it("encodes scalars as text and structures as JSON, leaving out what is not set", () => {
    const request = createJobRequest({
      ...base,
      envs: [{ name: "A", value: "1" }],
      slice: false,
      command: "",
      slsConfigs: [],
      mountDesc: [{ mountPath: "/m", nasPath: "/" }],
      __provider: "ignored",
    });
    expect(request).toEqual({
      AppName: "nightly",
      PackageType: "Image",
      ImageUrl: "registry.example/acme/job:1",
      Replicas: "1",
      Envs: '[{"name":"A","value":"1"}]',
      Slice: "false",
      MountDesc: '[{"mountPath":"/m","nasPath":"/"}]',
    });
  });

  it("leaves UpdateJob-only parameters and SuspendJob's for after creation", () => {
    const request = createJobRequest({ ...base, php: "PHP-7.3", suspend: true });
    expect(request).not.toHaveProperty("Php");
    expect(request).not.toHaveProperty("Suspend");
  });
});

describe("updateJobParams", () => {
  const olds = {
    ...base,
    nasId: "nas-1",
    mountHost: "nas-1.example",
    mountDesc: [{ mountPath: "/m", nasPath: "/" }],
    slsConfigs: [{ logDir: "", logType: "stdout" }],
    envs: [{ name: "A", value: "1" }],
    terminationGracePeriodSeconds: 10,
    timeout: 600,
  };

  it('sends only what changed, and "" / [] / defaults for what was removed', () => {
    const news = { ...base, envs: [{ name: "A", value: "2" }] };
    expect(updateJobParams(jobTemplateChanges(olds, news))).toEqual({
      NasId: "",
      MountHost: "",
      MountDesc: "",
      SlsConfigs: "",
      Envs: '[{"name":"A","value":"2"}]',
      TerminationGracePeriodSeconds: "30",
    });
  });

  it("sends nothing when nothing changed, whatever spelling SAE returned", () => {
    const outputs = {
      ...olds,
      timezone: "Asia/Shanghai",
      tomcatConfig: {
        port: 8080,
        contextPath: "/",
        maxThreads: 400,
        uriEncoding: "ISO-8859-1",
        useBodyEncodingForUri: true,
      },
    };
    const news = { ...olds, tomcatConfig: { port: 8080 }, slsConfigs: '[{"logType":"stdout","logDir":""}]' };
    expect(jobTemplateChanges(outputs, news)).toEqual([]);
  });

  it("never sends create-only parameters", () => {
    expect(
      updateJobParams(
        jobTemplateChanges({ ...base, cpu: 500, memory: 1024 }, { ...base, cpu: 1000, memory: 2048 }),
      ),
    ).toEqual({});
  });
});

describe("diffJobTemplate", () => {
  const createOnly = {
    appName: "renamed",
    appDescription: "new words",
    autoConfig: true,
    cpu: 2000,
    memory: 4096,
    namespaceId: "cn-hangzhou:other",
    packageType: "FatJar",
    securityGroupId: "sg-2",
    vSwitchId: "vsw-2",
    vpcId: "vpc-2",
  } as const;

  it.each(Object.entries(createOnly))("replaces the template when %s changes", (name, value) => {
    const olds = {
      ...base,
      cpu: 1000,
      memory: 2048,
      namespaceId: "cn-hangzhou",
      vpcId: "vpc-1",
      vSwitchId: "vsw-1",
      securityGroupId: "sg-1",
    };
    const diff = diffJobTemplate(olds, { ...olds, [name]: value });
    expect(diff).toMatchObject({ changes: true, replaces: [name] });
  });

  it("deletes first when the replacement keeps the name and namespace, creates first otherwise", () => {
    const olds = { ...base, namespaceId: "cn-hangzhou:a", cpu: 1000, memory: 2048 };
    expect(diffJobTemplate(olds, { ...base, cpu: 2000, memory: 4096 }).deleteBeforeReplace).toBe(true);
    expect(
      diffJobTemplate(olds, { ...olds, appName: "other", cpu: 2000, memory: 4096 }).deleteBeforeReplace,
    ).toBe(false);
    expect(diffJobTemplate(olds, { ...olds, namespaceId: "cn-hangzhou:b" }).deleteBeforeReplace).toBe(false);
  });

  it("updates in place for other parameters", () => {
    expect(diffJobTemplate(base, { ...base, imageUrl: "registry.example/acme/job:2" })).toEqual({
      changes: true,
      replaces: [],
      updates: ["imageUrl"],
      deleteBeforeReplace: false,
    });
  });

  it("treats documented defaults, and values SAE chooses when omitted, as no change", () => {
    const outputs = {
      ...base,
      timezone: "Asia/Shanghai",
      terminationGracePeriodSeconds: 30,
      slice: false,
      vpcId: "vpc-x",
      timeout: 3600,
    };
    expect(diffJobTemplate(outputs, base).changes).toBe(false);
  });

  it("reports an unknown create-only value as a replacement", () => {
    expect(diffJobTemplate(base, { ...base, appName: unknownValue })).toMatchObject({
      replaces: ["appName"],
    });
  });
});

describe("outputsFromAnswer (DescribeJob)", () => {
  const described = {
    AppId: "app-1",
    AppName: "nightly",
    PackageType: "Image",
    ImageUrl: "img",
    Replicas: 2,
    MountDesc: [{ MountPath: "/m", NasPath: "/" }],
    ConfigMapMountDesc: [{ ConfigMapId: 7, ConfigMapName: "cm", Key: "k", MountPath: "/etc/k" }],
    OssMountDescs: [{ bucketName: "b", bucketPath: "p", mountPath: "/o", readOnly: true }],
    Envs: '[{"name":"A","value":"1"}]',
    TriggerConfig: '{"type":"time","config":"0 1 * * ?","timezone":"GMT+8:00"}',
    OssAkSecret: "s3cret",
    Suspend: false,
    RegionId: "cn-hangzhou",
    RefedAppIds: [],
  };

  it("reads DescribeJob's arrays and JSON text back into the shape programs write", () => {
    const outputs = outputsFromAnswer(jobTemplateTable, described, { autoConfig: true });
    expect(outputs).toMatchObject({
      appId: "app-1",
      replicas: 2,
      mountDesc: [{ mountPath: "/m", nasPath: "/" }],
      configMapMountDesc: [{ configMapId: 7, key: "k", mountPath: "/etc/k" }],
      ossMountDescs: [{ bucketName: "b", bucketPath: "p", mountPath: "/o", readOnly: true }],
      envs: [{ name: "A", value: "1" }],
      triggerConfig: { type: "time", config: "0 1 * * ?", timezone: "GMT+8:00" },
      suspend: false,
      autoConfig: true,
      regionId: "cn-hangzhou",
      publicWebHookUrls: [],
    });
  });

  it("reports read inputs without secrets or defaults", () => {
    const inputs = inputsFromOutputs(jobTemplateTable, outputsFromAnswer(jobTemplateTable, described, {}));
    expect(inputs).not.toHaveProperty("ossAkSecret");
    expect(inputs).not.toHaveProperty("suspend");
    expect(inputs).not.toHaveProperty("appId");
    expect(inputs).toMatchObject({ appName: "nightly", replicas: 2 });
  });
});

it("names every parameter of the table in one place only", () => {
  expect(Object.keys(jobTemplateParameters)).toHaveLength(
    new Set(Object.values(jobTemplateParameters).map((p) => p.api)).size,
  );
});
