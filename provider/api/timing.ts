/**
 * The durations the provider chooses itself: how long one attempt waits for an answer, the
 * backoff between attempts, the polling pace of every wait, and the grace periods for SAE's
 * eventually consistent reads. The user's deadlines (`sae:changeOrderTimeout`,
 * `waitTimeoutSeconds`) are not among them.
 *
 * {@link productTiming} is the schedule every real deployment runs on. Tests against the local
 * emulator may run the same schedule faster, through the environment of the process that loads
 * the provider (Pulumi's host): `SAE_TIME_SCALE`, a number in (0, 1], multiplies every duration
 * here that is spent waiting on purpose (backoff, polling pace, grace periods, the history
 * budget). It is honoured only for a loopback endpoint, so real SAE always sees the product's pace.
 * How long an attempt waits for its answer is not scaled: an answer ends that wait as soon as it
 * comes, so a shorter limit would save no time, only turn a slow answer on a loaded machine into
 * a lost one. Tests of late and lost answers set it on its own instead: `SAE_ATTEMPT_TIMEOUT_MS`,
 * also for a loopback endpoint only.
 */
import { SaeConfigError } from "./errors";
import type { ThrottlePace } from "./pace";
import type { Environment } from "./settings";

/** The polling pace of waits (see `resources/polling.ts`). Milliseconds. */
export interface PollPace {
  /** The shortest gap between two polls. */
  readonly minGapMs: number;
  /** The gap as a share of the time waited, when that is longer than `minGapMs`. */
  readonly gapShare: number;
  /** What the first answer is assumed to take, before one has been timed. */
  readonly firstLatencyMs: number;
  /** Timers fire a little late on a busy machine: polls are sent this much early. */
  readonly timerSlackMs: number;
}

/** Every duration the provider chooses itself, in milliseconds. */
export interface Timing {
  /** The factor applied to {@link productTiming}: 1 for real SAE. */
  readonly scale: number;
  /** How long one attempt waits to connect and for its answer. */
  readonly attemptTimeoutMs: number;
  /** The shortest wait for an answer, even close to a deadline. */
  readonly minAttemptTimeoutMs: number;
  /** The first backoff between attempts; each retry doubles it, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  /** The longest single backoff. */
  readonly maxDelayMs: number;
  /** The polling pace of waits. */
  readonly pace: PollPace;
  /** The request scheduler's pace after a throttling answer (see `api/pace.ts`). */
  readonly throttlePace: ThrottlePace;
  /** How long a template SAE confirmed creating may still be unknown to its other operations. */
  readonly createGraceMs: number;
  /** The waits between attempts within that grace; the last one repeats. */
  readonly createGraceDelaysMs: readonly number[];
  /** How long ListJobs may lag behind a create whose answer was lost. */
  readonly listingLagGraceMs: number;
  /** How long a failed run's message waits for the template's job history. */
  readonly historyBudgetMs: number;
}

/** The schedule of every real deployment. */
export const productTiming: Timing = {
  scale: 1,
  attemptTimeoutMs: 30_000,
  minAttemptTimeoutMs: 1000,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  pace: { minGapMs: 1000, gapShare: 0.1, firstLatencyMs: 250, timerSlackMs: 50 },
  // Rates per second; at worst a request every 2 s (the AWS SDK's floor); back 5 s after the last
  // throttling answer, longer than CUBIC takes to climb back past any rate SAE allows.
  throttlePace: { windowMs: 1000, minGapMs: 2000, calmMs: 5000 },
  createGraceMs: 10_000,
  createGraceDelaysMs: [250, 500, 1000, 2000],
  listingLagGraceMs: 10_000,
  historyBudgetMs: 10_000,
};

/** The environment variable that scales {@link productTiming} for tests against the emulator. */
export const timeScaleVariable = "SAE_TIME_SCALE";

/**
 * {@link productTiming} with every deliberate wait multiplied by `scale` (shares stay as they are,
 * and so do the attempt timeouts: see the module comment).
 */
export function scaledTiming(scale: number): Timing {
  if (!(scale > 0 && scale <= 1)) {
    throw new RangeError(`a time scale must be a number in (0, 1], not ${scale}`);
  }
  const ms = (value: number) => value * scale;
  const p = productTiming;
  return {
    scale,
    attemptTimeoutMs: p.attemptTimeoutMs,
    minAttemptTimeoutMs: p.minAttemptTimeoutMs,
    baseDelayMs: ms(p.baseDelayMs),
    maxDelayMs: ms(p.maxDelayMs),
    pace: {
      minGapMs: ms(p.pace.minGapMs),
      gapShare: p.pace.gapShare,
      firstLatencyMs: ms(p.pace.firstLatencyMs),
      timerSlackMs: ms(p.pace.timerSlackMs),
    },
    throttlePace: {
      windowMs: ms(p.throttlePace.windowMs),
      minGapMs: ms(p.throttlePace.minGapMs),
      calmMs: ms(p.throttlePace.calmMs),
    },
    createGraceMs: ms(p.createGraceMs),
    createGraceDelaysMs: p.createGraceDelaysMs.map(ms),
    listingLagGraceMs: ms(p.listingLagGraceMs),
    historyBudgetMs: ms(p.historyBudgetMs),
  };
}

/** The environment variable that sets how long one attempt waits for its answer, for tests. */
export const attemptTimeoutVariable = "SAE_ATTEMPT_TIMEOUT_MS";

/**
 * The timing for a client of an endpoint: {@link productTiming}, or, for a loopback endpoint when
 * the environment sets {@link timeScaleVariable}, that schedule scaled, and with
 * {@link attemptTimeoutVariable}, that attempt timeout. A value out of range is a configuration
 * error naming the variable, whatever the endpoint.
 */
export function timingFor(env: Environment, loopbackEndpoint: boolean): Timing {
  const scaleText = env[timeScaleVariable]?.trim();
  const timeoutText = env[attemptTimeoutVariable]?.trim();
  const scale = scaleText ? Number(scaleText) : 1;
  if (!(scale > 0 && scale <= 1)) {
    throw new SaeConfigError(
      `environment ${timeScaleVariable} is "${scaleText}": it must be a number greater than 0 and at most 1 ` +
        "(the factor applied to the provider's own waits, for tests against the local emulator).",
    );
  }
  const timeoutMs = timeoutText ? Number(timeoutText) : undefined;
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 100)) {
    throw new SaeConfigError(
      `environment ${attemptTimeoutVariable} is "${timeoutText}": it must be a whole number of milliseconds, ` +
        "at least 100 (how long one request waits for its answer, for tests against the local emulator).",
    );
  }
  if (!loopbackEndpoint || (!scaleText && timeoutMs === undefined)) {
    return productTiming;
  }
  const timing = scaleText ? scaledTiming(scale) : productTiming;
  return timeoutMs === undefined
    ? timing
    : {
        ...timing,
        attemptTimeoutMs: timeoutMs,
        minAttemptTimeoutMs: Math.min(timing.minAttemptTimeoutMs, timeoutMs),
      };
}

/**
 * A duration for a message: whole seconds ("10s"), or one significant digit below a second
 * ("0.5s"), so a scaled grace does not read "0s".
 */
export function secondsText(ms: number): string {
  return ms >= 950 ? `${Math.round(ms / 1000)}s` : `${Number((Math.max(0, ms) / 1000).toPrecision(1))}s`;
}
