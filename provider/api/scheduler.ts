/**
 * One request scheduler per SAE endpoint and AccessKey for the whole provider process: every
 * attempt of every call goes through it, whichever resource or serialized provider made it.
 *
 * SAE limits requests per account (`Throttling.User`) and per operation (`Throttling.Api`). A
 * `pulumi up` sends the steps of independent resources at once, and Pulumi's host builds a fresh
 * provider (and client) for each serialized provider it loads, so a limit kept per client would
 * not hold. The scheduler bounds the requests in flight (p-limit) and paces them with the AWS
 * SDK's adaptive token bucket (`DefaultRateLimiter` of `@smithy/core/retry`): inactive until the
 * first throttling answer, then a sending rate that drops on each throttling answer and recovers
 * on success.
 */
import type { DefaultRateLimiter } from "@smithy/core/retry";
import pLimit from "p-limit";

/** The most requests one scheduler has in flight at once. */
export const defaultMaxInFlight = 8;

/** How one attempt ended, as the rate limiter needs to know it. */
export type AttemptOutcome = "throttled" | "answered";

/** Paces the attempts sent to one endpoint with one AccessKey. */
export class RequestScheduler {
  private readonly slots: pLimit.Limit;
  private limiter?: DefaultRateLimiter;
  private throttledCount = 0;

  constructor(maxInFlight: number = defaultMaxInFlight) {
    this.slots = pLimit(maxInFlight);
  }

  /**
   * Sends one attempt when a slot is free and the rate allows, and tells the rate limiter how it
   * ended: `outcome` reads the attempt's error (undefined on success).
   */
  send<T>(attempt: () => Promise<T>, outcome: (error: unknown) => AttemptOutcome): Promise<T> {
    return this.slots(async () => {
      const limiter = this.rateLimiter();
      await limiter.getSendToken();
      try {
        const result = await attempt();
        limiter.updateClientSendingRate({});
        return result;
      } catch (error) {
        const throttled = outcome(error) === "throttled";
        if (throttled) {
          this.throttledCount++;
        }
        // The limiter's own test knows only the code `Throttling`; SAE's codes are told to it here.
        limiter.updateClientSendingRate(throttled ? { errorType: "THROTTLING" } : {});
        throw error;
      }
    });
  }

  /** Attempts answered with throttling so far (for the console and the benchmark). */
  get throttled(): number {
    return this.throttledCount;
  }

  /** Attempts waiting for a slot. */
  get queued(): number {
    return this.slots.pendingCount;
  }

  // Loaded on first use: check and diff, which send nothing, do not pay for loading it.
  private rateLimiter(): DefaultRateLimiter {
    if (!this.limiter) {
      const retry = loadRetryModule();
      this.limiter = new retry.DefaultRateLimiter();
    }
    return this.limiter;
  }
}

function loadRetryModule(): typeof import("@smithy/core/retry") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@smithy/core/retry");
}

const schedulers = new Map<string, RequestScheduler>();

/**
 * The process's scheduler for one endpoint URL and AccessKey ID (or credential source, when the
 * key is only known to the credential chain), made on first use.
 */
export function sharedScheduler(endpointUrl: string, principal: string): RequestScheduler {
  const key = `${endpointUrl}\n${principal}`;
  let scheduler = schedulers.get(key);
  if (!scheduler) {
    scheduler = new RequestScheduler();
    schedulers.set(key, scheduler);
  }
  return scheduler;
}
