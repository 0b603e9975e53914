/**
 * Waiting for a job run to finish: polls DescribeJobStatus, announces each new state once, and on
 * timeout names the last state seen. The decision is {@link runProgress}, a pure function of one
 * answer; this loop only paces the polls.
 */
import type { SaeClient } from "../../api/client";
import { SaeApiError, SaeError } from "../../api/errors";
import type { JobStatus, JobStatusRequest } from "../../api/types";
import { type RunProgress, runProgress } from "./runStatus";

/** How fast to poll. Durations in milliseconds. */
export interface Pace {
  /** First interval; each next one is half as long again, up to `maxIntervalMs`. @default 250 */
  readonly firstIntervalMs?: number;
  /** @default 5000 */
  readonly maxIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** How to wait for a run. */
export interface RunWaitOptions extends Pace {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Hears each new state, once. */
  readonly onProgress?: (progress: RunProgress, elapsedMs: number) => void;
  /**
   * A run this operation just started may not be reported at once: take DescribeJobStatus's 404
   * as "not reported yet" and keep waiting. Otherwise a 404 means SAE no longer has the run.
   */
  readonly justStarted?: boolean;
}

/** The run did not finish in time. */
export class RunWaitTimeoutError extends SaeError {
  override readonly name = "RunWaitTimeoutError";

  constructor(
    readonly jobId: string,
    /** The last state seen. */
    readonly progress: RunProgress,
    /** The last answer, if there was one. */
    readonly status: JobStatus | undefined,
    readonly waitedMs: number,
  ) {
    super(
      `job ${jobId} did not finish within ${Math.round(waitedMs / 1000)}s; last state: ${progress.description}`,
    );
  }
}

/** SAE no longer reports a run that was being waited for. */
export class RunGoneError extends SaeError {
  override readonly name = "RunGoneError";
}

/**
 * Polls DescribeJobStatus until the run finishes, well or badly, and returns the last answer with
 * what it means. Throws {@link RunWaitTimeoutError} when it does not finish within the timeout.
 */
export async function waitForRun(
  client: SaeClient,
  request: JobStatusRequest,
  options: RunWaitOptions,
): Promise<{ status: JobStatus; progress: RunProgress }> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let interval = options.firstIntervalMs ?? 250;
  let last: { status?: JobStatus; progress?: RunProgress } = {};
  for (;;) {
    const status = await describe(client, request, options.justStarted === true);
    const progress = runProgress(status);
    if (progress.description !== last.progress?.description) {
      options.onProgress?.(progress, now() - started);
    }
    last = { status: status ?? last.status, progress };
    if (progress.done && status !== undefined) {
      return { status, progress };
    }
    const elapsed = now() - started;
    if (elapsed + interval > options.timeoutMs) {
      throw new RunWaitTimeoutError(request.JobId, progress, last.status, options.timeoutMs);
    }
    await sleep(interval);
    interval = nextInterval(interval, options);
  }
}

/** The interval after `interval`, by the pace. */
export function nextInterval(interval: number, pace: Pace): number {
  return Math.min(pace.maxIntervalMs ?? 5000, Math.round(interval * 1.5));
}

/** Waits `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function describe(
  client: SaeClient,
  request: JobStatusRequest,
  justStarted: boolean,
): Promise<JobStatus | undefined> {
  try {
    return (await client.describeJobStatus(request)).Data;
  } catch (error) {
    // The docs name no code for an unknown job; the status says it.
    if (error instanceof SaeApiError && error.status === 404) {
      if (justStarted) {
        return undefined;
      }
      throw new RunGoneError(
        `SAE no longer reports job ${request.JobId} (DescribeJobStatus answered ${error.code}, HTTP 404: ` +
          `its history was deleted or purged), so how it ended is unknown`,
      );
    }
    throw error;
  }
}
