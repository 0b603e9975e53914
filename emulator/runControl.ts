// Job run controls for test code (the Emulator object's listRuns, startScheduledRun, finishRun,
// purgeRunHistory): what SAE does on its own, without a request, made scriptable. Misuse throws a
// plain Error (not an ApiError): it is a mistake in the test, not an answer to a client.

import { activeRuns, concurrencyPolicy, createRun, runInfo, runIsActive } from "./jobRuns";
import type { JobRun, Store } from "./store";
import type { FinishRunOptions, JobRunInfo, PurgeRunOptions, ScheduledRunOptions } from "./types";

function checkDuration(name: string, ms: number): void {
  if (!(ms >= 0)) {
    throw new RangeError(`${name} must be a non-negative number or Infinity`);
  }
}

/** Run controls over one store; `now` is read per call so tests see the emulator's clock. */
export class RunControl {
  constructor(
    private readonly store: Store,
    private readonly defaultDurationMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs in creation order, of one template or all. */
  list(appId?: string): JobRunInfo[] {
    const now = this.now();
    return [...this.store.runs.values()]
      .filter((r) => appId === undefined || r.appId === appId)
      .map((r) => runInfo(r, now));
  }

  get(jobId: string): JobRunInfo | undefined {
    const run = this.store.runs.get(jobId);
    return run && runInfo(run, this.now());
  }

  /** A run started by the template's schedule, under the same policy rules a CronJob follows. */
  startScheduled(appId: string, options: ScheduledRunOptions = {}): JobRunInfo {
    const now = this.now();
    const t = this.store.templates.get(appId);
    if (!t) {
      throw new Error(`startScheduledRun: no job template ${appId}`);
    }
    if (t.suspended) {
      throw new Error(`startScheduledRun: job template ${appId} is suspended, so its schedule does not fire`);
    }
    if (concurrencyPolicy(t) === "Forbid" && activeRuns(this.store, appId, now).length > 0) {
      throw new Error(
        `startScheduledRun: job template ${appId} has ConcurrencyPolicy Forbid and a run still active; the schedule would skip this run`,
      );
    }
    const durationMs = options.durationMs ?? this.defaultDurationMs;
    checkDuration("durationMs", durationMs);
    const replicas = options.replicas ?? Number(t.params.Replicas);
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new RangeError("replicas must be a positive integer");
    }
    const run = createRun(
      this.store,
      t,
      {
        trigger: "schedule",
        startAt: now,
        durationMs,
        outcome: options.fail ? "2" : "1",
        ...(options.message !== undefined && { failMessage: options.message }),
        replicas,
        overrides: {},
      },
      now,
    );
    this.store.commit();
    return runInfo(run, now);
  }

  /** End a pending or running run now. */
  finish(jobId: string, options: FinishRunOptions = {}): JobRunInfo {
    const now = this.now();
    const run = this.store.runs.get(jobId);
    if (!run) {
      throw new Error(`finishRun: no job run ${jobId}`);
    }
    if (!runIsActive(run, now)) {
      throw new Error(`finishRun: job run ${jobId} has already ended`);
    }
    // A run still waiting for its Time starts now, so it has a StartTime like any finished run.
    run.startAt = Math.min(run.startAt, now);
    run.endedAt = now;
    run.outcome = options.fail ? "2" : "1";
    if (options.fail && options.message !== undefined) {
      run.endMessage = options.message;
    } else {
      delete run.endMessage; // a failJobRun message planned for its natural end no longer applies
    }
    this.store.commit();
    return runInfo(run, now);
  }

  /** Remove runs (finished ones unless includeActive); returns their job IDs. */
  purge(appId?: string, options: PurgeRunOptions = {}): string[] {
    const now = this.now();
    const only = options.jobIds && new Set(options.jobIds);
    const doomed = [...this.store.runs.values()].filter(
      (r: JobRun) =>
        (appId === undefined || r.appId === appId) &&
        (only === undefined || only.has(r.jobId)) &&
        (options.includeActive === true || !runIsActive(r, now)),
    );
    for (const r of doomed) {
      this.store.runs.delete(r.jobId);
    }
    if (doomed.length > 0) {
      this.store.commit();
    }
    return doomed.map((r) => r.jobId);
  }
}
