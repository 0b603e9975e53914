/**
 * The SAE client against the emulator over real HTTP with signed requests: every operation, the
 * wire placement of parameters, signature rejection, and each retry class.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { type ClientRequest, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "../../emulator";
import { SaeClient } from "../../provider/api/client";
import {
  SaeApiError,
  SaeConfigError,
  SaeNetworkError,
  SaeOutcomeUnknownError,
} from "../../provider/api/errors";
import { operations } from "../../provider/api/operations";
import { changeOrderDone, clientFor, startEmulator } from "../support/emulatorClient";

let emulator: Emulator;
let client: SaeClient;

beforeEach(async () => {
  emulator = await startEmulator();
  client = clientFor(emulator);
});
afterEach(async () => {
  await emulator.stop();
});

const image = {
  AppName: "report",
  PackageType: "Image",
  ImageUrl: "registry.example/acme/report:1",
  Replicas: 1,
};

async function createReady(params: Record<string, string | number> = {}) {
  const created = await client.createJob({ ...image, ...params });
  await changeOrderDone(client, created.Data.ChangeOrderId);
  return created.Data.AppId;
}

describe("every operation", () => {
  it("goes over the wire with the documented method and path, and answers typed data", async () => {
    const created = await client.createJob({ ...image, Envs: '[{"name":"A","value":"1"}]' });
    expect(created.Data.AppId).toEqual(expect.any(String));
    expect(created.Data.ChangeOrderId).toEqual(expect.any(String));
    const appId = created.Data.AppId;
    await changeOrderDone(client, created.Data.ChangeOrderId);

    const described = await client.describeJob({ AppId: appId });
    expect(described.Data).toMatchObject({ AppId: appId, AppName: "report", Replicas: 1 });
    expect(JSON.parse(described.Data.Envs as string)).toEqual([{ name: "A", value: "1" }]);

    const updated = await client.updateJob({ AppId: appId, Replicas: 2 });
    await changeOrderDone(client, updated.Data.ChangeOrderId);
    expect((await client.describeJob({ AppId: appId })).Data.Replicas).toBe(2);

    const listed = await client.listJobs({ AppName: "report" });
    expect(listed.Data.Applications.map((a) => a.AppId)).toContain(appId);

    const run = await client.execJob({ AppId: appId, EventId: "deploy-1" });
    const jobId = run.Data.Data;
    expect(jobId).toEqual(expect.any(String));
    expect((await client.execJob({ AppId: appId, EventId: "deploy-1" })).Data.Data).toBe(jobId);
    const status = await client.describeJobStatus({ AppId: appId, JobId: jobId });
    expect(status.Data.JobId).toBe(jobId);
    const history = await client.describeJobHistory({ AppId: appId });
    expect(history.Data.Jobs.map((j) => j.JobId)).toContain(jobId);
    await client.deleteHistoryJob({ AppId: appId, JobId: jobId });

    await client.suspendJob({ AppId: appId, Suspend: true });
    expect((await client.describeJob({ AppId: appId })).Data.Suspend).toBe(true);

    const resources = {
      RegionId: emulator.regionId,
      ResourceIds: JSON.stringify([appId]),
      ResourceType: "application",
    } as const;
    await client.tagResources({ ...resources, Tags: '[{"key":"owner","value":"data"}]' });
    expect((await client.describeJob({ AppId: appId })).Data.Tags).toEqual([{ Key: "owner", Value: "data" }]);
    await client.untagResources({ ...resources, TagKeys: '["owner"]' });
    expect((await client.describeJob({ AppId: appId })).Data.Tags).toEqual([]);

    await client.deleteJob({ AppId: appId });
    await expect(client.describeJob({ AppId: appId })).rejects.toMatchObject({
      name: "SaeApiError",
      code: "InvalidAppId.NotFound",
      status: 404,
      isNotFound: true,
    });

    const seen = new Map(emulator.requests.map((r) => [r.action, r]));
    for (const [action, spec] of Object.entries(operations)) {
      const recorded = seen.get(action);
      expect({ action, method: recorded?.method, path: recorded?.path }).toEqual({
        action,
        method: spec.method,
        path: spec.pathname,
      });
    }
  });
});

describe("parameters on the wire", () => {
  it("sends an empty string as Name= rather than dropping it, and leaves undefined out", async () => {
    const appId = await createReady({
      NasId: "nas-1",
      MountHost: "nas-1.example",
      MountDesc: '[{"mountPath":"/m","nasPath":"/"}]',
    });
    emulator.clearRequests();
    await client.updateJob({ AppId: appId, NasId: "", MountHost: "", MountDesc: "", Command: undefined });
    const [sent] = emulator.requestsFor("UpdateJob");
    expect(sent.query).toMatchObject({ AppId: appId, NasId: "", MountHost: "", MountDesc: "" });
    expect(sent.params).not.toHaveProperty("Command");
  });

  it("puts OSS keys and the other body parameters in the form body, never in the query", async () => {
    await client.createJob({
      ...image,
      OssAkId: "LTAI-oss-id",
      OssAkSecret: "oss-secret-value",
      OssMountDescs: '[{"bucketName":"b","bucketPath":"p","mountPath":"/o","readOnly":true}]',
      ConfigMapMountDesc: '[{"configMapId":1,"key":"k","mountPath":"/c"}]',
    });
    const [sent] = emulator.requestsFor("CreateJob");
    expect(sent.body).toMatchObject({ OssAkId: "LTAI-oss-id", OssAkSecret: "oss-secret-value" });
    expect(Object.keys(sent.body).sort()).toEqual([
      "ConfigMapMountDesc",
      "OssAkId",
      "OssAkSecret",
      "OssMountDescs",
    ]);
    expect(sent.query).not.toHaveProperty("OssAkSecret");
    expect(sent.query).toMatchObject({ AppName: "report", Workload: "job", Replicas: "1" });
  });
});

describe("signatures", () => {
  it("rejects a wrong secret with SignatureDoesNotMatch, without retrying", async () => {
    const bad = clientFor(emulator, { accessKeySecret: "not-the-secret" });
    await expect(bad.listJobs()).rejects.toMatchObject({ code: "SignatureDoesNotMatch", status: 400 });
    expect(emulator.requests).toHaveLength(1);
  });

  it("rejects an unknown access key with InvalidAccessKeyId.NotFound", async () => {
    const bad = clientFor(emulator, { accessKeyId: "LTAI-unknown" });
    await expect(bad.listJobs()).rejects.toMatchObject({ code: "InvalidAccessKeyId.NotFound", status: 404 });
  });

  it("rejects a request whose query was changed in transit", async () => {
    // A man in the middle rewrites Replicas=1 to Replicas=9 after the client signed the request.
    const proxy = await tamperingProxy(emulator, (path) => path.replace("Replicas=1", "Replicas=9"));
    try {
      const bad = clientFor(emulator, { url: proxy.url });
      const error = await bad.createJob(image).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SaeApiError);
      expect(error).toMatchObject({ code: "SignatureDoesNotMatch" });
      expect(emulator.requestsFor("CreateJob")[0].query.Replicas).toBe("9");
      expect((await client.listJobs()).Data.Applications).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });
});

describe("retries", () => {
  it("retries throttling until it clears, and says why once per cause, not per attempt", async () => {
    emulator.faults.add({ action: "ListJobs", kind: "throttle", times: 3 });
    emulator.faults.add({ action: "ListJobs", kind: "serviceUnavailable" });
    const retries: string[] = [];
    const counting = clientFor(emulator, {
      onRetry: (action, event, label) => retries.push(`${label}: ${action}: ${event.error.message}`),
    }).scoped({ label: "lookup" });
    await counting.listJobs();
    expect(emulator.requestsFor("ListJobs").map((r) => r.code ?? r.status)).toEqual([
      "Throttling.User",
      "Throttling.User",
      "Throttling.User",
      "ServiceUnavailable",
      200,
    ]);
    expect(retries).toEqual([
      expect.stringMatching(/^lookup: ListJobs: SAE ListJobs failed: Throttling.User \(HTTP 400\)/),
      expect.stringMatching(/^lookup: ListJobs: SAE ListJobs failed after 4 attempts: ServiceUnavailable/),
    ]);
  });

  it("stops retrying at the scope's deadline", async () => {
    // Not throttling: that would slow the attempts through the rate limiter, to no purpose here.
    emulator.faults.add({ action: "ListJobs", kind: "serviceUnavailable", times: Infinity });
    // The retries' clock moves only by the waits between them, so where the deadline falls among
    // the attempts does not depend on how long the machine takes to answer.
    let now = Date.now();
    const sleeps: number[] = [];
    const patient = clientFor(emulator, {
      retry: {
        baseDelayMs: 100,
        maxDelayMs: 200,
        random: () => 0.5,
        now: () => now,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    });
    const error = await patient
      .scoped({ deadlineMs: now + 400 })
      .listJobs()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ServiceUnavailable" });
    // Waits of 50, 100 and 100, then what is left less 100 ms for a last attempt: sent at 300 ms,
    // and none after it.
    expect(sleeps).toEqual([50, 100, 100, 50]);
    expect(emulator.requestsFor("ListJobs")).toHaveLength(5);
    expect((error as Error).message).toContain("after 5 attempts");
  });

  it("retries 5xx and dropped connections for idempotent calls", async () => {
    const appId = await createReady();
    emulator.faults.add({ action: "DescribeJob", kind: "serverError" });
    emulator.faults.add({ action: "DescribeJob", kind: "serviceUnavailable" });
    emulator.faults.add({ action: "DescribeJob", kind: "drop" });
    expect((await client.describeJob({ AppId: appId })).Data.AppId).toBe(appId);
    expect(emulator.requestsFor("DescribeJob")).toHaveLength(4);
  });

  it("retries System.Upgrading and a change order already running", async () => {
    // The creation's change order runs until the update has been refused for it.
    emulator.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: Infinity });
    const created = await client.createJob(image);
    emulator.faults.add({
      action: "UpdateJob",
      kind: "error",
      status: 400,
      code: "System.Upgrading",
      message: "upgrading",
    });
    // SAE refuses the update until the change order ends, so the retries must outlast it.
    const patient = clientFor(emulator, { retry: { baseDelayMs: 40, maxDelayMs: 100 } });
    const updated = patient.updateJob({ AppId: created.Data.AppId, Replicas: 3 });
    await emulator.whenAnswered("UpdateJob", (r) => r.code === "Application.ChangerOrderRunning");
    emulator.finishChangeOrder(created.Data.ChangeOrderId);
    await updated;
    const codes = emulator.requestsFor("UpdateJob").map((r) => r.code ?? r.status);
    expect(codes[0]).toBe("System.Upgrading");
    expect(codes).toContain("Application.ChangerOrderRunning");
    expect(codes[codes.length - 1]).toBe(200);
  });

  it("does not retry a validation error", async () => {
    await expect(client.createJob({ ...image, AppName: "9-starts-with-a-digit" })).rejects.toMatchObject({
      code: "InvalidParameter.WithMessage",
      attempts: 1,
    });
    expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
  });

  it("gives up after maxAttempts and says how many times it tried", async () => {
    emulator.faults.add({ action: "ListJobs", kind: "throttle", times: Infinity });
    const limited = clientFor(emulator, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    await expect(limited.listJobs()).rejects.toThrow(
      /SAE ListJobs failed after 3 attempts: Throttling.User \(HTTP 400\)/,
    );
    expect(emulator.requestsFor("ListJobs")).toHaveLength(3);
  });

  it("does not repeat a CreateJob whose answer was lost: the outcome is unknown", async () => {
    emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
    const error = await client.createJob(image).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaeOutcomeUnknownError);
    expect((error as SaeOutcomeUnknownError).cause).toBeInstanceOf(SaeNetworkError);
    expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
    // SAE did create it: the hook for the resource layer is to look it up by name.
    expect((await client.listJobs({ AppName: "report" })).Data.Applications).toHaveLength(1);
  });

  it("does not repeat an UpdateJob or DeleteJob whose answer was lost: the outcome is unknown, to be read back", async () => {
    const appId = await createReady();
    emulator.faults.add({ action: "UpdateJob", kind: "drop", dropAfterProcessing: true });
    await expect(client.updateJob({ AppId: appId, Replicas: 2 })).rejects.toBeInstanceOf(
      SaeOutcomeUnknownError,
    );
    expect(emulator.requestsFor("UpdateJob")).toHaveLength(1);
    expect((await client.describeJob({ AppId: appId })).Data.Replicas).toBe(2);

    // Another template, with no change order running: SAE deletes it behind a gateway's 500.
    const other = await createReady({ AppName: "report-2" });
    emulator.faults.add({ action: "DeleteJob", kind: "serverError", afterProcessing: true });
    await expect(client.deleteJob({ AppId: other })).rejects.toBeInstanceOf(SaeOutcomeUnknownError);
    expect(emulator.requestsFor("DeleteJob")).toHaveLength(1);
    await expect(client.describeJob({ AppId: other })).rejects.toMatchObject({
      code: "InvalidAppId.NotFound",
    });
  });

  it("does not repeat a CreateJob answered with HTTP 500, but does repeat one refused as throttled", async () => {
    emulator.faults.add({ action: "CreateJob", kind: "serverError" });
    await expect(client.createJob(image)).rejects.toBeInstanceOf(SaeOutcomeUnknownError);
    emulator.faults.add({ action: "CreateJob", kind: "throttle" });
    await client.createJob({ ...image, AppName: "report-2" });
    expect(emulator.requestsFor("CreateJob").map((r) => r.code ?? r.status)).toEqual([
      "InternalError",
      "Throttling.User",
      200,
    ]);
  });

  it("retries an ExecJob whose answer was lost only when it carries an EventId", async () => {
    const appId = await createReady();
    emulator.faults.add({ action: "ExecJob", kind: "drop", dropAfterProcessing: true });
    await expect(client.execJob({ AppId: appId })).rejects.toBeInstanceOf(SaeOutcomeUnknownError);
    emulator.faults.add({ action: "ExecJob", kind: "drop", dropAfterProcessing: true });
    const run = await client.execJob({ AppId: appId, EventId: "deploy-42" });
    const history = await client.describeJobHistory({ AppId: appId });
    // The lost run without EventId, plus one run for deploy-42 however often it was sent.
    expect(history.Data.Jobs.map((j) => j.JobId)).toContain(run.Data.Data);
    expect(history.Data.Jobs).toHaveLength(2);
  });

  describe("httpx's ConnectTimeout", () => {
    /**
     * Fires the request's socket timer (httpx's `ConnectTimeout`) for the next request to the
     * emulator: at once, before its socket connects, or once the emulator has received it.
     */
    function connectTimeoutOnNextRequest(when: "before connecting" | "after arriving"): void {
      const fire = (message: unknown) => {
        const request = (message as { request: ClientRequest }).request;
        if (request.getHeader("host") !== emulator.endpoint) {
          return;
        }
        unsubscribe("http.client.request.start", fire);
        if (when === "before connecting") {
          // After httpx has set its listeners, and before any I/O can connect the socket.
          queueMicrotask(() => request.emit("timeout"));
        } else {
          // Once the emulator has the request (and, with a late answer, has acted on it).
          const arrived = () => emulator.requests.length > before;
          const before = emulator.requests.length;
          const fireOnArrival = () => (arrived() ? request.emit("timeout") : setImmediate(fireOnArrival));
          request.once("finish", fireOnArrival);
        }
      };
      subscribe("http.client.request.start", fire);
    }

    it("before the connection opened: nothing was sent, so even CreateJob is sent again", async () => {
      connectTimeoutOnNextRequest("before connecting");
      const retries: string[] = [];
      const client = clientFor(emulator, { onRetry: (_action, event) => retries.push(event.error.message) });
      const created = await client.createJob(image);
      expect(created.Data.AppId).toEqual(expect.any(String));
      // The first attempt never reached the emulator; the second created the template.
      expect(emulator.requestsFor("CreateJob").map((r) => r.status)).toEqual([200]);
      expect(emulator.requestsFor("ListJobs")).toEqual([]);
      expect(retries).toEqual([
        expect.stringMatching(
          /^SAE CreateJob got no answer from 127\.0\.0\.1:\d+: the connection did not open within [\d.]+s, so nothing was sent \(ConnectTimeout\)$/,
        ),
      ]);
    });

    it("after SAE received the request: a late answer, so CreateJob's outcome is unknown", async () => {
      // The answer is late, so the timer fires while SAE is creating the template.
      emulator.faults.add({ action: "CreateJob", kind: "delay", delayMs: 200, afterProcessing: true });
      connectTimeoutOnNextRequest("after arriving");
      const error = await client.createJob(image).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SaeOutcomeUnknownError);
      // httpx calls it ConnectTimeout; what happened is that the answer did not come in time.
      expect((error as SaeOutcomeUnknownError).cause).toMatchObject({
        networkCode: "ReadTimeout",
        mayHaveBeenApplied: true,
        message: expect.stringMatching(
          /got no answer from 127\.0\.0\.1:\d+: no answer within [\d.]+s \(ReadTimeout\)$/,
        ),
      });
      expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
      expect((await client.listJobs({ AppName: "report" })).Data.Applications).toHaveLength(1);
    });
  });

  it("reports a refused connection after retrying, naming the endpoint", async () => {
    const closed = await unusedPort();
    const nowhere = clientFor(emulator, {
      url: `http://127.0.0.1:${closed}`,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    await expect(nowhere.listJobs()).rejects.toThrow(
      new RegExp(`SAE ListJobs got no answer from 127.0.0.1:${closed} after 2 attempts: .*ECONNREFUSED`),
    );
  });
});

describe("credentials", () => {
  it("explains where it looked when no credentials exist anywhere", async () => {
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(process.env).filter(
        (k) => k.startsWith("ALIBABA_CLOUD") || k.startsWith("ALICLOUD"),
      )) {
        delete process.env[key];
      }
      process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
      process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
      process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = "/nonexistent/credentials";
      const anonymous = SaeClient.fromSettings({ get: () => undefined }, { SAE_ENDPOINT: emulator.url });
      const error = await anonymous.listJobs().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SaeConfigError);
      expect((error as Error).message).toMatch(
        /^No Alibaba Cloud credentials found\. Looked in, in order:\n- stack config sae:accessKeyId\/sae:accessKeySecret\n/,
      );
      expect(emulator.requests).toHaveLength(0);
    } finally {
      process.env = saved;
    }
  });

  it("uses the default chain's environment keys", async () => {
    const saved = { ...process.env };
    try {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = emulator.accessKeyId;
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emulator.accessKeySecret;
      const chained = SaeClient.fromSettings({ get: () => undefined }, { SAE_ENDPOINT: emulator.url });
      await expect(chained.listJobs()).resolves.toMatchObject({ Data: { Applications: [] } });
    } finally {
      process.env = saved;
    }
  });
});

/** A loopback proxy that rewrites each request's path before passing it on to the emulator. */
async function tamperingProxy(target: Emulator, rewrite: (path: string) => string) {
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: target.port,
        method: req.method,
        path: rewrite(req.url ?? "/"),
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
