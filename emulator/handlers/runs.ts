// Job run operations: ExecJob, DescribeJobStatus, DescribeJobHistory, DeleteHistoryJob.

import { appIdNotFound, applicationNotFound, errors, invalidParameter, jobIdNotFound } from "../apiError";
import { activeRuns, concurrencyPolicy, createRun, renderRunStatus, runState } from "../jobRuns";
import type { JobRun, JobTemplate } from "../store";
import { parseInteger, parseJson } from "../templateValidation";
import { OK_DATA_STRING, type HandlerContext } from "./context";
import { optional, pageOf, paging, required } from "./paramReaders";

/** ExecJob's per-run parameters besides AppId and EventId, recorded with the run for inspection. */
const OVERRIDES = [
  "Command",
  "CommandArgs",
  "Envs",
  "JarStartArgs",
  "JarStartOptions",
  "WarStartOptions",
  "Replicas",
  "Time",
];

function templateOrNotFound(ctx: HandlerContext): JobTemplate {
  const t = ctx.store.templates.get(required(ctx.params, "AppId"));
  if (!t) {
    throw appIdNotFound();
  }
  return t;
}

function runOrNotFound(ctx: HandlerContext, t: JobTemplate): JobRun {
  const jobId = required(ctx.params, "JobId");
  const run = ctx.store.runs.get(jobId);
  if (!run || run.appId !== t.appId) {
    throw jobIdNotFound(jobId);
  }
  return run;
}

/** ExecJob's Time (yyyy-MM-dd'T'HH:mm:ss'Z') as epoch ms. */
function parseTime(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw invalidParameter("Time", "must look like 2023-09-14T14:25:02Z.");
  }
  return ms;
}

/** ExecJob: start a run of the template. */
export function execJob(ctx: HandlerContext): unknown {
  const t = ctx.store.templates.get(required(ctx.params, "AppId"));
  if (!t) {
    throw applicationNotFound();
  }
  const p = ctx.params;
  const replicasText = optional(p, "Replicas");
  const replicas =
    replicasText === undefined ? Number(t.params.Replicas) : parseInteger("Replicas", replicasText, 1);
  const commandArgs = optional(p, "CommandArgs");
  if (commandArgs !== undefined) {
    const args = parseJson("CommandArgs", commandArgs, "jsonArray") as unknown[];
    if (!args.every((a) => typeof a === "string")) {
      throw invalidParameter("CommandArgs", "must be a JSON array of strings.");
    }
  }
  const envs = optional(p, "Envs");
  if (envs !== undefined) {
    parseJson("Envs", envs, "jsonArray");
  }
  const timeText = optional(p, "Time");
  const startAt = timeText === undefined ? ctx.now : Math.max(ctx.now, parseTime(timeText));

  const answer = (jobId: string) => ({ Code: "200", Data: jobId, Msg: "success", Success: "true" });
  // EventId makes ExecJob idempotent: the same event on the same template is the same run, even
  // when a new run would now be refused (suspended, Forbid): the job exists already.
  const eventId = optional(p, "EventId");
  const earlier = eventId && ctx.store.runsOf(t.appId).find((r) => r.eventId === eventId);
  if (earlier) {
    return answer(earlier.jobId);
  }

  if (t.suspended) {
    throw errors.jobSuspend();
  }
  if (concurrencyPolicy(t) === "Forbid" && activeRuns(ctx.store, t.appId, ctx.now).length > 0) {
    throw errors.jobForbidPolicy();
  }

  // Outcome faults are taken only now that a run is really created.
  const fail = ctx.takeOutcomeFault("failJobRun");
  const timing = fail?.runDurationMs === undefined ? ctx.takeOutcomeFault("jobRunDuration") : undefined;
  const run = createRun(
    ctx.store,
    t,
    {
      trigger: "ExecJob",
      ...(eventId !== undefined && { eventId }),
      startAt,
      durationMs: fail?.runDurationMs ?? timing?.runDurationMs ?? ctx.jobRunDurationMs,
      outcome: fail ? "2" : "1",
      ...(fail?.message !== undefined && { failMessage: fail.message }),
      replicas,
      overrides: Object.fromEntries(OVERRIDES.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
    },
    ctx.now,
  );
  ctx.store.commit();
  return answer(run.jobId);
}

/** DescribeJobStatus: one run's state. */
export function describeJobStatus(ctx: HandlerContext): unknown {
  const t = templateOrNotFound(ctx);
  return renderRunStatus(runOrNotFound(ctx, t), ctx.now);
}

/** DescribeJobHistory: a template's runs, newest first, paged, optionally filtered by State. */
export function describeJobHistory(ctx: HandlerContext): unknown {
  const t = templateOrNotFound(ctx);
  const { page, size } = paging(ctx.params);
  const state = optional(ctx.params, "State");
  if (state !== undefined && !["0", "1", "2", "3"].includes(state)) {
    throw invalidParameter("State", "must be 0, 1, 2 or 3.");
  }
  const runs = ctx.store.runsOf(t.appId).filter((r) => state === undefined || runState(r, ctx.now) === state);
  return {
    Jobs: pageOf(runs, page, size).map((r) => renderRunStatus(r, ctx.now)),
    CurrentPage: page,
    PageSize: size,
    TotalSize: runs.length,
  };
}

/** DeleteHistoryJob: forget one run. */
export function deleteHistoryJob(ctx: HandlerContext): unknown {
  const t = templateOrNotFound(ctx);
  ctx.store.runs.delete(runOrNotFound(ctx, t).jobId);
  ctx.store.commit();
  return OK_DATA_STRING;
}
