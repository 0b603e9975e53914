// The HTTP server: every request goes route -> signature -> rate limit -> header checks -> fault
// -> handler, and is recorded whatever happens to it.

import * as http from "node:http";
import type { Socket } from "node:net";
import { ApiError, errors } from "./apiError";
import { ChangeOrderControl } from "./changeOrders";
import { FaultBook } from "./faults";
import { handlers } from "./handlers";
import { Answer, type HandlerContext } from "./handlers/context";
import { BodyTooLargeError, headerValues, isFormContentType, readBody, sendJson } from "./httpIo";
import { newRequestId, newTraceId } from "./ids";
import { checkNames, nonNegative, resolveOptions, type ResolvedOptions } from "./options";
import { checkPlacement } from "./placement";
import { checkRateLimit, TokenBucket } from "./rateLimit";
import { findRoute, routeAtPath, type Route } from "./routes";
import { RunControl } from "./runControl";
import { SignatureVerifier } from "./signature";
import { Store } from "./store";
import { setTags, tagRecord } from "./tagControl";
import type { Emulator, EmulatorOptions, FaultRule, RateLimit, RecordedRequest } from "./types";
import { decodePairs, MalformedEncodingError, pairsToRecord, type Pair } from "./urlEncoded";

const API_VERSION = "2019-05-06";
const REDACTED_HEADERS = new Set(["authorization", "x-acs-security-token"]);

/** What answering a request needs. */
interface Reply {
  res: http.ServerResponse;
  record: RecordedRequest;
  /** Epoch ms of arrival, for the access log's duration. */
  arrived: number;
}

/** Everything about one request the pipeline needs. */
interface Exchange extends Reply {
  req: http.IncomingMessage;
  rawPath: string;
  queryPairs: Pair[];
  /** Decoded form body pairs; none unless the body is form-encoded. */
  bodyPairs: Pair[];
  headers: Record<string, string[]>;
  body: Buffer;
  /** A problem with the query or body, answered only once the signature is known good. */
  deferredError?: ApiError;
}

function notFoundRoute(method: string, path: string): ApiError {
  const other = routeAtPath(path);
  const hint = other ? ` (${other.action} is ${other.method} ${other.path})` : "";
  return new ApiError(
    404,
    "InvalidAction.NotFound",
    `Specified api is not found, please check your url and method: ${method} ${path}${hint}`,
  );
}

function decodeOrError(text: string, what: string): { pairs: Pair[]; error?: ApiError } {
  try {
    return { pairs: decodePairs(text) };
  } catch (e) {
    if (!(e instanceof MalformedEncodingError)) {
      throw e;
    }
    return {
      pairs: [],
      error: new ApiError(400, "InvalidParameter.WithMessage", `The ${what} is invalid: ${e.message}`),
    };
  }
}

/** The answer of an error fault ("serverError", "serviceUnavailable", "error"). */
function injectedError(fault: FaultRule): ApiError {
  switch (fault.kind) {
    case "serverError":
      return errors.internal();
    case "serviceUnavailable":
      return errors.serviceUnavailable();
    default:
      return new ApiError(
        fault.status ?? 400,
        fault.code ?? "Emulator.InjectedError",
        fault.message ?? "Injected error.",
      );
  }
}

class EmulatorServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  /** Pending fault delays, so stop() can cut them short. */
  private readonly sleeps = new Map<NodeJS.Timeout, (completed: boolean) => void>();
  private readonly verifier: SignatureVerifier;
  readonly faults = new FaultBook();
  private recorded: RecordedRequest[] = [];
  private seq = 0;
  private stopping: Promise<void> | undefined;
  /** UpdateJob parameters whose clear ("") is ignored: SAE keeping a value it was told to clear. */
  ignoredClears: ReadonlySet<string>;
  /** ListJobs' lag behind creations, in ms. */
  listLagMs: number;
  /** The gateway's flow control; undefined: no limit. */
  private bucket: TokenBucket | undefined;
  /** Requests answered or dropped (status 0 alone does not tell a dropped one from one in flight). */
  private readonly done = new WeakSet<RecordedRequest>();
  /** Tests waiting for a request to be answered (see Emulator.whenAnswered). */
  private readonly waiters = new Set<{
    accepts: (record: RecordedRequest) => boolean;
    resolve: (record: RecordedRequest) => void;
    reject: (error: Error) => void;
  }>();

  constructor(
    readonly options: ResolvedOptions,
    private readonly store: Store,
  ) {
    this.verifier = new SignatureVerifier(options);
    this.ignoredClears = new Set(options.ignoreClears);
    this.bucket = options.rateLimit && new TokenBucket(options.rateLimit, options.clock);
    this.listLagMs = options.listLagMs;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => this.crash(res, e));
    });
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  get requests(): RecordedRequest[] {
    return this.recorded.map((r) => ({ ...r }));
  }

  clearRequests(): void {
    this.recorded = [];
  }

  /** See Emulator.reset: the settings as started, no faults, no requests, nobody waiting. */
  reset(): void {
    this.faults.clear();
    this.clearRequests();
    this.seq = 0;
    this.ignoredClears = new Set(this.options.ignoreClears);
    this.listLagMs = this.options.listLagMs;
    this.bucket = this.options.rateLimit && new TokenBucket(this.options.rateLimit, this.options.clock);
    for (const waiter of this.waiters) {
      waiter.reject(new Error("whenAnswered: the emulator was reset before such a request was answered"));
    }
    this.waiters.clear();
  }

  /** See Emulator.whenAnswered. */
  whenAnswered(
    action: string,
    match: (request: RecordedRequest) => boolean = () => true,
  ): Promise<RecordedRequest> {
    const accepts = (r: RecordedRequest) => (action === "*" || r.action === action) && match({ ...r });
    const done = this.recorded.find((r) => this.done.has(r) && accepts(r));
    if (done) {
      return Promise.resolve({ ...done });
    }
    if (this.stopping) {
      return Promise.reject(new Error(`whenAnswered(${action}): the emulator has stopped`));
    }
    return new Promise((resolve, reject) => this.waiters.add({ accepts, resolve, reject }));
  }

  /** Marks a request answered (or dropped) and hands it to the tests waiting for it. */
  private answered(record: RecordedRequest): void {
    this.done.add(record);
    if (!this.recorded.includes(record)) {
      return; // forgotten by clearRequests or reset while it was in flight
    }
    for (const waiter of this.waiters) {
      if (waiter.accepts(record)) {
        this.waiters.delete(waiter);
        waiter.resolve({ ...record });
      }
    }
  }

  setRateLimit(limit: RateLimit | undefined): void {
    this.bucket =
      limit === undefined ? undefined : new TokenBucket(checkRateLimit(limit), this.options.clock);
  }

  stop(): Promise<void> {
    for (const waiter of this.waiters) {
      waiter.reject(new Error("whenAnswered: the emulator stopped before such a request was answered"));
    }
    this.waiters.clear();
    this.stopping ??= new Promise((resolve) => {
      for (const [timer, wake] of this.sleeps) {
        clearTimeout(timer);
        wake(false);
      }
      this.sleeps.clear();
      this.server.close(() => resolve());
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });
    return this.stopping;
  }

  /** Wait; resolves false if the emulator stopped meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopping) {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve(true);
      }, ms);
      this.sleeps.set(timer, resolve);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrived = Date.now();
    const requestId = newRequestId();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) {
        throw e;
      }
      res.setHeader("connection", "close");
      const headers = headerValues(req);
      const action = findRoute(req.method ?? "", (req.url ?? "/").split("?")[0])?.action ?? "";
      const record = this.recordRequest(req, arrived, requestId, action, {}, {}, headers);
      this.fail({ res, record, arrived }, new ApiError(413, "RequestEntityTooLarge", e.message));
      return;
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = decodeOrError(q < 0 ? "" : url.slice(q + 1), "URL query");
    const headers = headerValues(req);
    // Read on any method, so a parameter sent in the form body of a GET or DELETE is refused as
    // misplaced instead of silently going unread.
    const isForm = isFormContentType(headers["content-type"]?.[0]);
    const form = isForm ? decodeOrError(body.toString("utf8"), "form body") : { pairs: [] };
    const route = findRoute(req.method ?? "", rawPath);
    const record = this.recordRequest(
      req,
      arrived,
      requestId,
      route?.action ?? headers["x-acs-action"]?.[0] ?? "",
      pairsToRecord(query.pairs),
      pairsToRecord(form.pairs),
      headers,
    );
    const ex: Exchange = {
      req,
      res,
      record,
      arrived,
      rawPath,
      queryPairs: query.pairs,
      bodyPairs: form.pairs,
      headers,
      body,
    };
    if (req.method === "POST" && body.length > 0 && !isForm) {
      ex.deferredError = new ApiError(
        415,
        "UnsupportedMediaType",
        `A ${route?.action ?? "POST"} body must be application/x-www-form-urlencoded.`,
      );
    }
    ex.deferredError ??= query.error ?? form.error;
    try {
      if (!route) {
        throw notFoundRoute(req.method ?? "", rawPath);
      }
      this.checkRequest(ex, route);
      await this.process(ex, route);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      this.fail(ex, e);
    }
  }

  /** Authentication and wire checks, in the order a gateway would do them. */
  private checkRequest(ex: Exchange, route: Route): void {
    this.verifier.verify(
      {
        method: ex.req.method ?? "",
        rawPath: ex.rawPath,
        queryPairs: ex.queryPairs,
        headers: ex.headers,
        body: ex.body,
      },
      Date.now(),
    );
    // Flow control counts every caller it has authenticated, before looking at what they sent.
    if (this.bucket && !this.bucket.take()) {
      ex.record.fault = "rateLimit";
      throw errors.throttled();
    }
    const action = ex.headers["x-acs-action"]?.[0];
    if (action !== route.action) {
      throw new ApiError(
        400,
        "InvalidAction.Mismatch",
        `The x-acs-action header "${action ?? ""}" does not match the API at ${route.method} ${route.path} (${route.action}).`,
      );
    }
    const version = ex.headers["x-acs-version"]?.[0];
    if (version !== API_VERSION) {
      throw new ApiError(
        400,
        "InvalidVersion",
        `Specified API version "${version ?? ""}" is not supported; use ${API_VERSION}.`,
      );
    }
    if (ex.deferredError) {
      throw ex.deferredError;
    }
    // After authentication, like the other parameter checks: an unsigned caller learns nothing.
    checkPlacement(
      route,
      ex.queryPairs.map(([name]) => name),
      ex.bodyPairs.map(([name]) => name),
    );
  }

  /** Apply a fault, if one is due, and run the handler. */
  private async process(ex: Exchange, route: Route): Promise<void> {
    const fault = this.faults.takeRequestFault(route.action, ex.record.params);
    if (fault) {
      ex.record.fault = fault.kind;
    }
    switch (fault?.kind) {
      case "throttle":
        throw errors.throttled();
      case "serverError":
      case "serviceUnavailable":
      case "error":
        if (fault.afterProcessing) {
          // The backend acted; the gateway in front of it answers an error all the same.
          this.runHandlerForEffect(ex, route);
        }
        throw injectedError(fault);
      case "delay":
        if (fault.afterProcessing) {
          // The work is done at once; only its answer is late (a slow gateway, a lost timer).
          await this.answerLate(ex, route, fault.delayMs ?? 0);
          return;
        }
        if (!(await this.sleep(fault.delayMs ?? 0))) {
          return;
        }
        break;
      case "drop":
        if (fault.delayMs !== undefined && !(await this.sleep(fault.delayMs))) {
          return;
        }
        if (fault.dropAfterProcessing) {
          this.runHandlerForEffect(ex, route);
        }
        this.drop(ex);
        return;
    }
    const data = this.runHandler(ex, route);
    this.succeed(ex, data);
  }

  /** Run the handler now and send its answer, success or refusal, `delayMs` later. */
  private async answerLate(ex: Exchange, route: Route, delayMs: number): Promise<void> {
    let answer: () => void;
    try {
      const data = this.runHandler(ex, route);
      answer = () => this.succeed(ex, data);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      answer = () => this.fail(ex, e);
    }
    if (await this.sleep(delayMs)) {
      answer();
    }
  }

  /** Run the handler for its state changes only: its answer, even a refusal, is never sent. */
  private runHandlerForEffect(ex: Exchange, route: Route): void {
    try {
      this.runHandler(ex, route);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
    }
  }

  private runHandler(ex: Exchange, route: Route): unknown {
    const ctx: HandlerContext = {
      action: route.action,
      params: ex.record.params,
      now: (this.options.clock ?? Date.now)(),
      store: this.store,
      regionId: this.options.regionId,
      changeOrderDurationMs: this.options.changeOrderDurationMs,
      jobRunDurationMs: this.options.jobRunDurationMs,
      ignoredClears: this.ignoredClears,
      listLagMs: this.listLagMs,
      takeOutcomeFault: (kind) => {
        const rule: FaultRule | undefined = this.faults.takeOutcomeFault(
          kind,
          route.action,
          ex.record.params,
        );
        if (rule) {
          ex.record.fault = ex.record.fault ? `${ex.record.fault},${rule.kind}` : rule.kind;
        }
        return rule;
      },
    };
    return handlers[route.action](ctx);
  }

  private recordRequest(
    req: http.IncomingMessage,
    arrived: number,
    requestId: string,
    action: string,
    query: Record<string, string>,
    body: Record<string, string>,
    headers: Record<string, string[]>,
  ): RecordedRequest {
    const url = req.url ?? "/";
    const shownHeaders = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, REDACTED_HEADERS.has(k) ? "[redacted]" : v.join(", ")]),
    );
    const record: RecordedRequest = {
      seq: ++this.seq,
      time: new Date(arrived).toISOString(),
      action,
      method: req.method ?? "",
      path: url.split("?")[0],
      query,
      body,
      params: { ...query, ...body },
      headers: shownHeaders,
      status: 0,
      requestId,
    };
    this.recorded.push(record);
    return record;
  }

  private succeed(ex: Reply, result: unknown): void {
    ex.record.status = 200;
    this.logLine(ex);
    this.answered(ex.record);
    const answer = result instanceof Answer ? result : new Answer(result);
    sendJson(ex.res, 200, ex.record.requestId, {
      RequestId: ex.record.requestId,
      Code: "200",
      Message: "success",
      Success: true,
      TraceId: newTraceId(),
      ...(answer.data !== undefined && { Data: answer.data }),
      ...answer.topLevel,
    });
  }

  private fail(ex: Reply, e: ApiError): void {
    ex.record.status = e.status;
    ex.record.code = e.code;
    this.logLine(ex);
    this.answered(ex.record);
    sendJson(ex.res, e.status, ex.record.requestId, {
      RequestId: ex.record.requestId,
      Code: e.code,
      Message: e.message,
      Success: false,
      ErrorCode: e.code,
      TraceId: newTraceId(),
      ...e.extra,
    });
  }

  /** Destroy the connection without an answer: the client sees a reset / hang-up. */
  private drop(ex: Exchange): void {
    ex.record.status = 0;
    this.logLine(ex);
    this.answered(ex.record);
    ex.req.socket.destroy();
  }

  /** An unexpected exception: a bug in the emulator. Answer 500 and say so in the log. */
  private crash(res: http.ServerResponse, e: unknown): void {
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`sae-emulator: internal error: ${text}\n`);
    if (!res.headersSent && !res.destroyed) {
      sendJson(res, 500, newRequestId(), { Code: "InternalError", Message: text, Success: false });
    }
  }

  private logLine(ex: Reply): void {
    if (!this.options.log) {
      return;
    }
    const r = ex.record;
    const outcome = r.status === 0 ? "dropped" : String(r.status);
    const parts = [
      r.time,
      r.method,
      r.path,
      r.action || "-",
      outcome,
      r.code ?? "",
      `${Date.now() - ex.arrived}ms`,
    ];
    if (r.fault) {
      parts.push(`fault=${r.fault}`);
    }
    this.options.log(parts.filter((p) => p !== "").join(" "));
  }
}

/** Start an emulator; resolves once it is listening. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const store = Store.open(resolved.dataDir);
  const server = new EmulatorServer(resolved, store);
  const clock = resolved.clock ?? Date.now;
  const runs = new RunControl(store, resolved.jobRunDurationMs, clock);
  const changeOrders = new ChangeOrderControl(store, clock);
  const port = await server.listen();
  const hostForUrl = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
  const endpoint = `${hostForUrl}:${port}`;
  return {
    url: `http://${endpoint}`,
    endpoint,
    port,
    regionId: resolved.regionId,
    accessKeyId: resolved.accessKeyId,
    accessKeySecret: resolved.accessKeySecret,
    get requests() {
      return server.requests;
    },
    requestsFor: (action) => server.requests.filter((r) => r.action === action),
    whenAnswered: (action, match) => server.whenAnswered(action, match),
    clearRequests: () => server.clearRequests(),
    faults: {
      add: (rule) => server.faults.add(rule),
      clear: () => server.faults.clear(),
      pending: () => server.faults.pending(),
    },
    listRuns: (appId) => runs.list(appId),
    getRun: (jobId) => runs.get(jobId),
    startScheduledRun: (appId, runOptions) => runs.startScheduled(appId, runOptions),
    finishRun: (jobId, finishOptions) => runs.finish(jobId, finishOptions),
    purgeRunHistory: (appId, purgeOptions) => runs.purge(appId, purgeOptions),
    listChangeOrders: (appId) => changeOrders.list(appId),
    finishChangeOrder: (changeOrderId, finishOptions) => changeOrders.finish(changeOrderId, finishOptions),
    ignoreClears: (names) => {
      server.ignoredClears = new Set(checkNames("ignoreClears", names));
    },
    setRateLimit: (limit) => server.setRateLimit(limit),
    setListLag: (ms) => {
      server.listLagMs = nonNegative("listLagMs", ms);
    },
    setTags: (appId, tags) => setTags(store, appId, tags),
    reset: () => {
      server.reset();
      store.clear();
    },
    tagsOf: (appId) => tagRecord(store, appId),
    stop: () => server.stop(),
  };
}
