/**
 * Polling with a deadline: fast at first (an emulator answers in a moment), slower later (real
 * deployments take minutes).
 */

/** How fast to poll. Durations in milliseconds. */
export interface Pace {
  /** First interval; each next one is half as long again, up to `maxIntervalMs`. @default 250 */
  readonly firstIntervalMs?: number;
  /** @default 5000 */
  readonly maxIntervalMs?: number;
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

/** The interval after `interval`: half as long again, up to the pace's longest. */
export function nextInterval(interval: number, pace: Pace): number {
  return Math.min(pace.maxIntervalMs ?? 5000, Math.round(interval * 1.5));
}

/** Resolves after `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `step` until it returns a value (done) or throws (failed). When the next wait would pass
 * the deadline, throws what `timedOut` builds instead.
 */
export async function pollUntil<T>(
  step: (elapsedMs: number) => Promise<T | undefined>,
  options: PollOptions,
  timedOut: (elapsedMs: number) => Error,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let interval = options.firstIntervalMs ?? 250;
  for (;;) {
    const result = await step(now() - started);
    if (result !== undefined) {
      return result;
    }
    const elapsed = now() - started;
    if (elapsed + interval > options.timeoutMs) {
      throw timedOut(elapsed);
    }
    await sleep(interval);
    interval = nextInterval(interval, options);
  }
}
