/**
 * `getJobTemplate` in a program: by ID and by name (exactly, in a namespace or across the region),
 * reading what a JobTemplate outputs, with the OSS keys secret; and the errors a program sees when
 * no template, or more than one, matches.
 */
import { output } from "@pulumi/pulumi/output";
import { Engine, runProgram } from "../../harness";
import { getJobTemplate, getJobTemplateOutput, JobTemplate, SaeLookupError } from "../../provider";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";
import { createOutOfBand, inProgram, programError, unwrap } from "./support";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack?.dispose();
});

const withOss = {
  ...imageJob,
  appName: "oss-job",
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss" }],
  ossAkId: "LTAI-oss-key-id",
  ossAkSecret: "oss-secret-value",
};

/** Errors name the operation and IDs, never a URL or a query string. */
function expectNoUrl(message: string): void {
  expect(message).not.toMatch(/https?:\/\/|127\.0\.0\.1|[?&][A-Za-z]+=/);
}

describe("by ID", () => {
  it("reads what a JobTemplate outputs, in a preview too, with one DescribeJob", async () => {
    // Another stack manages it; this one only looks it up.
    const other = new Engine({ host: stack.host, project: "other", stack: "prod", config: stack.config });
    const args = {
      ...imageJob,
      envs: [{ name: "REPORT_BUCKET", value: "acme-reports" }],
      triggerConfig: { type: "time" as const, config: "0 2 * * ?", timezone: "GMT+8:00" },
      slsConfigs: [{ logDir: "", logType: "stdout" as const }],
    };
    expect((await other.up(template(args))).errors).toEqual([]);
    const { id: appId, outputs } = other.state[0];
    stack.emulator.clearRequests();

    const found = await inProgram(stack, () => getJobTemplate({ appId }));
    const { __provider, ...managed } = outputs;
    expect(__provider).toBeDefined();
    expect(found).toEqual(managed);
    expect(found).toMatchObject({ appId, appName: imageJob.appName, imageUrl: imageJob.imageUrl });
    expect(stack.sent("DescribeJob")).toEqual([{ AppId: appId }]);

    let previewed: unknown;
    expect(
      (await stack.engine.preview(async () => void (previewed = await getJobTemplate({ appId })))).ok,
    ).toBe(true);
    expect(previewed).toEqual(managed);
  });

  it("says no job template has that AppId", async () => {
    const message = await programError(stack, () =>
      getJobTemplate({ appId: "0f1c0000-dead-beef-0000-000000000000" }),
    );
    expect(message).toContain(
      "getJobTemplate: no job template with AppId 0f1c0000-dead-beef-0000-000000000000 exists " +
        "(DescribeJob answered InvalidAppId.NotFound)",
    );
    expectNoUrl(message);
  });

  it("refuses arguments that name no template, or two ways at once, before any call", async () => {
    expect(await programError(stack, () => getJobTemplate({} as never))).toContain(
      "getJobTemplate: give appId, or appName (with namespaceId if need be)",
    );
    expect(await programError(stack, () => getJobTemplate({ appId: "x", appName: "y" } as never))).toContain(
      "getJobTemplate: give appId alone, or appName (with namespaceId if need be)",
    );
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe("by name", () => {
  it("matches the name exactly, though ListJobs matches it loosely", async () => {
    const appId = await createOutOfBand(stack, imageJob);
    await createOutOfBand(stack, { ...imageJob, appName: `${imageJob.appName}-v2` });
    const found = await inProgram(stack, () => getJobTemplate({ appName: imageJob.appName }));
    expect(found).toMatchObject({ appId, appName: imageJob.appName });
    expect(stack.sent("ListJobs")).toEqual([
      { AppName: imageJob.appName, CurrentPage: "1", PageSize: "200", Workload: "job" },
    ]);
    expect(stack.sent("DescribeJob")).toEqual([{ AppId: appId }]);
  });

  describe("with the same name in two namespaces", () => {
    let inA: string;
    let inB: string;
    beforeEach(async () => {
      inA = await createOutOfBand(stack, {
        ...imageJob,
        appName: "shared",
        namespaceId: "cn-hangzhou:team-a",
      });
      inB = await createOutOfBand(stack, {
        ...imageJob,
        appName: "shared",
        namespaceId: "cn-hangzhou:team-b",
      });
    });

    it("finds the one in the namespace given", async () => {
      const found = await inProgram(stack, () =>
        getJobTemplate({ appName: "shared", namespaceId: "cn-hangzhou:team-b" }),
      );
      expect(found).toMatchObject({ appId: inB, namespaceId: "cn-hangzhou:team-b" });
      expect(stack.sent("ListJobs")).toEqual([
        {
          AppName: "shared",
          NamespaceId: "cn-hangzhou:team-b",
          CurrentPage: "1",
          PageSize: "200",
          Workload: "job",
        },
      ]);
    });

    it("says the name is not unique without a namespace, naming the namespaces", async () => {
      const message = await programError(stack, () => getJobTemplate({ appName: "shared" }));
      expect(message).toContain(
        'getJobTemplate: the job template name "shared" is not unique: templates of that name exist in ' +
          `namespaces cn-hangzhou:team-a (AppId ${inA}), cn-hangzhou:team-b (AppId ${inB}). ` +
          "Give namespaceId to say which one is meant.",
      );
      expectNoUrl(message);
      const reason = await inProgram(stack, () =>
        getJobTemplate({ appName: "shared" }).then(
          () => "found",
          (error: unknown) => error instanceof SaeLookupError && error.reason,
        ),
      );
      expect(reason).toBe("not-unique");
      expect(stack.sent("DescribeJob")).toEqual([]);
    });
  });

  it("says no job template of that name exists, in the namespace or in the region", async () => {
    await createOutOfBand(stack, { ...imageJob, appName: "present", namespaceId: "cn-hangzhou:team-a" });
    expect(
      await programError(stack, () =>
        getJobTemplate({ appName: "present", namespaceId: "cn-hangzhou:team-b" }),
      ),
    ).toContain('getJobTemplate: no job template named "present" exists in namespace cn-hangzhou:team-b');
    expect(await programError(stack, () => getJobTemplate({ appName: "absent" }))).toContain(
      'getJobTemplate: no job template named "absent" exists in any namespace of the region',
    );
    stack.engine.setConfig("sae:region", "cn-hangzhou");
    try {
      const message = await programError(stack, () => getJobTemplate({ appName: "absent" }));
      expect(message).toContain(
        'no job template named "absent" exists in any namespace of region cn-hangzhou',
      );
      expectNoUrl(message);
    } finally {
      stack.engine.setConfig("sae:region", undefined);
    }
  });
});

describe("secret fields", () => {
  let appId: string;
  beforeEach(async () => {
    appId = await createOutOfBand(stack, withOss);
  });

  it("come back as secret Outputs, the rest as plain values", async () => {
    const seen = await inProgram(stack, async () => {
      const found = await getJobTemplate({ appId });
      return {
        ossAkId: await unwrap(found.ossAkId!),
        ossAkSecret: await unwrap(found.ossAkSecret!),
        appName: found.appName,
        ossMountDescs: found.ossMountDescs,
        printed: JSON.stringify(found),
      };
    });
    expect(seen).toMatchObject({
      ossAkId: { value: "LTAI-oss-key-id", secret: true },
      ossAkSecret: { value: "oss-secret-value", secret: true },
      appName: "oss-job",
      ossMountDescs: withOss.ossMountDescs,
    });
    expect(seen.printed).not.toMatch(/oss-secret-value|LTAI-oss-key-id/);
  });

  it("stay secret when the program passes them on to a resource", async () => {
    const [copy] = await runProgram(
      async () => {
        const found = await getJobTemplate({ appId });
        new JobTemplate("copy", {
          ...imageJob,
          appName: "oss-job-copy",
          ossMountDescs: found.ossMountDescs,
          ossAkId: found.ossAkId,
          ossAkSecret: found.ossAkSecret,
        });
      },
      { config: stack.config },
    );
    expect(copy.secretInputs.sort()).toEqual(["ossAkId", "ossAkSecret"]);
  });

  it("make the Output form secret as a whole, and only then", async () => {
    const plainId = await createOutOfBand(stack, imageJob);
    const seen = await inProgram(stack, async () => ({
      withOss: await unwrap(getJobTemplateOutput({ appId: output(appId) })),
      plain: await unwrap(getJobTemplateOutput({ appId: plainId })),
    }));
    expect(seen.withOss.secret).toBe(true);
    expect(seen.withOss.value).toMatchObject({ appId, ossAkSecret: "oss-secret-value" });
    expect(seen.plain).toEqual({ value: expect.objectContaining({ appId: plainId }), secret: false });
  });
});
