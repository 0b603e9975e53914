// Emulator fidelity: strict parameter placement, answer shapes the official SDK's models expect
// (DescribeChangeOrder, ListJobs), and UpdateJob clears the emulator can be told to ignore.

import type OpenApi from "@alicloud/openapi-client";
import type { Emulator } from "../../emulator";
import {
  call,
  callPlaced,
  createReady,
  imageJob,
  makeClient,
  sendRaw,
  signedWithFormBody,
  type ManualClock,
  startWithClient,
  type Body,
  type CallError,
} from "./signedClient";

let emulator: Emulator;
let client: OpenApi;
let clock: ManualClock;
beforeAll(async () => ({ emulator, client, clock } = await startWithClient({ changeOrderDurationMs: 100 })));
afterAll(() => emulator.stop());
afterEach(() => emulator.ignoreClears([]));

let counter = 0;
const uniqueName = () => `fid-${++counter}`;

/** A callPlaced that must fail; resolves to the SDK error's code, status and body. */
async function placedError(
  action: string,
  placed: Parameters<typeof callPlaced>[2],
  on: OpenApi = client,
): Promise<CallError> {
  const outcome = await callPlaced(on, action, placed).then(
    (body: Body) => ({ ok: true as const, body }),
    (e: unknown) => ({ ok: false as const, e: e as Partial<CallError> }),
  );
  if (outcome.ok) {
    throw new Error(`expected ${action} to fail, it answered ${JSON.stringify(outcome.body)}`);
  }
  if (outcome.e.statusCode === undefined) {
    throw outcome.e as Error;
  }
  return { code: outcome.e.code!, statusCode: outcome.e.statusCode, data: outcome.e.data! };
}

async function templateCount(): Promise<number> {
  return (await call(client, "ListJobs", { PageSize: "100" })).Data.TotalSize as number;
}

describe("parameters in the wrong place are refused", () => {
  test.each([
    ["AcrInstanceId", "cri-1"],
    ["ConfigMapMountDesc", '[{"configMapId":"7","key":"k","mountPath":"/c"}]'],
    ["EnableImageAccl", "true"],
    ["OssAkId", "ak-1"],
    ["OssAkSecret", "top-secret-value"],
    ["OssMountDescs", '[{"bucketName":"bk","mountPath":"/oss"}]'],
    ["PhpConfig", "memory_limit=1G"],
  ])("CreateJob with the form-body parameter %s in the query", async (name, value) => {
    const before = await templateCount();
    const err = await placedError("CreateJob", { query: imageJob({ AppName: uniqueName(), [name]: value }) });
    expect([err.statusCode, err.code]).toEqual([400, "InvalidParameter"]);
    expect(err.data.Message).toBe(
      `The parameter ${name} of CreateJob must be sent in the form body, not in the URL query.`,
    );
    expect(err.data).toMatchObject({ Parameter: name, ExpectedLocation: "body" });
    // Never echo the value: it may be a secret.
    expect(JSON.stringify(err.data)).not.toContain(value);
    expect(await templateCount()).toBe(before);
    expect(emulator.requestsFor("CreateJob").at(-1)).toMatchObject({ status: 400, code: "InvalidParameter" });
  });

  test("CreateJob with a query parameter (AppName, Replicas) in the form body", async () => {
    const { AppName, ...rest } = imageJob({ AppName: uniqueName() });
    const err = await placedError("CreateJob", { query: rest, body: { AppName } });
    expect([err.statusCode, err.code]).toEqual([400, "InvalidParameter"]);
    expect(err.data.Message).toBe(
      "The parameter AppName of CreateJob must be sent in the URL query, not in the form body.",
    );
    expect(err.data).toMatchObject({ Parameter: "AppName", ExpectedLocation: "query" });

    const { Replicas, ...noReplicas } = imageJob({ AppName: uniqueName() });
    const err2 = await placedError("CreateJob", { query: noReplicas, body: { Replicas, OssAkId: "ak" } });
    expect(err2.data.Parameter).toBe("Replicas");
  });

  test("UpdateJob: Php belongs in the body, AppId and the rest in the query", async () => {
    const appId = await createReady(client, imageJob({ AppName: uniqueName() }), clock, 100);
    const php = await placedError("UpdateJob", { query: { AppId: appId, Php: "PHP-FPM 7.3" } });
    expect([php.statusCode, php.code, php.data.Parameter]).toEqual([400, "InvalidParameter", "Php"]);
    const appIdInBody = await placedError("UpdateJob", { body: { AppId: appId, OssAkId: "ak" } });
    expect([appIdInBody.code, appIdInBody.data.Parameter]).toEqual(["InvalidParameter", "AppId"]);
    const envs = await placedError("UpdateJob", { query: { AppId: appId }, body: { Envs: "[]" } });
    expect(envs.data.Parameter).toBe("Envs");
    // A name no operation knows is not a form-body parameter either.
    const unknown = await placedError("UpdateJob", { query: { AppId: appId }, body: { Bogus: "1" } });
    expect(unknown.data.Parameter).toBe("Bogus");
    // Nothing changed, so the template takes a correct update at once (no change order running).
    const ok = await callPlaced(client, "UpdateJob", {
      query: { AppId: appId, Replicas: "2" },
      body: { Php: "PHP-FPM 7.3", OssAkSecret: "s" },
    });
    expect(ok.Success).toBe(true);
  });

  test("a form body on a GET or DELETE is read and refused, not ignored", async () => {
    const appId = await createReady(client, imageJob({ AppName: uniqueName() }), clock, 100);
    const del = await sendRaw(
      emulator,
      await signedWithFormBody(emulator, "DeleteJob", {}, { AppId: appId }),
    );
    expect([del.status, del.json.Code, del.json.Parameter, del.json.ExpectedLocation]).toEqual([
      400,
      "InvalidParameter",
      "AppId",
      "query",
    ]);
    expect(del.json.Message).toBe(
      "The parameter AppId of DeleteJob must be sent in the URL query, not in the form body.",
    );
    const get = await sendRaw(
      emulator,
      await signedWithFormBody(emulator, "DescribeJob", { AppId: appId }, { JobId: "manual-x" }),
    );
    expect([get.status, get.json.Code, get.json.Parameter]).toEqual([400, "InvalidParameter", "JobId"]);
    // The template is still there.
    expect((await call(client, "DescribeJob", { AppId: appId })).Data.AppId).toBe(appId);
  });

  test("correctly placed parameters pass, for every form-body parameter at once", async () => {
    const created = await callPlaced(client, "CreateJob", {
      query: imageJob({ AppName: uniqueName() }),
      body: {
        AcrInstanceId: "cri-1",
        ConfigMapMountDesc: '[{"configMapId":"7","key":"k","mountPath":"/c"}]',
        EnableImageAccl: "true",
        OssAkId: "ak-1",
        OssAkSecret: "sk-1",
        OssMountDescs: '[{"bucketName":"bk","mountPath":"/oss"}]',
        PhpConfig: "memory_limit=1G",
      },
    });
    expect(created.Success).toBe(true);
  });

  test("placement is checked only after the signature: a bad signature is still SignatureDoesNotMatch", async () => {
    const bad = makeClient({ ...emulator, accessKeySecret: "not-the-secret" });
    const err = await placedError("CreateJob", { query: imageJob({ OssAkSecret: "s" }) }, bad);
    expect(err.code).toBe("SignatureDoesNotMatch");
  });
});

describe("DescribeChangeOrder matches the official SDK's model", () => {
  /** Field types of DescribeChangeOrderResponseBodyData and its Pipelines, as the SDK declares them. */
  const dataTypes: Record<string, string> = {
    AppId: "string",
    AppName: "string",
    BatchCount: "number",
    BatchType: "string",
    ChangeOrderId: "string",
    CoType: "string",
    CoTypeCode: "string",
    CreateTime: "string",
    CurrentPipelineId: "string",
    Description: "string",
    ErrorMessage: "string",
    Status: "number",
    SubStatus: "number",
    SupportRollback: "boolean",
  };
  const pipelineTypes: Record<string, string> = {
    BatchType: "number",
    ParallelCount: "number",
    PipelineId: "string",
    PipelineName: "string",
    StartTime: "number",
    Status: "number",
    UpdateTime: "number",
  };

  function expectTypes(obj: Record<string, unknown>, types: Record<string, string>): void {
    for (const [name, type] of Object.entries(types)) {
      if (obj[name] !== undefined) {
        expect([name, typeof obj[name]]).toEqual([name, type]);
      }
    }
  }

  test("pipeline times are epoch milliseconds (numbers) while running and once finished", async () => {
    const before = clock.now();
    const created = await call(client, "CreateJob", imageJob({ AppName: uniqueName() }));
    const id = created.Data.ChangeOrderId as string;
    const running = (await call(client, "DescribeChangeOrder", { ChangeOrderId: id })).Data;
    expectTypes(running, dataTypes);
    expect(running.Pipelines).toHaveLength(1);
    const [p] = running.Pipelines as Record<string, number>[];
    expectTypes(p, pipelineTypes);
    expect(p.StartTime).toBeGreaterThanOrEqual(before);
    expect(p.UpdateTime).toBeGreaterThanOrEqual(p.StartTime);
    expect(p.UpdateTime).toBeLessThanOrEqual(clock.now());

    clock.advance(100);
    const done = (await call(client, "DescribeChangeOrder", { ChangeOrderId: id })).Data;
    expectTypes(done, dataTypes);
    const [q] = done.Pipelines as Record<string, number>[];
    expectTypes(q, pipelineTypes);
    expect(done.Status).toBe(2);
    // Once finished, UpdateTime is the finish time and no longer moves.
    expect(q.UpdateTime).toBe(q.StartTime + 100);
    expect(q.StartTime).toBe(p.StartTime);
  });
});

describe("ListJobs carries the paging fields at the top level too", () => {
  test("CurrentPage, PageSize, TotalSize at the top level equal Data's", async () => {
    await call(client, "CreateJob", imageJob({ AppName: uniqueName() }));
    await call(client, "CreateJob", imageJob({ AppName: uniqueName() }));
    const body = await call(client, "ListJobs", { CurrentPage: "2", PageSize: "1" });
    expect(body).toMatchObject({ CurrentPage: 2, PageSize: 1, TotalSize: body.Data.TotalSize });
    expect(body.Data).toMatchObject({ CurrentPage: 2, PageSize: 1 });
    expect(body.TotalSize).toBeGreaterThanOrEqual(2);
    expect(body.Data.Applications).toHaveLength(1);
  });

  test("other operations do not gain paging fields", async () => {
    const created = await call(client, "CreateJob", imageJob({ AppName: uniqueName() }));
    expect(created).not.toHaveProperty("TotalSize");
    expect(created).not.toHaveProperty("CurrentPage");
  });
});

describe("ignored clears (SAE keeping a value it was told to clear)", () => {
  const alias = '[{"hostName":"db","ip":"10.0.0.1"}]';

  async function describeJob(appId: string, on: OpenApi = client) {
    return (await call(on, "DescribeJob", { AppId: appId })).Data;
  }

  test("the ignoreClears start option keeps CustomHostAlias; other clears still apply", async () => {
    const started = await startWithClient({ changeOrderDurationMs: 50, ignoreClears: ["CustomHostAlias"] });
    try {
      const appId = await createReady(
        started.client,
        imageJob({ AppName: "keep-alias", CustomHostAlias: alias, Command: "run.sh" }),
        started.clock,
        50,
      );
      const updated = await call(started.client, "UpdateJob", {
        AppId: appId,
        CustomHostAlias: "",
        Command: "",
      });
      expect(updated.Success).toBe(true);
      const job = await describeJob(appId, started.client);
      expect(job.CustomHostAlias).toBe(alias);
      expect(job).not.toHaveProperty("Command");
      // The request itself is recorded as sent: the clear was asked for.
      expect(started.emulator.requestsFor("UpdateJob").at(-1)!.query.CustomHostAlias).toBe("");
    } finally {
      await started.emulator.stop();
    }
  });

  test("ignoreClears() switches it at run time; a new value is still taken; [] restores clears", async () => {
    const appId = await createReady(
      client,
      imageJob({ AppName: uniqueName(), CustomHostAlias: alias, TomcatConfig: '{"port":8080}' }),
      clock,
      100,
    );
    emulator.ignoreClears(["CustomHostAlias", "TomcatConfig"]);
    await call(client, "UpdateJob", { AppId: appId, CustomHostAlias: "", TomcatConfig: "{}" });
    clock.advance(100);
    let job = await describeJob(appId);
    expect(job.CustomHostAlias).toBe(alias);
    expect(job.TomcatConfig).toBe('{"port":8080}');

    // Only clears are ignored, not changes.
    const other = '[{"hostName":"cache","ip":"10.0.0.2"}]';
    await call(client, "UpdateJob", { AppId: appId, CustomHostAlias: other });
    clock.advance(100);
    expect((await describeJob(appId)).CustomHostAlias).toBe(other);

    emulator.ignoreClears([]);
    await call(client, "UpdateJob", { AppId: appId, CustomHostAlias: "" });
    clock.advance(100);
    job = await describeJob(appId);
    expect(job).not.toHaveProperty("CustomHostAlias");
  });

  test("names must be non-empty strings", () => {
    expect(() => emulator.ignoreClears([""])).toThrow(TypeError);
    expect(() => emulator.ignoreClears("CustomHostAlias" as unknown as string[])).toThrow(TypeError);
  });
});
