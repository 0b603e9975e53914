// Job run progress, computed from timestamps. States as OPERATIONS.md lists them for
// DescribeJobStatus: "0" not run yet, "3" running, then "1" succeeded or "2" failed.

import type { JobRun } from "./store";

/** A run's State at `now`. */
export function runState(run: JobRun, now: number): "0" | "1" | "2" | "3" {
  const end = run.endedAt ?? run.startAt + run.durationMs;
  if (now >= end) return run.outcome;
  return now < run.startAt ? "0" : "3";
}

/** Whether a run is still pending or running at `now` (what ConcurrencyPolicy looks at). */
export function runIsActive(run: JobRun, now: number): boolean {
  const state = runState(run, now);
  return state === "0" || state === "3";
}

/** Epoch seconds the run completed, if it has. */
function completionSeconds(run: JobRun, now: number): number | undefined {
  const end = run.endedAt ?? run.startAt + run.durationMs;
  return now >= end ? Math.floor(end / 1000) : undefined;
}

/** DescribeJobStatus's Data (also one entry of DescribeJobHistory's Jobs). Times are epoch seconds. */
export function renderRunStatus(run: JobRun, now: number): Record<string, unknown> {
  const state = runState(run, now);
  const completion = completionSeconds(run, now);
  let message = "";
  if (state === "2")
    message = run.endMessage ?? "BackoffLimitExceeded: Job has reached the specified backoff limit";
  return {
    JobId: run.jobId,
    State: state,
    Active: state === "3" ? run.replicas : 0,
    Succeeded: state === "1" ? run.replicas : 0,
    Failed: state === "2" ? run.replicas : 0,
    ...(state !== "0" && { StartTime: Math.floor(run.startAt / 1000) }),
    ...(completion !== undefined && { CompletionTime: completion }),
    Message: message,
  };
}
