/**
 * The sending pace of one request scheduler: how fast requests may go out after SAE answered with
 * throttling, and how the pace comes back once it stops.
 *
 * Unpaced: requests go out as fast as the scheduler's slots allow, until a throttling answer.
 * Throttled: a token bucket at a rate cut to {@link beta} of the rate requests went out at over the
 * last window (a second), never slower than one request per `minGapMs`. Requests sent before a
 * cut were sent at the old pace, so their throttling answers cut nothing more: one cut per round,
 * not one per answer (eight requests throttled together are one signal, not eight).
 * Between cuts the rate climbs back as the AWS SDK's adaptive limiter climbs (CUBIC: slowly near
 * the rate that was throttled, faster past it). After `calmMs` without a throttling answer the
 * bucket is dropped: the pace is back.
 *
 * Why not `DefaultRateLimiter` of `@smithy/core`, which this replaces: measured on a fake clock,
 * a throttling answer before its first half-second measurement (the first burst of a `pulumi up`)
 * cut it to its floor of 0.5 requests a second; its rate stays capped at twice the rate it
 * measures, which its own pacing and any quiet spell keep low; and it never switches off. Three
 * minutes after the last throttling answer, a burst of 20 requests still waited 5 s for tokens.
 */

/** The durations a pace runs on, in milliseconds (see `api/timing.ts`). */
export interface ThrottlePace {
  /** The window a sending rate is measured over, and the unit rates are counted per. */
  readonly windowMs: number;
  /** The longest gap between two requests while throttled: the slowest pace. */
  readonly minGapMs: number;
  /** How long without a throttling answer before requests go unpaced again. */
  readonly calmMs: number;
}

/** The share of the measured rate a throttling answer keeps. */
export const beta = 0.7;

/** CUBIC's scale: how fast the rate climbs back, in requests per window, per window cubed. */
const cubicScale = 0.4;

/** Clock and timer of a pace; tests pass fake ones. */
export interface PaceClock {
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** One scheduler's adaptive pace. */
export class AdaptivePace {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly minRate: number;
  /** Requests per window while throttled; undefined while unpaced. */
  private rate?: number;
  private tokens = 0;
  private filledAt = 0;
  /** The rate cut at the last throttling answer, and when: CUBIC climbs back from there. */
  private cutFrom = 0;
  private cutAt = 0;
  private lastThrottleAt = -Infinity;
  /** Counts the cuts: an answer to a request sent in an earlier round cuts nothing more. */
  private currentRound = 0;
  /** When the requests of the last window went out, oldest first. */
  private readonly sentAt: number[] = [];

  constructor(
    private readonly timing: ThrottlePace,
    clock: PaceClock = {},
  ) {
    this.now = clock.now ?? Date.now;
    this.sleep = clock.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.minRate = timing.windowMs / timing.minGapMs;
  }

  /** Requests per second allowed now; undefined while unpaced. */
  get ratePerSecond(): number | undefined {
    this.settle(this.now());
    return this.rate === undefined ? undefined : (this.rate * 1000) / this.timing.windowMs;
  }

  /** Waits until one more request may go out; resolves to the round it goes out in. */
  async acquire(): Promise<number> {
    for (;;) {
      const now = this.now();
      this.settle(now);
      if (this.rate === undefined) {
        break;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        break;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.rate) * this.timing.windowMs));
    }
    const sent = this.now();
    this.sentAt.push(sent);
    this.sentIn(sent);
    return this.currentRound;
  }

  /** Hears how a request that went out in `round` ended: throttled, or answered otherwise. */
  answered(round: number, throttled: boolean): void {
    const now = this.now();
    if (throttled) {
      this.lastThrottleAt = now;
      if (round === this.currentRound) {
        this.cut(now);
      }
      return;
    }
    this.settle(now);
    if (this.rate !== undefined) {
      const t = (now - this.cutAt) / this.timing.windowMs;
      const back = Math.cbrt((this.cutFrom * (1 - beta)) / cubicScale);
      this.setRate(now, cubicScale * (t - back) ** 3 + this.cutFrom);
    }
  }

  private cut(now: number): void {
    // At least one a window: a lone request throttled after a long wait still counts.
    const sent = Math.max(1, this.sentIn(now));
    this.cutFrom = this.rate === undefined ? sent : Math.min(this.rate, sent);
    this.cutAt = now;
    if (this.rate === undefined) {
      // A fresh bucket starts empty: the next request waits its turn.
      this.tokens = 0;
      this.filledAt = now;
    }
    this.setRate(now, beta * this.cutFrom);
    this.currentRound++;
  }

  /** Drops the bucket once throttling has stopped for `calmMs`. */
  private settle(now: number): void {
    if (this.rate !== undefined && now - this.lastThrottleAt >= this.timing.calmMs) {
      this.rate = undefined;
    }
  }

  private setRate(now: number, rate: number): void {
    this.refill(now);
    this.rate = Math.max(this.minRate, rate);
    // A window's worth of requests may go at once, and always one.
    this.tokens = Math.min(this.tokens, Math.max(1, this.rate));
  }

  private refill(now: number): void {
    if (this.rate !== undefined) {
      const earned = ((now - this.filledAt) / this.timing.windowMs) * this.rate;
      this.tokens = Math.min(Math.max(1, this.rate), this.tokens + earned);
    }
    this.filledAt = now;
  }

  /** How many requests went out in the window that ends now. */
  private sentIn(now: number): number {
    while (this.sentAt.length > 0 && this.sentAt[0] <= now - this.timing.windowMs) {
      this.sentAt.shift();
    }
    return this.sentAt.length;
  }
}
