/**
 * When a failed SAE call is sent again, and how long to wait first.
 *
 * Retried: throttling, `System.Upgrading`, a change order already running on the app,
 * `Application.InvalidStatus`, HTTP 5xx, and network failures (reset, timeout, refused, and
 * EAI_AGAIN, a DNS server that did not answer in time).
 * Never retried: anything else SAE answered, any other HTTP 4xx included (validation and
 * permission errors, and a request too large, do not heal), and ENOTFOUND: a host that DNS says
 * does not exist comes from a wrong region or endpoint setting, which waiting cannot fix.
 *
 * A call that is not idempotent (CreateJob, ExecJob without EventId), or whose lost answer is
 * settled by reading the result (UpdateJob, DeleteJob), is only retried when the failure proves
 * SAE did not act on it: SAE refused it before doing work (throttled, busy: an HTTP 4xx with one
 * of the codes below), or the connection never opened. A lost answer or any HTTP 5xx (a gateway
 * answers 503 even when the backend acted) may hide a call that did take effect, so it is
 * reported as {@link SaeOutcomeUnknownError} instead.
 */
import { SaeApiError, SaeError, SaeNetworkError } from "./errors";
import type { Idempotency } from "./operations";
import { type PollPace, productTiming } from "./timing";

/** Tunes the retry loop. All durations are in milliseconds. */
export interface RetryOptions {
  /**
   * Most times one call is sent, counting the first. The budget is time (`maxElapsedMs`, and the
   * operation's deadline); this cap is for tests.
   * @default Infinity
   */
  readonly maxAttempts?: number;
  /**
   * The longest a call may keep being retried, from the first attempt, when the operation gives
   * no deadline of its own (see `SaeClient.scoped`); no retry starts after it.
   * @default 120000
   */
  readonly maxElapsedMs?: number;
  /**
   * The first backoff; each retry doubles it, up to `maxDelayMs`, with full jitter.
   * @default 500
   */
  readonly baseDelayMs?: number;
  /**
   * The longest single wait between two attempts.
   * @default 15000
   */
  readonly maxDelayMs?: number;
  /**
   * The polling pace a busy template is retried on (see {@link retryDelay}): the client's
   * `timing.pace`.
   * @default productTiming.pace
   */
  readonly pace?: Pick<PollPace, "minGapMs" | "gapShare">;
  /** Waits; replaced in tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1); replaced in tests. @default Math.random */
  readonly random?: () => number;
  /** Milliseconds clock; replaced in tests. @default Date.now */
  readonly now?: () => number;
}

/** SAE codes that mean "not now": the request was refused before any work was done. */
export const refusedRetryableCodes: ReadonlySet<string> = new Set([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "ServiceUnavailable",
  "System.Upgrading",
  // (sic) SAE spells it this way.
  "Application.ChangerOrderRunning",
  "Application.InvalidStatus",
]);

/** Network error codes that show the request never reached the server. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** What to do with one failed attempt. */
export type RetryVerdict =
  /** Send it again after a backoff. */
  | "retry"
  /** Give up and report the error as it is. */
  | "fail"
  /** Give up: SAE may have acted on it, and repeating it is not safe. */
  | "outcome-unknown";

/**
 * True when no request bytes can have reached SAE for this failure: the transport's code says the
 * connection never opened, or the request's socket is known never to have connected
 * (`connected === false`, as the client watches it).
 *
 * The second covers httpx's `ConnectTimeout` (the timer `@alicloud/tea-typescript` arms through
 * httpx as the request's socket timeout, from the moment the agent hands it a socket): a request
 * is written only once its socket connects, so a timeout before that sent nothing, and a stalled
 * event loop or a gateway slow to accept can cause it while the answer of another call is late.
 * Its name alone proves nothing: the same timer is the socket's idle timer after the write, so
 * only the socket's state decides.
 */
export function neverReachedServer(cause: unknown, connected?: boolean): boolean {
  if (connected === false) {
    return true;
  }
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && neverSentCodes.has(code);
}

/**
 * Decides what to do with a failed attempt of a call with the given idempotency.
 * `hasEventId` tells whether an ExecJob carried an `EventId`.
 */
export function classifyFailure(error: unknown, idempotency: Idempotency, hasEventId = false): RetryVerdict {
  const repeatable = idempotency === "idempotent" || (idempotency === "with-event-id" && hasEventId);
  if (error instanceof SaeApiError) {
    // A gateway's 5xx, 503 included, can come after the backend acted.
    if (error.status >= 500) {
      return repeatable ? "retry" : "outcome-unknown";
    }
    return refusedRetryableCodes.has(error.code) ? "retry" : "fail";
  }
  if (error instanceof SaeNetworkError) {
    if (error.networkCode === "ENOTFOUND") {
      return "fail";
    }
    if (!error.mayHaveBeenApplied || repeatable) {
      return "retry";
    }
    return "outcome-unknown";
  }
  // Not an SAE failure (a bug, bad input caught late): never hide it behind retries.
  return "fail";
}

/** The resolved retry settings, with defaults applied. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly maxElapsedMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly pace: Pick<PollPace, "minGapMs" | "gapShare">;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

/** Applies the documented defaults to `options`. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? Infinity),
    maxElapsedMs: options.maxElapsedMs ?? 120_000,
    baseDelayMs: options.baseDelayMs ?? productTiming.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? productTiming.maxDelayMs,
    pace: options.pace ?? productTiming.pace,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with full
 * jitter so that many clients throttled together do not come back together.
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * policy.random());
}

/**
 * Codes that mean "busy with an earlier change": what ends it is a change order finishing, so it
 * is retried on the pace waits poll at (see `resources/polling.ts`), not a growing backoff that
 * would notice the end many seconds late.
 */
const busyCodes = new Set(["Application.ChangerOrderRunning", "Application.InvalidStatus"]);

/**
 * The wait before retry number `retry` after `error`, `elapsedMs` into the call: the polling pace
 * for a busy template (`policy.pace`: its shortest gap, or its share of the time waited, whichever
 * is longer), else {@link backoffDelay}.
 */
export function retryDelay(policy: RetryPolicy, retry: number, error: unknown, elapsedMs: number): number {
  if (error instanceof SaeApiError && busyCodes.has(error.code)) {
    return Math.max(policy.pace.minGapMs, Math.round(elapsedMs * policy.pace.gapShare));
  }
  return backoffDelay(policy, retry);
}

/** What a last attempt is given at least, before the budget ends, in milliseconds. */
const lastAttemptMarginMs = 100;

/** What the retry loop reports before each wait, so callers can tell the user. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  /** How long retries may go on from now, in milliseconds. */
  readonly remainingMs: number;
  readonly error: SaeError;
}

/** What an attempt is told about the budget, and may give back to it. */
export interface AttemptBudget {
  /** Milliseconds left before the budget ends, as of now. */
  remainingMs(): number;
  /**
   * Gives back time the attempt spent waiting in the client's own scheduler before it was sent:
   * the budget ends that much later. The client's pacing must not use up what the operation may
   * spend on SAE.
   */
  giveBack(ms: number): void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget runs out, then rethrows the
 * last error as it is (each attempt builds its error knowing its attempt number). The budget ends
 * `policy.maxElapsedMs` after the first attempt, or at `deadlineMs` (epoch milliseconds) when that
 * is given, plus the time attempts gave back; a wait that would pass it is cut short, so a last
 * attempt is made just before it. `attempt` reads the time left from its {@link AttemptBudget}
 * when it is sent, to bound its own wait for an answer. `verdict` classifies each failure;
 * `onRetry` hears about each wait.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number, budget: AttemptBudget) => Promise<T>,
  verdict: (error: unknown) => RetryVerdict,
  onRetry?: (event: RetryEvent) => void,
  deadlineMs?: number,
): Promise<T> {
  const started = policy.now();
  let ends = deadlineMs ?? started + policy.maxElapsedMs;
  const budget: AttemptBudget = {
    remainingMs: () => ends - policy.now(),
    giveBack: (ms) => {
      ends += Math.max(0, ms);
    },
  };
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber, budget);
    } catch (error) {
      const now = policy.now();
      const leftMs = ends - now;
      const inBudget = attemptNumber < policy.maxAttempts && leftMs > lastAttemptMarginMs;
      if (!(error instanceof SaeError) || verdict(error) !== "retry" || !inBudget) {
        throw error;
      }
      const delayMs = Math.min(
        retryDelay(policy, attemptNumber, error, now - started),
        leftMs - lastAttemptMarginMs,
      );
      onRetry?.({ attempt: attemptNumber, delayMs, remainingMs: leftMs - delayMs, error });
      await policy.sleep(delayMs);
    }
  }
}
