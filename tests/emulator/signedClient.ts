// Test helpers: call the emulator through the official Alibaba Cloud signer
// (@alicloud/openapi-client), exactly as a real SDK user would, plus raw HTTP for tampering tests.
// The operation table is written here from OPERATIONS.md on purpose, not imported from the
// emulator, so a misreading on one side is not mirrored on the other.

import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $Util from "@alicloud/tea-util";
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { start, type Emulator, type EmulatorOptions } from "../../emulator";

interface Operation {
  method: "GET" | "POST" | "DELETE";
  pathname: string;
  /** Parameters that travel in the form body (POST operations only). */
  bodyParams?: readonly string[];
}

const createBody = [
  "AcrInstanceId",
  "ConfigMapMountDesc",
  "EnableImageAccl",
  "OssAkId",
  "OssAkSecret",
  "OssMountDescs",
  "PhpConfig",
];

/** OPERATIONS.md's table. */
export const operations: Record<string, Operation> = {
  CreateJob: { method: "POST", pathname: "/pop/v1/sam/job/createJob", bodyParams: createBody },
  UpdateJob: { method: "POST", pathname: "/pop/v1/sam/job/updateJob", bodyParams: [...createBody, "Php"] },
  DescribeJob: { method: "GET", pathname: "/pop/v1/sam/job/describeJob" },
  DeleteJob: { method: "DELETE", pathname: "/pop/v1/sam/job/deleteJob" },
  ExecJob: { method: "GET", pathname: "/pop/v1/sam/job/execJob" },
  ListJobs: { method: "GET", pathname: "/pop/v1/sam/job/listJobs" },
  DescribeJobStatus: { method: "GET", pathname: "/pop/v1/sam/job/describeJobStatus" },
  SuspendJob: { method: "GET", pathname: "/pop/v1/sam/job/suspendJob" },
  DescribeJobHistory: { method: "GET", pathname: "/pop/v1/sam/job/describeJobHistory" },
  DeleteHistoryJob: { method: "DELETE", pathname: "/pop/v1/sam/job/deleteHistoryJob" },
  DescribeChangeOrder: { method: "GET", pathname: "/pop/v1/sam/changeorder/DescribeChangeOrder" },
  TagResources: {
    method: "POST",
    pathname: "/tags",
    bodyParams: ["RegionId", "ResourceIds", "ResourceType", "Tags"],
  },
  UntagResources: { method: "DELETE", pathname: "/tags" },
  ListTagResources: { method: "GET", pathname: "/tags" },
};

/** Parameters to send; undefined ones are left out (tea would otherwise send `Key=`). */
export type Params = Record<string, string | undefined>;

/** A successful response body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;

/** What a rejected call carries. */
export interface CallError {
  code: string;
  statusCode: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>;
}

/** Credentials and endpoint for a client. */
export interface ClientSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** A signing client for an emulator (or other settings). */
export function makeClient(settings: ClientSettings): OpenApi {
  return new OpenApi(
    new $OpenApi.Config({
      accessKeyId: settings.accessKeyId,
      accessKeySecret: settings.accessKeySecret,
      ...(settings.securityToken !== undefined && { securityToken: settings.securityToken }),
      endpoint: settings.endpoint,
      protocol: "http",
    }),
  );
}

function defined(params: Params): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

/** Call an operation with the official signer; resolves to the response body, rejects with the SDK error. */
export async function call(
  client: OpenApi,
  action: string,
  params: Params = {},
  pathname?: string,
): Promise<Body> {
  const op = operations[action] ?? { method: "GET", pathname: "/" };
  const all = defined(params);
  const inBody = Object.fromEntries(Object.entries(all).filter(([k]) => op.bodyParams?.includes(k)));
  const inQuery = Object.fromEntries(Object.entries(all).filter(([k]) => !op.bodyParams?.includes(k)));
  return callPlaced(client, action, { query: inQuery, body: inBody }, pathname);
}

/**
 * Call an operation with the official signer, putting each parameter where the caller says rather
 * than where OPERATIONS.md does (to test refusals of misplaced parameters). A body is sent only for
 * POST operations and only when it has parameters.
 */
export async function callPlaced(
  client: OpenApi,
  action: string,
  placed: { query?: Params; body?: Params },
  pathname?: string,
): Promise<Body> {
  const op = operations[action] ?? { method: "GET", pathname: "/" };
  const inQuery = defined(placed.query ?? {});
  const inBody = defined(placed.body ?? {});
  const apiParams = new $OpenApi.Params({
    action,
    version: "2019-05-06",
    protocol: "HTTP",
    method: op.method,
    authType: "AK",
    style: "ROA",
    pathname: pathname ?? op.pathname,
    reqBodyType: op.method === "POST" ? "formData" : "json",
    bodyType: "json",
  });
  const request = new $OpenApi.OpenApiRequest({
    query: inQuery,
    ...(op.method === "POST" && Object.keys(inBody).length > 0 && { body: inBody }),
  });
  const response = (await client.callApi(apiParams, request, new $Util.RuntimeOptions({}))) as { body: Body };
  return response.body;
}

/** Call an operation that must fail; resolves to the error's code, status and body. */
export async function callError(client: OpenApi, action: string, params: Params = {}, pathname?: string) {
  try {
    const body = await call(client, action, params, pathname);
    throw new Error(`expected ${action} to fail, it answered ${JSON.stringify(body)}`);
  } catch (e) {
    const err = e as Partial<CallError>;
    if (err.statusCode === undefined) {
      throw e;
    }
    return { code: err.code!, statusCode: err.statusCode, data: err.data! } as CallError;
  }
}

/**
 * A clock a test moves itself (the emulator's `clock` option): a change order, run or lag has
 * passed exactly when the test says so, however slow the machine is.
 */
export interface ManualClock {
  /** Epoch milliseconds: where the test has moved it. */
  readonly now: () => number;
  /** Moves it `ms` on. */
  advance(ms: number): void;
}

/** A {@link ManualClock} that starts at the real time (request signatures carry the real time). */
export function manualClock(): ManualClock {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** An emulator with 200 ms change orders and runs on a clock the test moves, and a client for it. */
export async function startWithClient(
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; client: OpenApi; clock: ManualClock }> {
  const clock = manualClock();
  const emulator = await start({
    changeOrderDurationMs: 200,
    jobRunDurationMs: 200,
    clock: clock.now,
    ...options,
  });
  const client = makeClient(emulator);
  return { emulator, client, clock };
}

/** A valid CreateJob for an image-based job template, overridable. */
export function imageJob(overrides: Params = {}): Params {
  return {
    AppName: "nightly-report",
    PackageType: "Image",
    ImageUrl: "registry.cn-hangzhou.aliyuncs.com/demo/report:1.0",
    Replicas: "1",
    Workload: "job",
    ...overrides,
  };
}

/**
 * Create a template and move `clock` past its change order (`changeOrderMs`, the emulator's
 * duration: 200 ms from {@link startWithClient}); returns its AppId.
 */
export async function createReady(
  client: OpenApi,
  params: Params,
  clock: ManualClock,
  changeOrderMs = 200,
): Promise<string> {
  const created = await call(client, "CreateJob", params);
  clock.advance(changeOrderMs);
  return created.Data.AppId as string;
}

/** A request exactly as the signer put it on the wire. */
export interface CapturedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Let the official client sign and send a request to a throwaway local server that records it and
 * answers `{}`, so tests can replay or tamper with the exact bytes. The signed host header names
 * the capture server's port; the emulator does not require Host to be its own address.
 */
export async function captureSigned(
  settings: Omit<ClientSettings, "endpoint">,
  action: string,
  params: Params,
) {
  let captured: CapturedRequest | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      captured = {
        method: req.method!,
        url: req.url!,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks),
      };
      res.writeHead(200, { "content-type": "application/json", connection: "close" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    await call(makeClient({ ...settings, endpoint: `127.0.0.1:${port}` }), action, params);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return captured!;
}

/**
 * A request signed as the official signer signs it, with query parameters and also a form body,
 * whatever the method: what a hand-written client sends when it puts parameters in the body of a
 * GET or DELETE. (The official client cannot send one: it drops a GET body, and sends a DELETE body
 * without a length, so the server never reads it.) Send it with {@link sendRaw}.
 */
export async function signedWithFormBody(
  settings: Omit<ClientSettings, "endpoint">,
  action: string,
  query: Params,
  body: Record<string, string>,
): Promise<CapturedRequest> {
  const captured = await captureSigned(settings, action, query);
  const bodyBytes = Buffer.from(new URLSearchParams(body).toString());
  const headers: Record<string, string> = {
    ...captured.headers,
    "content-type": "application/x-www-form-urlencoded",
    "x-acs-content-sha256": createHash("sha256").update(bodyBytes).digest("hex"),
  };
  delete headers.authorization;
  const [pathname, search = ""] = captured.url.split("?");
  const signable = Object.fromEntries(
    Object.entries(headers).filter(([k]) => k === "host" || k === "content-type" || k.startsWith("x-acs-")),
  );
  headers.authorization = OpenApiUtil.getAuthorization(
    {
      method: captured.method,
      pathname,
      query: Object.fromEntries(new URLSearchParams(search)),
      headers: signable,
    } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
    "ACS3-HMAC-SHA256",
    headers["x-acs-content-sha256"],
    settings.accessKeyId,
    settings.accessKeySecret,
  );
  return { ...captured, headers, body: bodyBytes };
}

/** Send raw bytes to the emulator; resolves to status and parsed JSON body. */
export function sendRaw(
  emulator: Emulator,
  req: { method: string; url: string; headers: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; json: Body }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    const body = req.body ?? Buffer.alloc(0);
    headers["content-length"] = String(Buffer.byteLength(body));
    delete headers.connection;
    delete headers["transfer-encoding"]; // the body is re-sent whole, with a content-length
    const r = http.request(
      { host: "127.0.0.1", port: emulator.port, method: req.method, path: req.url, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode!, json: text ? (JSON.parse(text) as Body) : {} });
        });
      },
    );
    r.on("error", reject);
    r.end(body);
  });
}
