// Server lifecycle and wire behaviour: addresses, request log, access log, stop(), odd requests.

import * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import * as http from "node:http";
import { start } from "../../emulator";
import { call, callError, imageJob, makeClient, sendRaw } from "./signedClient";

test("binds to 127.0.0.1 on an ephemeral port and reports url, endpoint and defaults", async () => {
  const emulator = await start();
  try {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.endpoint).toBe(`127.0.0.1:${emulator.port}`);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect([emulator.regionId, emulator.accessKeyId, emulator.accessKeySecret]).toEqual([
      "cn-hangzhou",
      "emulator-key",
      "emulator-secret",
    ]);
  } finally {
    await emulator.stop();
  }
});

test("custom region and credentials are honoured", async () => {
  const emulator = await start({ regionId: "ap-southeast-1", accessKeyId: "k1", accessKeySecret: "s1" });
  try {
    const client = makeClient({ endpoint: emulator.endpoint, accessKeyId: "k1", accessKeySecret: "s1" });
    const created = await call(client, "CreateJob", {
      AppName: "sg-job",
      PackageType: "Image",
      ImageUrl: "img:1",
      Replicas: "1",
      Workload: "job",
      NamespaceId: "ap-southeast-1:prod",
    });
    const d = (await call(client, "DescribeJob", { AppId: created.Data.AppId })).Data;
    expect([d.RegionId, d.NamespaceId]).toEqual(["ap-southeast-1", "ap-southeast-1:prod"]);
  } finally {
    await emulator.stop();
  }
});

test("a clock option must be a function", async () => {
  await expect(start({ clock: 5 as unknown as () => number })).rejects.toThrow(
    new TypeError("clock must be a function returning epoch milliseconds"),
  );
});

test("the request log: order, copies, requestsFor, clearRequests; the access log gets one line each", async () => {
  const lines: string[] = [];
  const emulator = await start({ log: (l) => lines.push(l) });
  try {
    const client = makeClient(emulator);
    const ok = await call(client, "ListJobs", { PageSize: "3" });
    await callError(client, "DescribeJob", { AppId: "missing" });
    const recs = emulator.requests;
    expect(recs.map((r) => [r.seq, r.action, r.status, r.code])).toEqual([
      [1, "ListJobs", 200, undefined],
      [2, "DescribeJob", 404, "InvalidAppId.NotFound"],
    ]);
    expect(recs[0]).toMatchObject({
      method: "GET",
      path: "/pop/v1/sam/job/listJobs",
      query: { PageSize: "3" },
      body: {},
    });
    expect(recs[0].requestId).toBe(ok.RequestId);
    expect(Date.parse(recs[0].time)).not.toBeNaN();
    (recs[0] as { status: number }).status = 999; // a copy: the emulator's log is unaffected
    expect(emulator.requests[0].status).toBe(200);
    expect(emulator.requestsFor("DescribeJob")).toHaveLength(1);
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
    await call(client, "ListJobs", {});
    expect(emulator.requests[0].seq).toBe(3);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /GET \/pop\/v1\/sam\/job\/describeJob DescribeJob 404 InvalidAppId\.NotFound \d+ms$/,
    );
  } finally {
    await emulator.stop();
  }
});

test("stop() closes idle keep-alive connections and is idempotent", async () => {
  const emulator = await start();
  const agent = new http.Agent({ keepAlive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: emulator.port, path: "/", agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
        .on("error", reject);
    });
    const started = Date.now();
    await Promise.all([emulator.stop(), emulator.stop()]);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(call(makeClient(emulator), "ListJobs", {})).rejects.toThrow();
  } finally {
    agent.destroy();
  }
});

test("stop() cuts a delayed request short", async () => {
  const emulator = await start();
  // Longer than the test's timeout: a stop() that waited for it would fail the test.
  emulator.faults.add({ action: "ListJobs", kind: "delay", delayMs: 600_000 });
  const pending = call(makeClient(emulator), "ListJobs", {});
  const outcome = pending.then(
    () => "answered",
    () => "failed",
  );
  // Stop once the request is in (recorded, and held by its delay), not after a guessed pause.
  while (emulator.requestsFor("ListJobs").length === 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  await emulator.stop();
  expect(await outcome).toBe("failed");
  expect(emulator.requestsFor("ListJobs")).toMatchObject([{ status: 0, fault: "delay" }]);
});

test("whenAnswered: a request already answered, the next one a match accepts, a dropped one; stop rejects the rest", async () => {
  const emulator = await start();
  try {
    const client = makeClient(emulator);
    await call(client, "ListJobs", {});
    const listed = await emulator.whenAnswered("ListJobs");
    expect(listed).toMatchObject({ action: "ListJobs", status: 200 });

    // Not answered yet: it resolves once a request the match accepts is.
    const secondPage = emulator.whenAnswered("ListJobs", (r) => r.params.CurrentPage === "2");
    const anyRefusal = emulator.whenAnswered("*", (r) => r.status === 404);
    await call(client, "ListJobs", { CurrentPage: "1" });
    await callError(client, "DescribeJob", { AppId: "nope" });
    expect(await anyRefusal).toMatchObject({ action: "DescribeJob", status: 404 });
    await call(client, "ListJobs", { CurrentPage: "2" });
    expect((await secondPage).params).toEqual({ CurrentPage: "2" });

    emulator.faults.add({ action: "ListJobs", kind: "drop" });
    const dropped = emulator.whenAnswered("ListJobs", (r) => r.fault === "drop");
    await expect(call(client, "ListJobs", {})).rejects.toThrow();
    expect(await dropped).toMatchObject({ status: 0, fault: "drop" });

    emulator.clearRequests();
    const never = emulator.whenAnswered("ListJobs");
    await emulator.stop();
    await expect(never).rejects.toThrow(
      "whenAnswered: the emulator stopped before such a request was answered",
    );
  } finally {
    await emulator.stop();
  }
});

test("reset: back to as started on the same address, with nothing left of what came before", async () => {
  const emulator = await start({
    listLagMs: 5,
    ignoreClears: ["Command"],
    rateLimit: { requestsPerSecond: 1000 },
  });
  try {
    const client = makeClient(emulator);
    const created = (await call(client, "CreateJob", imageJob({ AppName: "before-reset" }))).Data;
    emulator.setTags(created.AppId, { team: "data" });
    emulator.faults.add({ action: "ListJobs", kind: "throttle" });
    emulator.setListLag(600_000);
    emulator.ignoreClears([]);
    emulator.setRateLimit({ requestsPerSecond: 0.001, burst: 1 });
    const waiting = emulator.whenAnswered("DeleteJob");

    emulator.reset();
    await expect(waiting).rejects.toThrow(
      "whenAnswered: the emulator was reset before such a request was answered",
    );
    expect([
      emulator.requests,
      emulator.faults.pending(),
      emulator.listRuns(),
      emulator.listChangeOrders(),
    ]).toEqual([[], [], [], []]);
    // The same address, and the same name free again; the rate limit as started (1000 a second).
    const again = (await call(client, "CreateJob", imageJob({ AppName: "before-reset" }))).Data;
    expect(again.AppId).not.toBe(created.AppId);
    expect(emulator.tagsOf(again.AppId)).toEqual({});
    await expect(call(client, "DescribeJob", { AppId: created.AppId })).rejects.toMatchObject({
      code: "InvalidAppId.NotFound",
    });
    expect(emulator.requests.map((r) => [r.seq, r.action, r.status])).toEqual([
      [1, "CreateJob", 200],
      [2, "DescribeJob", 404],
    ]);
  } finally {
    await emulator.stop();
  }
});

test("unsigned requests to unknown paths get a JSON 404", async () => {
  const emulator = await start();
  try {
    const res = await sendRaw(emulator, { method: "GET", url: "/nothing/here?x=1", headers: {} });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ Code: "InvalidAction.NotFound", Success: false });
    expect(typeof res.json.RequestId).toBe("string");
  } finally {
    await emulator.stop();
  }
});

test("a POST with a JSON body (not the documented form body) is refused with 415", async () => {
  const emulator = await start();
  try {
    const client = makeClient(emulator);
    const params = new $OpenApi.Params({
      action: "CreateJob",
      version: "2019-05-06",
      protocol: "HTTP",
      method: "POST",
      authType: "AK",
      style: "ROA",
      pathname: "/pop/v1/sam/job/createJob",
      reqBodyType: "json",
      bodyType: "json",
    });
    const request = new $OpenApi.OpenApiRequest({ query: { AppName: "j" }, body: { OssAkId: "x" } });
    const err = (await client
      .callApi(params, request, new $Util.RuntimeOptions({}))
      .catch((e: unknown) => e)) as {
      statusCode: number;
      code: string;
    };
    expect([err.statusCode, err.code]).toEqual([415, "UnsupportedMediaType"]);
  } finally {
    await emulator.stop();
  }
});

test("a wrong x-acs-version is InvalidVersion", async () => {
  const emulator = await start();
  try {
    // The official client signs whatever version it is given; the signature is valid, the version is not.
    const client = makeClient(emulator);
    const params = new $OpenApi.Params({
      action: "ListJobs",
      version: "2017-08-01",
      protocol: "HTTP",
      method: "GET",
      authType: "AK",
      style: "ROA",
      pathname: "/pop/v1/sam/job/listJobs",
      reqBodyType: "json",
      bodyType: "json",
    });
    const err = (await client
      .callApi(params, new $OpenApi.OpenApiRequest({}), new $Util.RuntimeOptions({}))
      .catch((e: unknown) => e)) as { statusCode: number; code: string };
    expect([err.statusCode, err.code]).toEqual([400, "InvalidVersion"]);
  } finally {
    await emulator.stop();
  }
});
