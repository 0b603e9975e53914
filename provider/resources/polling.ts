/**
 * Polling with a deadline: fast at first (an emulator answers in a moment), slower later (real
 * deployments take minutes).
 */

/** How to poll. Durations in milliseconds. */
export interface PollOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** First interval; each next one is half as long again, up to `maxIntervalMs`. @default 250 */
  readonly firstIntervalMs?: number;
  /** @default 5000 */
  readonly maxIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
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
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
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
    interval = Math.min(options.maxIntervalMs ?? 5000, Math.round(interval * 1.5));
  }
}
