/**
 * What one DescribeJobStatus answer says about a run, as pure functions: whether to keep waiting
 * (the wait's condition), and the outputs it gives. And the wait for a run itself: the shared
 * loop in `../waiting` over DescribeJobStatus with that condition.
 *
 * State "1" succeeded and "2" failed are final; "0" (not run yet, e.g. before its `Time`) and "3"
 * (running) keep waiting, as does a State this package does not know.
 *
 * The outputs do not come from the generic read-back: SAE answers times in epoch seconds (the
 * outputs say ISO 8601) and the state as a code (the outputs say it in words).
 */
import type { SaeClient } from "../../api/client";
import { SaeApiError, SaeError } from "../../api/errors";
import type { JobStatus, JobStatusRequest } from "../../api/types";
import type { jobRunStates } from "../../schema/jobRunParameters";
import type { PollOptions } from "../polling";
import { waitFor, type WaitEnd, WaitError } from "../waiting";

/** A run's state in words. */
export type JobRunState = (typeof jobRunStates)[number];

/**
 * The State code SAE gives each state in words: DescribeJobStatus and DescribeJobHistory answer
 * it, and DescribeJobHistory's State filter takes it.
 */
export const jobRunStateCodes = {
  pending: "0",
  succeeded: "1",
  failed: "2",
  running: "3",
} as const satisfies Readonly<Record<JobRunState, string>>;

/** Where a run stands, from one DescribeJobStatus answer. */
export interface RunProgress {
  /** True once it has finished, well or badly. */
  readonly done: boolean;
  /** True when it succeeded. */
  readonly ok: boolean;
  /** The state in words, as the `state` output says it. */
  readonly state: JobRunState;
  /** Short state for the console, such as "running (State 3)". */
  readonly description: string;
  /** SAE's explanation of a failure. */
  readonly message?: string;
}

/**
 * Reads one DescribeJobStatus answer; `undefined` is a run DescribeJobStatus does not report (yet).
 */
export function runProgress(status: JobStatus | undefined): RunProgress {
  if (status === undefined) {
    return { done: false, ok: false, state: "pending", description: "not reported by SAE yet" };
  }
  const code = String(status.State);
  switch (code) {
    case jobRunStateCodes.succeeded:
      return { done: true, ok: true, state: "succeeded", description: "succeeded (State 1)" };
    case jobRunStateCodes.failed: {
      const message = text(status.Message);
      return {
        done: true,
        ok: false,
        state: "failed",
        description: "failed (State 2)",
        ...(message !== undefined && { message }),
      };
    }
    case jobRunStateCodes.running:
      return { done: false, ok: false, state: "running", description: "running (State 3)" };
    case jobRunStateCodes.pending:
      return { done: false, ok: false, state: "pending", description: "not started yet (State 0)" };
    default:
      return { done: false, ok: false, state: "running", description: `unknown state (State ${code})` };
  }
}

/** The names of the outputs a DescribeJobStatus answer sets. */
export const statusOutputNames = [
  "state",
  "message",
  "startTime",
  "completionTime",
  "active",
  "succeeded",
  "failed",
] as const;

/**
 * The outputs one DescribeJobStatus answer gives (no `undefined` members: what SAE leaves out is
 * left out). Without an answer, the run is pending.
 */
export function statusOutputs(status: JobStatus | undefined): Record<string, unknown> {
  const outs: Record<string, unknown> = { state: runProgress(status).state };
  if (status === undefined) {
    return outs;
  }
  const fields: [string, unknown][] = [
    ["message", text(status.Message)],
    ["startTime", isoTime(status.StartTime)],
    ["completionTime", isoTime(status.CompletionTime)],
    ["active", count(status.Active)],
    ["succeeded", count(status.Succeeded)],
    ["failed", count(status.Failed)],
  ];
  for (const [name, value] of fields) {
    if (value !== undefined) {
      outs[name] = value;
    }
  }
  return outs;
}

/**
 * An SAE time as ISO 8601 in UTC, to the second. DescribeJobStatus answers epoch seconds (as a
 * number or a string); epoch milliseconds and date text are read too.
 */
export function isoTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "" || value === 0 || value === "0") {
    return undefined;
  }
  let ms: number;
  if (typeof value === "number" || /^\d+(\.\d+)?$/.test(String(value).trim())) {
    const n = Number(value);
    // Epoch seconds stay below 1e11 until the year 5138; milliseconds passed it in 1973.
    ms = n >= 1e11 ? n : n * 1000;
  } else {
    ms = Date.parse(String(value));
  }
  if (!Number.isFinite(ms)) {
    return undefined;
  }
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function count(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

// ---- waiting for a run ------------------------------------------------------------------------

/** The run did not finish in time. */
export class RunWaitTimeoutError extends WaitError {
  override readonly name = "RunWaitTimeoutError";

  /** Why the last poll failed, when it did. */
  readonly pollFailure?: string;

  constructor(
    readonly jobId: string,
    end: Omit<WaitEnd, "status" | "timedOut">,
    /** The last answer, if there was one. */
    readonly status: JobStatus | undefined,
  ) {
    super(`job ${jobId}`, { ...end, timedOut: true });
    this.pollFailure = end.pollFailure;
  }
}

/** SAE no longer reports a run that was being waited for. */
export class RunGoneError extends SaeError {
  override readonly name = "RunGoneError";
}

/** How to wait for a run: a deadline and polling pace, and where each new state is announced (once). */
export interface RunWaitOptions extends PollOptions {
  /** What the progress lines start with, before `: <state> (<seconds>s)`: `sae: job run "x": job manual-1`. */
  readonly label: string;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
  /**
   * A run this operation just started may not be reported at once: take DescribeJobStatus's 404
   * as "not reported yet" and keep waiting. Otherwise a 404 means SAE no longer has the run.
   */
  readonly justStarted?: boolean;
}

/**
 * Polls DescribeJobStatus, at the client's polling pace (its `timing.pace`; `options` may set
 * another), until the run finishes, well or badly, and returns the last answer with
 * what it means (a finished run always has an answer: {@link runProgress} of none is "not
 * reported yet"). A failed run is an outcome for the caller to record, not an error here. Throws
 * {@link RunWaitTimeoutError} when it does not finish within the timeout, and
 * {@link RunGoneError} when SAE no longer reports it.
 */
export async function waitForRun(
  client: SaeClient,
  request: JobStatusRequest,
  options: RunWaitOptions,
): Promise<{ status: JobStatus | undefined; progress: RunProgress }> {
  // A timeout names the last answer there was, even if the last poll found none.
  let lastAnswer: JobStatus | undefined;
  return waitFor({
    ...client.timing.pace,
    ...options,
    poll: async (deadlineMs) => {
      const status = await describeRun(client.scoped({ deadlineMs }), request, options.justStarted === true);
      lastAnswer = status ?? lastAnswer;
      return status;
    },
    condition: runProgress,
    throwOnFailure: false,
    // With `throwOnFailure: false` only a timeout ends the wait badly.
    error: (end) => new RunWaitTimeoutError(request.JobId, end, lastAnswer),
  });
}

/** One DescribeJobStatus answer; `undefined` for a run just started that SAE does not report yet. */
async function describeRun(
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
