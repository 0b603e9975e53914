// The gateway's request rate limit: a token bucket, refilled continuously. Time comes from a
// monotonic clock, so a change of the wall clock neither empties nor fills the bucket (or from
// the emulator's `clock` option, when a test moves time itself).

import { performance } from "node:perf_hooks";
import type { RateLimit } from "./types";

/** A copy of a rate limit with `burst` filled in; throws RangeError/TypeError on one it cannot use. */
export function checkRateLimit(limit: RateLimit): Required<RateLimit> {
  if (typeof limit !== "object" || limit === null) {
    throw new TypeError("rateLimit must be an object { requestsPerSecond, burst? }");
  }
  const { requestsPerSecond } = limit;
  if (
    typeof requestsPerSecond !== "number" ||
    !Number.isFinite(requestsPerSecond) ||
    requestsPerSecond <= 0
  ) {
    throw new RangeError("rateLimit.requestsPerSecond must be a positive number");
  }
  // Below one request a second, a bucket that small would refuse everything: hold at least one.
  const burst = limit.burst ?? Math.max(1, requestsPerSecond);
  if (typeof burst !== "number" || !Number.isFinite(burst) || burst < 1) {
    throw new RangeError("rateLimit.burst must be a number of at least 1");
  }
  return { requestsPerSecond, burst };
}

/** A token bucket of capacity `burst`, full at first, refilled at `requestsPerSecond`. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  /** @param now Milliseconds, of any origin; default a monotonic clock (the emulator's `clock` when set). */
  constructor(
    readonly limit: Required<RateLimit>,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.refilledAt = this.now();
  }

  /** Take a token for one request; false when the bucket is empty (the request is over the limit). */
  take(): boolean {
    const now = this.now();
    const earned = ((now - this.refilledAt) / 1000) * this.limit.requestsPerSecond;
    this.tokens = Math.min(this.limit.burst, this.tokens + earned);
    this.refilledAt = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
