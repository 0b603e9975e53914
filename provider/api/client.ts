/**
 * The SAE job API client: typed operations sent through `@alicloud/openapi-client`'s `callApi`
 * with the official SDK's `Params` (the `sae20190506` SDK itself is not available here), with
 * this package's own retry policy and errors.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import { limitedDefaultChain } from "./credentialChain";
import { SaeApiError, SaeError, SaeNetworkError, SaeOutcomeUnknownError, timeoutKind } from "./errors";
import { largestParameter, redactText, sensitiveValues } from "./redact";
import { type Action, apiVersion, operations } from "./operations";
import { productTiming, type Timing } from "./timing";
import { type AttemptOutcome, type RequestScheduler, sharedScheduler } from "./scheduler";
import {
  classifyFailure,
  neverReachedServer,
  type RetryEvent,
  type RetryOptions,
  retryPolicy,
  withRetries,
} from "./retry";
import {
  type ConfigSource,
  type ConnectionSettings,
  type Environment,
  resolveConnectionSettings,
} from "./settings";
import type {
  AppIdRequest,
  ChangeOrderStarted,
  CreateJobRequest,
  DescribeChangeOrderRequest,
  DescribeChangeOrderResponse,
  DescribeJobHistoryRequest,
  DescribeJobHistoryResponse,
  DescribeJobRequest,
  DescribeJobResponse,
  DescribeJobStatusResponse,
  Envelope,
  ExecJobRequest,
  ExecJobResponse,
  JobStatusRequest,
  ListJobsRequest,
  ListJobsResponse,
  PlainResponse,
  SuspendJobRequest,
  TagResourcesRequest,
  UntagResourcesRequest,
  UpdateJobRequest,
  WireParams,
} from "./types";

/** Options of {@link SaeClient}. */
export interface SaeClientOptions {
  /** Where to send requests and with which credentials. */
  readonly connection: ConnectionSettings;
  /** Retry tuning; see {@link RetryOptions} for the defaults. */
  readonly retry?: RetryOptions;
  /**
   * The durations the client chooses itself: how long one attempt waits for its answer, and the
   * backoff between attempts (an explicit `retry` setting wins over the latter).
   * @default productTiming
   */
  readonly timing?: Timing;
  /** Appended to the User-Agent header. */
  readonly userAgent?: string;
  /**
   * Hears about the retries of a call, once per cause: the first time a call is throttled, say,
   * not every time. `label` is the scope's (see {@link SaeClient.scoped}).
   */
  readonly onRetry?: (action: Action, event: RetryEvent, label?: string) => void;
}

/** What one operation's calls share: see {@link SaeClient.scoped}. */
export interface CallScope {
  /** Epoch milliseconds after which no call of the operation is sent or retried. */
  readonly deadlineMs?: number;
  /** What the operation is about, for retry lines: `job template "nightly"`. */
  readonly label?: string;
}

/** A typed client for the SAE 2019-05-06 job operations. */
export class SaeClient {
  private readonly api: OpenApi;
  private readonly options: SaeClientOptions;
  private readonly policy;
  private readonly scheduler: RequestScheduler;
  /** The durations this client and the waits built on it run on. */
  readonly timing: Timing;
  /** Set on the views {@link SaeClient.scoped} makes. */
  private readonly scope: CallScope = {};

  constructor(options: SaeClientOptions) {
    this.options = options;
    this.timing = options.timing ?? productTiming;
    this.policy = retryPolicy({
      baseDelayMs: this.timing.baseDelayMs,
      maxDelayMs: this.timing.maxDelayMs,
      ...options.retry,
    });
    const { endpoint, credentials } = options.connection;
    const timeout = this.timing.attemptTimeoutMs;
    this.scheduler = sharedScheduler(
      endpoint.url,
      credentials.kind === "static" ? credentials.accessKeyId : "the default credential chain",
      this.timing.throttlePace,
    );
    this.api = new OpenApi(
      new $OpenApi.Config({
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        userAgent: options.userAgent,
        readTimeout: timeout,
        connectTimeout: timeout,
        ...(credentials.kind === "static"
          ? {
              accessKeyId: credentials.accessKeyId,
              accessKeySecret: credentials.accessKeySecret,
              securityToken: credentials.securityToken,
            }
          : { credential: limitedDefaultChain(credentials) }),
      }),
    );
  }

  /** Builds a client from stack config and environment (see `settings.ts` for the order). */
  static fromSettings(
    config: ConfigSource,
    env: Environment,
    options: Omit<SaeClientOptions, "connection"> = {},
  ): SaeClient {
    return new SaeClient({ ...options, connection: resolveConnectionSettings(config, env) });
  }

  /**
   * A view of this client for one operation: its calls are retried only until the scope's
   * deadline (an earlier deadline of this client's own scope still holds), each attempt waits for
   * its answer no longer than that, and retry lines name the scope's label. It shares this
   * client's connection and the process's request scheduler.
   */
  scoped(scope: CallScope): SaeClient {
    const view = Object.create(this) as SaeClient;
    const deadlines = [this.scope.deadlineMs, scope.deadlineMs].filter((d) => d !== undefined);
    Object.defineProperty(view, "scope", {
      value: {
        deadlineMs: deadlines.length > 0 ? Math.min(...deadlines) : undefined,
        label: scope.label ?? this.scope.label,
      },
    });
    return view;
  }

  /** The base URL requests go to. */
  get endpointUrl(): string {
    return this.options.connection.endpoint.url;
  }

  createJob(request: CreateJobRequest): Promise<ChangeOrderStarted> {
    return this.call("CreateJob", { ...request, Workload: "job" });
  }

  updateJob(request: UpdateJobRequest): Promise<ChangeOrderStarted> {
    return this.call("UpdateJob", request);
  }

  describeJob(request: DescribeJobRequest): Promise<DescribeJobResponse> {
    return this.call("DescribeJob", { ...request });
  }

  deleteJob(request: AppIdRequest): Promise<PlainResponse> {
    return this.call("DeleteJob", { ...request });
  }

  /** Starts a job from a template. Retried after a lost answer only when it carries an EventId. */
  async execJob(request: ExecJobRequest): Promise<ExecJobResponse> {
    const response = await this.call<ExecJobResponse>("ExecJob", { ...request });
    // ExecJob can answer HTTP 200 with a failure inside Data.
    const inner = response.Data;
    if (inner && (inner.Success === false || inner.Success === "false")) {
      throw new SaeApiError({
        action: "ExecJob",
        code: String(inner.Code ?? "ExecJob.Failed"),
        status: 200,
        apiMessage: inner.Msg ?? "the job was not started",
        requestId: response.RequestId,
      });
    }
    return response;
  }

  listJobs(request: ListJobsRequest = {}): Promise<ListJobsResponse> {
    return this.call("ListJobs", { ...request });
  }

  describeJobStatus(request: JobStatusRequest): Promise<DescribeJobStatusResponse> {
    return this.call("DescribeJobStatus", { ...request });
  }

  suspendJob(request: SuspendJobRequest): Promise<PlainResponse> {
    return this.call("SuspendJob", { ...request });
  }

  describeJobHistory(request: DescribeJobHistoryRequest): Promise<DescribeJobHistoryResponse> {
    return this.call("DescribeJobHistory", { ...request });
  }

  deleteHistoryJob(request: JobStatusRequest): Promise<PlainResponse> {
    return this.call("DeleteHistoryJob", { ...request });
  }

  describeChangeOrder(request: DescribeChangeOrderRequest): Promise<DescribeChangeOrderResponse> {
    return this.call("DescribeChangeOrder", { ...request });
  }

  tagResources(request: TagResourcesRequest): Promise<PlainResponse> {
    return this.call("TagResources", { ...request });
  }

  untagResources(request: UntagResourcesRequest): Promise<PlainResponse> {
    return this.call("UntagResources", { ...request });
  }

  /** The region requests are for, when the settings name one (an explicit endpoint may not). */
  get regionId(): string | undefined {
    return this.options.connection.regionId;
  }

  /**
   * Sends one operation, retrying as the policy allows. Throws {@link SaeApiError},
   * {@link SaeNetworkError}, {@link SaeConfigError}, or {@link SaeOutcomeUnknownError} when a
   * call that is not safe to repeat may or may not have taken effect.
   */
  async call<R extends Envelope<unknown>>(action: Action, params: WireParams): Promise<R> {
    const spec = operations[action];
    const hasEventId = typeof params.EventId === "string" && params.EventId !== "";
    const verdict = (error: unknown) => classifyFailure(error, spec.idempotency, hasEventId);
    // Once per cause: a call throttled ten times says so once.
    const announced = new Set<string>();
    const onRetry = (event: RetryEvent) => {
      const cause = retryCause(event.error);
      if (!announced.has(cause)) {
        announced.add(cause);
        this.options.onRetry?.(action, event, this.scope.label);
      }
    };
    try {
      return await withRetries(
        this.policy,
        (attempt, budget) => {
          const queuedAt = this.policy.now();
          return this.scheduler.send(() => {
            // Waiting for our own scheduler is not waiting for SAE: the budget gets it back, timed
            // on the budget's own clock so that the two never disagree.
            budget.giveBack(this.policy.now() - queuedAt);
            return this.send<R>(action, params, attempt, budget.remainingMs());
          }, attemptOutcome);
        },
        verdict,
        onRetry,
        this.scope.deadlineMs,
      );
    } catch (error) {
      if (error instanceof SaeError && verdict(error) === "outcome-unknown") {
        throw new SaeOutcomeUnknownError(action, error);
      }
      throw error;
    }
  }

  /** One attempt: encode, sign and send through callApi, and turn failures into SAE errors. */
  private async send<R extends Envelope<unknown>>(
    action: Action,
    params: WireParams,
    attempt: number,
    remainingMs: number,
  ): Promise<R> {
    const spec = operations[action];
    // The deadline holds for the wait on an answer too, not only between attempts.
    const { attemptTimeoutMs, minAttemptTimeoutMs } = this.timing;
    const attemptTimeout = Math.round(Math.min(attemptTimeoutMs, Math.max(minAttemptTimeoutMs, remainingMs)));
    const { query, body } = splitParams(spec.bodyParams, params);
    // As the official SDK: a form operation always passes its body map, even empty, so callApi
    // sends (and signs) content-type application/x-www-form-urlencoded; the others pass none.
    const request = new $OpenApi.OpenApiRequest({
      query,
      body: spec.reqBodyType === "formData" ? body : undefined,
    });
    const apiParams = new $OpenApi.Params({
      action,
      version: apiVersion,
      protocol: this.options.connection.endpoint.protocol.toUpperCase(),
      method: spec.method,
      authType: "AK",
      style: "ROA",
      pathname: spec.pathname,
      reqBodyType: spec.reqBodyType,
      bodyType: "json",
    });
    const secrets = sensitiveValues(params, spec.bodyParams);
    const answer: AnswerSlot = { host: this.options.connection.endpoint.host };
    let response: { body?: unknown; statusCode?: number };
    try {
      response = await answerStatus.run(answer, () =>
        this.api.callApi(
          apiParams,
          request,
          new $Util.RuntimeOptions({
            autoretry: false,
            readTimeout: attemptTimeout,
            connectTimeout: attemptTimeout,
          }),
        ),
      );
    } catch (error) {
      throw this.toSaeError(action, error, {
        attempts: attempt,
        params,
        secrets,
        status: answer.status,
        connected: answer.connected,
        timeoutMs: attemptTimeout,
      });
    }
    const envelope = response.body as R;
    if (envelope?.Success === false) {
      throw new SaeApiError({
        action,
        code: String(envelope.Code ?? "UnknownError"),
        status: response.statusCode ?? 200,
        apiMessage: redactText(envelope.Message ?? "SAE reported failure", secrets),
        requestId: envelope.RequestId,
        attempts: attempt,
      });
    }
    return envelope;
  }

  /**
   * Turns what callApi threw into an SAE error whose text holds no URL, query or value of ours.
   * `status` is the HTTP status of the answer when one came (see {@link answerStatus}): callApi
   * loses it when an error answer has no JSON body (a proxy's 502, Node's bare 431).
   */
  private toSaeError(
    action: Action,
    error: unknown,
    call: {
      attempts: number;
      params: WireParams;
      secrets: readonly string[];
      status?: number;
      connected?: boolean;
      timeoutMs: number;
    },
  ): SaeError {
    if (error instanceof SaeError) {
      return error;
    }
    const { attempts, params, secrets } = call;
    const teaError = error as { code?: unknown; statusCode?: unknown; data?: Record<string, unknown> };
    const answered = typeof teaError?.statusCode === "number" && teaError.data !== undefined;
    const status = answered ? (teaError.statusCode as number) : call.status;
    if (status === undefined || status < 400) {
      return new SaeNetworkError({
        action,
        endpoint: this.options.connection.endpoint.host,
        endpointSource: this.options.connection.endpoint.source,
        cause: timeoutKind(error) ? namedTimeout(call.connected, call.timeoutMs) : error,
        mayHaveBeenApplied: !neverReachedServer(error, call.connected),
        attempts,
      });
    }
    const data = answered ? (teaError.data ?? {}) : {};
    let code =
      optionalString(data.Code ?? data.code) ?? (answered ? optionalString(teaError.code) : undefined);
    let apiMessage = redactText(String(data.Message ?? data.message ?? "no message"), secrets);
    if (status === 413 || status === 431) {
      // Waiting cannot help, and "no answer" would send CreateJob to a ListJobs lookup.
      code ??= status === 413 ? "RequestEntityTooLarge" : "RequestHeaderFieldsTooLarge";
      const largest = largestParameter(params);
      apiMessage =
        "the request is too large" +
        (largest
          ? `; its largest parameter is ${largest.name} (${largest.encodedLength} characters URL-encoded)`
          : "") +
        (answered ? ` (SAE said: ${apiMessage})` : "");
    } else if (!answered) {
      apiMessage = "the answer had no SAE error body";
    }
    return new SaeApiError({
      action,
      code: code ?? `HTTP${status}`,
      status,
      apiMessage,
      requestId: optionalString(data.RequestId ?? data.requestId),
      attempts,
    });
  }
}

/** Where {@link answerStatus} records what became of the request to the SAE host. */
interface AnswerSlot {
  readonly host: string;
  /** The HTTP status of the answer, once one came. */
  status?: number;
  /**
   * Whether the request's socket connected; undefined until the request started. A request is
   * written only once its socket is connected, so `false` means nothing of it left this process.
   */
  connected?: boolean;
}

/**
 * What became of the request one `send` is making: the HTTP status of its answer, and whether its
 * socket ever connected. Node announces every client request synchronously on this diagnostics
 * channel, inside the caller's async context, so the store tells whose request it is; requests to
 * other hosts (the credential chain's) are ignored.
 */
const answerStatus = new AsyncLocalStorage<AnswerSlot>();
subscribe("http.client.request.start", (message) => {
  const slot = answerStatus.getStore();
  const request = (message as { request?: ClientRequest }).request;
  if (!slot || !request || request.getHeader("host") !== slot.host) {
    return;
  }
  slot.status = undefined;
  slot.connected = false;
  // A kept-alive socket is connected already; a new one connects later, or never.
  const watch = (socket: Socket) => {
    if (socket.connecting) {
      socket.once("connect", () => {
        slot.connected = true;
      });
    } else {
      slot.connected = true;
    }
  };
  // Node 20 announces the request once it has its socket; later versions may do so before.
  if (request.socket) {
    watch(request.socket);
  } else {
    request.once("socket", watch);
  }
  request.once("response", (answer) => {
    slot.status = answer.statusCode;
  });
});

/**
 * Splits parameters between the query string and the form body, as the operation's wire facts
 * say. Undefined values are left out; everything else, the empty string included, is sent.
 */
export function splitParams(
  bodyParams: readonly string[],
  params: WireParams,
): { query: Record<string, string>; body: Record<string, string> } {
  const query: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    (bodyParams.includes(name) ? body : query)[name] = String(value);
  }
  return { query, body };
}

/**
 * httpx's two timers run for the same time and either may fire first once the request is out, so
 * its `ConnectTimeout` often means a late answer: say which it was, by the socket's state.
 */
function namedTimeout(connected: boolean | undefined, timeoutMs: number): Error {
  const seconds = `${Math.round(timeoutMs / 100) / 10}s`;
  return connected === false
    ? Object.assign(new Error(`the connection did not open within ${seconds}, so nothing was sent`), {
        code: "ConnectTimeout",
      })
    : Object.assign(new Error(`no answer within ${seconds}`), { code: "ReadTimeout" });
}

/** SAE's throttling codes: the account's limit, and the operation's. */
const throttlingCodes = new Set(["Throttling", "Throttling.User", "Throttling.Api"]);

/** Whether an attempt was throttled, for the rate limiter. */
function attemptOutcome(error: unknown): AttemptOutcome {
  return error instanceof SaeApiError && (throttlingCodes.has(error.code) || error.status === 429)
    ? "throttled"
    : "answered";
}

/** What a retry is for, as one word per kind of cause: an SAE code, or a network code. */
function retryCause(error: SaeError): string {
  if (error instanceof SaeApiError) {
    return error.code;
  }
  return error instanceof SaeNetworkError ? (error.networkCode ?? "network") : error.name;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
