// Job runs: creating them (ExecJob and the schedule share the rules) and their progress, computed
// from timestamps. States as the SAE API reference lists them for DescribeJobStatus: "0" not run
// yet, "3" running, then "1" succeeded or "2" failed.

import { randomUUID } from "node:crypto";
import type { JobRun, JobTemplate, Store } from "./store";
import type { JobRunInfo, JobRunState } from "./types";

/** SAE's Message for a failed run: the Kubernetes Job condition's reason and message. */
export const BACKOFF_LIMIT_MESSAGE = "BackoffLimitExceeded: Job has reached the specified backoff limit";
/** Message of a run that outlived the template's Timeout (Kubernetes activeDeadlineSeconds). */
export const DEADLINE_MESSAGE = "DeadlineExceeded: Job was active longer than specified deadline";

/** When and how a run ends (or ended). */
interface RunEnd {
  /** Epoch ms; Infinity for a run that waits to be ended. */
  at: number;
  state: "1" | "2";
  /** "" for a success. */
  message: string;
}

/** How a run ends: ended early, else at its duration, unless the template's Timeout comes first. */
export function runEnd(run: JobRun): RunEnd {
  const message = (state: "1" | "2") => (state === "2" ? (run.endMessage ?? BACKOFF_LIMIT_MESSAGE) : "");
  if (run.endedAt !== undefined) {
    return { at: run.endedAt, state: run.outcome, message: message(run.outcome) };
  }
  const natural = run.startAt + run.durationMs;
  // Timeout 0 (or unset) means no deadline, as activeDeadlineSeconds would not be set.
  if (run.timeoutSeconds && run.startAt + run.timeoutSeconds * 1000 < natural) {
    return { at: run.startAt + run.timeoutSeconds * 1000, state: "2", message: DEADLINE_MESSAGE };
  }
  return { at: natural, state: run.outcome, message: message(run.outcome) };
}

/** A run's State at `now`. */
export function runState(run: JobRun, now: number): JobRunState {
  const end = runEnd(run);
  if (now >= end.at) {
    return end.state;
  }
  return now < run.startAt ? "0" : "3";
}

/** Whether a run is still pending or running at `now` (what ConcurrencyPolicy looks at). */
export function runIsActive(run: JobRun, now: number): boolean {
  const state = runState(run, now);
  return state === "0" || state === "3";
}

/**
 * DescribeJobStatus's Data (also one entry of DescribeJobHistory's Jobs). Times are epoch seconds,
 * as numbers, like the reference's examples (StartTime 1657522800). The fields mirror a Kubernetes
 * JobStatus, so CompletionTime is set only on success, as Kubernetes sets completionTime.
 */
export function renderRunStatus(run: JobRun, now: number): Record<string, unknown> {
  const state = runState(run, now);
  const end = runEnd(run);
  // A run ended (replaced) before its Time came never started: no StartTime, no instances.
  const started = now >= run.startAt && run.startAt <= end.at;
  return {
    JobId: run.jobId,
    State: state,
    Active: state === "3" ? run.replicas : 0,
    Succeeded: state === "1" ? run.replicas : 0,
    Failed: state === "2" && started ? run.replicas : 0,
    ...(started && { StartTime: Math.floor(run.startAt / 1000) }),
    ...(state === "1" && { CompletionTime: Math.floor(end.at / 1000) }),
    Message: state === "2" ? end.message : "",
  };
}

/** A run for tests to inspect. */
export function runInfo(run: JobRun, now: number): JobRunInfo {
  const end = runEnd(run);
  return {
    jobId: run.jobId,
    appId: run.appId,
    trigger: run.trigger ?? "ExecJob",
    ...(run.eventId !== undefined && { eventId: run.eventId }),
    overrides: { ...run.overrides },
    replicas: run.replicas,
    state: runState(run, now),
    outcome: end.state,
    message: end.message,
    createdAt: run.createdAt,
    startAt: run.startAt,
    endsAt: end.at,
  };
}

/** What a new run is to be, once the caller has applied its own checks (suspension, Forbid). */
export interface RunSpec {
  trigger: "ExecJob" | "schedule";
  eventId?: string;
  startAt: number;
  durationMs: number;
  outcome: "1" | "2";
  /** Message if it fails; default BackoffLimitExceeded. */
  failMessage?: string;
  replicas: number;
  overrides: Record<string, string>;
}

/** The template's ConcurrencyPolicy; unset behaves as Allow. */
export function concurrencyPolicy(t: JobTemplate): string {
  return t.params.ConcurrencyPolicy ?? "Allow";
}

/** The template's runs that are pending or running at `now`. */
export function activeRuns(store: Store, appId: string, now: number): JobRun[] {
  return store.runsOf(appId).filter((r) => runIsActive(r, now));
}

/** Create and store a run; under ConcurrencyPolicy Replace, end the active runs as failed first. */
export function createRun(store: Store, t: JobTemplate, spec: RunSpec, now: number): JobRun {
  const prefix = spec.trigger === "ExecJob" ? "manual" : "event";
  const jobId = `${prefix}-${randomUUID()}`;
  if (concurrencyPolicy(t) === "Replace") {
    for (const old of activeRuns(store, t.appId, now)) {
      old.endedAt = now;
      old.outcome = "2";
      old.endMessage = `Replaced by ${jobId} (ConcurrencyPolicy Replace).`;
    }
  }
  const timeout = t.params.Timeout === undefined ? 0 : Number(t.params.Timeout);
  const run: JobRun = {
    jobId,
    appId: t.appId,
    trigger: spec.trigger,
    ...(spec.eventId !== undefined && { eventId: spec.eventId }),
    createdAt: now,
    startAt: spec.startAt,
    durationMs: spec.durationMs,
    outcome: spec.outcome,
    ...(timeout > 0 && { timeoutSeconds: timeout }),
    replicas: spec.replicas,
    ...(spec.outcome === "2" && spec.failMessage !== undefined && { endMessage: spec.failMessage }),
    overrides: spec.overrides,
  };
  store.runs.set(jobId, run);
  return run;
}
