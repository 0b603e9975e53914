/**
 * Polling with a deadline, on a schedule that notices an end quickly without polling more than
 * that needs.
 *
 * Something that ends at time L (from the start of the wait) is noticed by max(L + 1 s, 1.1 L):
 * after a poll sent at time t finds it still going, the next answer must arrive by
 * max(t + 1 s, 1.1 t). So the next poll is sent that long after t, less the time the last answer
 * took. That is the fewest polls the bound allows: one a second for the first ten seconds (SAE's
 * change orders take seconds to minutes, so the first poll is at about a second, not at once),
 * then a tenth of the time waited so far (a 10-minute wait polls about 60 times).
 */
import { type PollPace, productTiming } from "../api/timing";

/**
 * How fast to poll. Durations in milliseconds; each defaults to the product's schedule
 * (`productTiming.pace` in `api/timing.ts`), which a client's `timing` may scale for tests.
 */
export interface Pace extends Partial<PollPace> {
  /**
   * Poll once at the start, before the first gap: for what is usually over by then (a delete that
   * DescribeJob already reports gone). @default false
   */
  readonly pollAtStart?: boolean;
  /** Waits between polls; tests pass one that only moves a fake clock. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** How to poll: a pace and a deadline. */
export interface PollOptions extends Pace {
  /** Give up after this long. */
  readonly timeoutMs: number;
}

const product = productTiming.pace;

/** The gap after a poll sent `sentAtMs` into the wait. */
export function pollGapMs(sentAtMs: number, pace: Pace = {}): number {
  return Math.max(
    pace.minGapMs ?? product.minGapMs,
    Math.round(sentAtMs * (pace.gapShare ?? product.gapShare)),
  );
}

/**
 * When to send the next poll, in milliseconds into the wait, after one sent at `sentAtMs` whose
 * answer took `latencyMs`: early enough that its answer arrives by the bound.
 */
export function nextPollAtMs(sentAtMs: number, latencyMs: number, pace: Pace = {}): number {
  return sentAtMs + pollGapMs(sentAtMs, pace) - latencyMs - (pace.timerSlackMs ?? product.timerSlackMs);
}

/** Resolves after `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `step` until it returns a value (done) or throws (failed). `step` is told how long the
 * wait has gone on and the deadline (epoch milliseconds of `now`), which its own calls must not
 * pass. The last poll is sent just before the deadline; when it finds nothing done, throws what
 * `timedOut` builds.
 */
export async function pollUntil<T>(
  step: (elapsedMs: number, deadlineMs: number) => Promise<T | undefined>,
  options: PollOptions,
  timedOut: (elapsedMs: number) => Error,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeoutMs;
  const timerSlackMs = options.timerSlackMs ?? product.timerSlackMs;
  let nextAt = options.pollAtStart
    ? 0
    : nextPollAtMs(0, options.firstLatencyMs ?? product.firstLatencyMs, options);
  for (;;) {
    const wait = started + nextAt - now();
    if (wait > 0) {
      await sleep(wait);
    }
    const sentAt = now() - started;
    const result = await step(sentAt, deadline);
    if (result !== undefined) {
      return result;
    }
    const elapsed = now() - started;
    if (elapsed >= options.timeoutMs - timerSlackMs) {
      throw timedOut(elapsed);
    }
    // The last poll goes out just before the deadline, so an end just before it is still seen.
    const latency = elapsed - sentAt;
    nextAt = Math.min(nextPollAtMs(sentAt, latency, options), options.timeoutMs - latency - timerSlackMs);
  }
}
