/**
 * The SAE job API client: typed operations sent through `@alicloud/openapi-client`'s `callApi`
 * with the official SDK's `Params` (the `sae20190506` SDK itself is not available here), with
 * this package's own retry policy and errors.
 */
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import Credential from "@alicloud/credentials";
import * as $Util from "@alicloud/tea-util";
import { SaeApiError, SaeConfigError, SaeError, SaeNetworkError, SaeOutcomeUnknownError } from "./errors";
import { type Action, apiVersion, operations } from "./operations";
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
  credentialSearchPath,
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
   * Per-attempt limit for connecting and for waiting on the answer, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /** Appended to the User-Agent header. */
  readonly userAgent?: string;
  /** Hears about every retry, e.g. to print "throttled, retrying in 0.8s". */
  readonly onRetry?: (action: Action, event: RetryEvent) => void;
}

/** A typed client for the SAE 2019-05-06 job operations. */
export class SaeClient {
  private readonly api: OpenApi;
  private readonly options: SaeClientOptions;
  private readonly policy;

  constructor(options: SaeClientOptions) {
    this.options = options;
    this.policy = retryPolicy(options.retry);
    const { endpoint, credentials } = options.connection;
    const timeout = options.timeoutMs ?? 30_000;
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
          : { credential: explainedDefaultChain() }),
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

  /**
   * Sends one operation, retrying as the policy allows. Throws {@link SaeApiError},
   * {@link SaeNetworkError}, {@link SaeConfigError}, or {@link SaeOutcomeUnknownError} when a
   * call that is not safe to repeat may or may not have taken effect.
   */
  async call<R extends Envelope<unknown>>(action: Action, params: WireParams): Promise<R> {
    const spec = operations[action];
    const hasEventId = typeof params.EventId === "string" && params.EventId !== "";
    const verdict = (error: unknown) => classifyFailure(error, spec.idempotency, hasEventId);
    try {
      return await withRetries(
        this.policy,
        (attempt) => this.send<R>(action, params, attempt),
        verdict,
        (event) => this.options.onRetry?.(action, event),
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
  ): Promise<R> {
    const spec = operations[action];
    const { query, body } = splitParams(spec.bodyParams, params);
    const request = new $OpenApi.OpenApiRequest({ query, body: Object.keys(body).length ? body : undefined });
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
    let response: { body?: unknown; statusCode?: number };
    try {
      response = await this.api.callApi(apiParams, request, new $Util.RuntimeOptions({ autoretry: false }));
    } catch (error) {
      throw this.toSaeError(action, error, attempt);
    }
    const envelope = response.body as R;
    if (envelope?.Success === false) {
      throw new SaeApiError({
        action,
        code: String(envelope.Code ?? "UnknownError"),
        status: response.statusCode ?? 200,
        apiMessage: envelope.Message ?? "SAE reported failure",
        requestId: envelope.RequestId,
        attempts: attempt,
      });
    }
    return envelope;
  }

  private toSaeError(action: Action, error: unknown, attempts: number): SaeError {
    if (error instanceof SaeError) {
      return error;
    }
    const teaError = error as { code?: unknown; statusCode?: unknown; data?: Record<string, unknown> };
    if (typeof teaError?.statusCode === "number" && teaError.data) {
      return new SaeApiError({
        action,
        code: String(teaError.data.Code ?? teaError.data.code ?? teaError.code ?? "UnknownError"),
        status: teaError.statusCode,
        apiMessage: String(teaError.data.Message ?? teaError.data.message ?? "no message"),
        requestId: optionalString(teaError.data.RequestId ?? teaError.data.requestId),
        attempts,
      });
    }
    return new SaeNetworkError({
      action,
      endpoint: this.endpointUrl,
      cause: error,
      mayHaveBeenApplied: !neverReachedServer(error),
      attempts,
    });
  }
}

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
 * The default credential chain, with its "found nothing" failure turned into a configuration
 * error that lists every place looked at (and is not retried).
 */
function explainedDefaultChain(): Credential {
  const chain = new Credential();
  const getCredential = chain.getCredential.bind(chain);
  chain.getCredential = async () => {
    try {
      return await getCredential();
    } catch (error) {
      throw new SaeConfigError(
        `No Alibaba Cloud credentials found. Looked in: ${credentialSearchPath}. ` +
          `The default chain said: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  return chain;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
