/**
 * Errors raised by the SAE client. One base class, so callers can catch everything this
 * package throws about SAE with one `instanceof`, and subclasses whose `name` says which case
 * it is.
 */
import { redactedCause, redactText } from "./redact";

/** Base class of every error this package raises about SAE. */
export class SaeError extends Error {
  override readonly name: string = "SaeError";
}

/** The configuration (endpoint, region, credentials) is missing or wrong; nothing was sent. */
export class SaeConfigError extends SaeError {
  override readonly name = "SaeConfigError";
}

/** SAE answered a call with an error. */
export class SaeApiError extends SaeError {
  override readonly name = "SaeApiError";
  /** The operation that failed, e.g. `UpdateJob`. */
  readonly action: string;
  /** SAE's error code, e.g. `InvalidParameter.WithMessage`. */
  readonly code: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** SAE's RequestId, for a support ticket. */
  readonly requestId?: string;
  /** SAE's own message. */
  readonly apiMessage: string;
  /** How many times the call was sent before giving up. */
  readonly attempts: number;

  constructor(fields: {
    action: string;
    code: string;
    status: number;
    apiMessage: string;
    requestId?: string;
    attempts?: number;
  }) {
    // Belt and braces: the client already took our values out; no URL or query either way.
    const apiMessage = redactText(fields.apiMessage);
    const tries = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
    const request = fields.requestId ? ` (RequestId ${fields.requestId})` : "";
    super(
      `SAE ${fields.action} failed${tries}: ${fields.code} (HTTP ${fields.status}): ${apiMessage}${request}`,
    );
    this.action = fields.action;
    this.code = fields.code;
    this.status = fields.status;
    this.apiMessage = apiMessage;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts ?? 1;
  }

  /** True when the named resource does not exist (SAE uses several codes for this). */
  get isNotFound(): boolean {
    return notFoundCodes.has(this.code);
  }
}

/**
 * No answer came back: the connection failed, was reset, or timed out.
 *
 * `mayHaveBeenApplied` is false only when the request certainly never reached SAE (the
 * connection was refused or never opened). When it is true and the call was not idempotent, the
 * caller must find out whether it took effect before trying again.
 *
 * The message names the operation, the endpoint host, the failure and the attempts; never the
 * URL path or query (see `redact.ts`). `cause` is a redacted copy of the transport error.
 */
export class SaeNetworkError extends SaeError {
  override readonly name = "SaeNetworkError";
  readonly action: string;
  /** `host[:port]` the request went to. */
  readonly endpoint: string;
  readonly mayHaveBeenApplied: boolean;
  readonly attempts: number;
  /**
   * The transport's error code (ECONNRESET, ENOTFOUND…), or the kind of httpx timeout
   * (`ConnectTimeout`, `ReadTimeout`), when it says one.
   */
  readonly networkCode?: string;
  override readonly cause: unknown;

  constructor(fields: {
    action: string;
    /** `host[:port]`; a URL is reduced to its host. */
    endpoint: string;
    cause: unknown;
    mayHaveBeenApplied: boolean;
    attempts?: number;
    /** Which setting chose the endpoint (`Endpoint.source`), named when the host does not exist. */
    endpointSource?: string;
  }) {
    const cause = redactedCause(fields.cause);
    const host = fields.endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/.*$/, "");
    const code = (cause as { code?: unknown }).code;
    const networkCode = typeof code === "string" ? code : timeoutKind(cause);
    const tries = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
    super(
      networkCode === "ENOTFOUND"
        ? `SAE ${fields.action} cannot reach ${host}: DNS has no such host (ENOTFOUND). ` +
            `The host comes from ${fields.endpointSource ?? "the endpoint setting"}: check the region or set sae:endpoint.`
        : `SAE ${fields.action} got no answer from ${host}${tries}: ${describeCause(cause)}`,
    );
    this.action = fields.action;
    this.endpoint = host;
    this.cause = cause;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied;
    this.attempts = fields.attempts ?? 1;
    this.networkCode = networkCode;
  }
}

/**
 * A call that is not safe to repeat blindly (CreateJob, UpdateJob, DeleteJob) lost its answer in
 * a way that means SAE may have carried it out. The resource layer looks the result up instead of
 * sending it again.
 */
export class SaeOutcomeUnknownError extends SaeError {
  override readonly name = "SaeOutcomeUnknownError";
  readonly action: string;
  override readonly cause: SaeError;

  constructor(action: string, cause: SaeError) {
    super(`SAE ${action}: the outcome is unknown (${cause.message})`);
    this.action = action;
    this.cause = cause;
  }
}

const notFoundCodes = new Set(["InvalidAppId.NotFound", "InvalidApplication.NotFound"]);

/**
 * httpx's timeouts carry no code, only their kind at the start of the message: `ConnectTimeout`
 * (the request's socket timer) or `ReadTimeout` (the wait for the answer).
 */
export function timeoutKind(cause: unknown): "ConnectTimeout" | "ReadTimeout" | undefined {
  const kind =
    cause instanceof Error ? /^(ConnectTimeout|ReadTimeout)\b/.exec(cause.message)?.[1] : undefined;
  return kind as "ConnectTimeout" | "ReadTimeout" | undefined;
}

/** The cause's (already redacted) message, with its code when the message does not say it. */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" && !cause.message.includes(code)
      ? `${cause.message} (${code})`
      : cause.message;
  }
  return String(cause);
}
