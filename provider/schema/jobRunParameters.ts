/**
 * The inputs and outputs of a job run (`JobRun`), each described once, in the shared table format
 * (`./parameterTable`): ExecJob's per-run parameters, which apply to this run only and leave the
 * template as it is, the provider's own settings, `triggers`, and what DescribeJobStatus reports.
 * Validation, the ExecJob request, the `JobRunArgs` type (with the TSDoc written on each entry
 * here) and the output properties all follow from this table.
 *
 * Source: the ExecJob and DescribeJobStatus pages of the SAE API reference (API version
 * 2019-05-06).
 */
import { regionIdPattern } from "../api/settings";
import { envsShape } from "./jobTemplateStructures";
import {
  param,
  type ParameterSpec,
  type ReportedOf,
  resourceTable,
  type TableInputs,
  type TableValues,
} from "./parameterTable";
import { flag, integer, listOf, oneOf, quoteValue, text } from "./shapes";

/** ExecJob's `Time`: `yyyy-MM-dd'T'HH:mm:ss'Z'`, in UTC. */
export const execJobTimePattern =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** Default of `waitTimeoutSeconds`: one hour. */
export const defaultWaitTimeoutSeconds = 3600;

/**
 * Every input of a job run described by a shape, by name. The run inputs (the template and
 * ExecJob's per-run parameters) are what one run is: a change to any of them (or to `triggers`) is
 * a new run. The `setting` entries are how the provider treats the run, and SAE never sees them.
 */
export const jobRunParameters = {
  /**
   * ID of the job template to run (its AppId), usually `template.appId` of a `JobTemplate`.
   * Required. Changing it starts a new run.
   */
  appId: param(text(), {
    api: "AppId",
    required: true,
    refine: (value) => (value.trim() === "" ? "must not be empty (it is usually template.appId)" : undefined),
  }),
  /**
   * Startup command for this run only, instead of the template's: an executable that exists in
   * the container, such as `echo`. Optional; left out, the template's command runs. Changing it
   * starts a new run.
   */
  command: param(text(), { api: "Command" }),
  /**
   * Arguments of `command` for this run only, one word each, such as `["--date", "2024-05-01"]`.
   * Optional; left out, the template's. Changing them starts a new run.
   */
  commandArgs: param(listOf(text()), { api: "CommandArgs" }),
  /**
   * Environment variables for this run (ExecJob's `Envs`): literal `{name, value}` or
   * `{name, valueFrom: "configMapRef", configMapId, key?}`, as on the JobTemplate. Optional.
   * Changing them starts a new run.
   */
  envs: param(envsShape, { api: "Envs" }),
  /**
   * Number of instances that run this job, at least 1. Optional; left out, the template's
   * `replicas`. Changing it starts a new run.
   */
  replicas: param(integer({ min: 1 }), { api: "Replicas" }),
  /**
   * When the run starts, in UTC, written `yyyy-MM-ddTHH:mm:ssZ`, such as `2024-05-01T02:00:00Z`.
   * Optional; left out, it starts at once. Until then the run is pending, and `pulumi up` waits for
   * it (within `waitTimeoutSeconds`). Changing it starts a new run.
   */
  time: param(
    text({
      pattern: {
        regex: execJobTimePattern,
        rule: "must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, such as 2024-05-01T02:00:00Z",
      },
    }),
    {
      api: "Time",
      // The pattern allows 2024-02-30; a date that does not exist is refused too.
      refine: (value) =>
        isRealTime(value) ? undefined : `is not a date that exists (got ${quoteValue(value)})`,
    },
  ),
  /**
   * Arguments of the JAR start command for this run
   * (`java $JarStartOptions -jar ... $JarStartArgs`). Optional; left out, the template's. Changing
   * them starts a new run.
   */
  jarStartArgs: param(text(), { api: "JarStartArgs" }),
  /**
   * Options of the JAR start command for this run, such as `-Xms4G -Xmx4G`. Optional; left out,
   * the template's. Changing them starts a new run.
   */
  jarStartOptions: param(text(), { api: "JarStartOptions" }),
  /**
   * Start command of a War package for this run. Optional; left out, the template's. Changing it
   * starts a new run.
   */
  warStartOptions: param(text(), { api: "WarStartOptions" }),

  // ---- settings of the provider itself: how `pulumi up` and `pulumi destroy` treat the run ----

  /**
   * How long `pulumi up` waits for the run, in seconds: for a run that ConcurrencyPolicy Forbid
   * holds back to be let through, and for this run to finish. Optional. Defaults to 3600 (one
   * hour). A run still going then is recorded with its job ID and the deployment fails; the next
   * `pulumi up` waits for that same run. Changing it starts nothing. (The `customTimeouts`
   * resource option does not reach dynamic providers; this does.)
   */
  waitTimeoutSeconds: param(integer({ min: 1 }), {
    api: "waitTimeoutSeconds",
    setting: true,
    default: defaultWaitTimeoutSeconds,
  }),
  /**
   * Also delete the run from the template's job history (DeleteHistoryJob) when this resource is
   * destroyed or replaced. Optional. Defaults to `false`: destroying the resource only removes it
   * from the stack, and SAE keeps the run's history. Changing it starts nothing.
   */
  deleteHistoryOnDestroy: param(flag(), { api: "deleteHistoryOnDestroy", setting: true, default: false }),
  /**
   * The region of the job template, such as `cn-beijing`, when it is not the stack's `sae:region`
   * (the template's `regionId`): the run's requests go to that region's endpoint. The output
   * records the region used, so refresh and destroy reach the run even after the stack's region
   * changes. Optional. Defaults to the stack's region.
   */
  regionId: param(
    text({ pattern: { regex: regionIdPattern, rule: "must be a region ID such as cn-hangzhou" } }),
    {
      api: "regionId",
      setting: true,
      computed: true,
    },
  ),
} as const;

/** The table's type. */
export type JobRunParameters = typeof jobRunParameters;
/** An input name, such as `commandArgs`. */
export type JobRunParameterName = keyof JobRunParameters;

/** The inputs of a job run described by the table (each documented there). */
export type JobRunParameterInputs = TableInputs<JobRunParameters>;

/** The plain values of those inputs, as outputs hold them. */
export type JobRunParameterValues = TableValues<JobRunParameters>;

/** A run's state, in words: DescribeJobStatus's State "0", "3", "1" and "2". */
export const jobRunStates = ["pending", "running", "succeeded", "failed"] as const;

/**
 * What SAE reports about the run: outputs only, never inputs. `runStatus.ts` reads them from a
 * DescribeJobStatus answer (the times from epoch seconds, the state from its code).
 */
export const jobRunReportedValues = {
  /**
   * ID of the job SAE started for this run, such as `manual-3db7a8fa-…`; also the resource ID. A
   * failed run that the next `pulumi up` runs again is replaced, so its new job is a new resource
   * with that job's ID; waiting again for a run that had not finished keeps both. (A run that
   * pulumi-sae-job 0.1.0 ran again after a failure keeps the first job's ID as its resource ID,
   * while this names the later job, which refresh and destroy follow.)
   */
  jobId: { api: "JobId", shape: text() },
  /**
   * The EventId ExecJob was sent with. SAE starts one job per EventId, so a `pulumi up` that is
   * interrupted and run again finds the same job instead of starting a second one.
   */
  eventId: { api: "EventId", shape: text() },
  /**
   * Where the run stands: `pending` (not started yet, State 0), `running` (State 3), `succeeded`
   * (State 1) or `failed` (State 2).
   */
  state: { api: "State", shape: oneOf(jobRunStates) },
  /** SAE's message about the run, such as why it failed; absent when SAE gives none. */
  message: { api: "Message", shape: text() },
  /** When the run started, ISO 8601 in UTC (such as `2024-05-01T02:00:03Z`); absent until it starts. */
  startTime: { api: "StartTime", shape: text() },
  /** When the run finished successfully, ISO 8601 in UTC; absent until then (SAE sets it on success only). */
  completionTime: { api: "CompletionTime", shape: text() },
  /** Instances still running. */
  active: { api: "Active", shape: integer() },
  /** Instances that succeeded. */
  succeeded: { api: "Succeeded", shape: integer() },
  /** Instances that failed. */
  failed: { api: "Failed", shape: integer() },
} as const;

/** An output-only name, such as `jobId`. */
export type JobRunReportedName = keyof typeof jobRunReportedValues;

/** The plain values of the output-only properties. */
export type JobRunReported = ReportedOf<typeof jobRunReportedValues>;

/** The hidden input holding the resource's URN, which the `JobRun` class sets (Create sees no URN). */
export const identityKey = "__identity";

/** The job run's table as the generic check takes it. */
export const jobRunTable = resourceTable<ParameterSpec, JobRunParameterName>("JobRun", jobRunParameters, {
  reported: jobRunReportedValues,
  extraInputs: {
    // Any values: a shape would have to say what they may be. Its TSDoc is on `JobRunArgs`.
    triggers: {
      check: (value) =>
        Array.isArray(value)
          ? undefined
          : "must be a list (of any values: a change to any of them starts a new run)",
    },
  },
  hiddenInputs: [identityKey],
});

function isRealTime(value: string): boolean {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString().replace(".000Z", "Z") === value;
}
