/**
 * `listJobRuns`: a job template's last runs, most recent first, from its job history
 * (DescribeJobHistory), each read as a JobRun's outputs read a run.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SaeApiError, SaeError } from "../api/errors";
import { recentRuns } from "../api/pages";
import type { JobStatus } from "../api/types";
import { type JobRunReported, jobRunStates } from "../schema/jobRunParameters";
import type { ListJobRunsArgs } from "../schema/lookupParameters";
import { jobRunStateCodes, statusOutputNames, statusOutputs } from "../resources/jobRun/runStatus";
import { type LookupConnect, lookupConnection } from "./lookupClient";
import { SaeLookupError } from "./lookupError";
import { type InputArgs, outputForm } from "./outputForm";

/** How many runs {@link listJobRuns} gives when no `limit` is set. */
export const defaultJobRunsLimit = 20;

export type { ListJobRunsArgs };

/** {@link listJobRunsOutput}'s arguments: those of {@link listJobRuns}, each a Pulumi input. */
export type ListJobRunsOutputArgs = InputArgs<ListJobRunsArgs>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type StatusOutputName = (typeof statusOutputNames)[number];

/**
 * One run of a job template, as its job history reports it: its job ID and what a JobRun's
 * outputs say about a run (each documented there); what SAE leaves out is absent.
 */
export type JobRunSummary = Simplify<
  Pick<JobRunReported, "jobId" | "state"> & Partial<Pick<JobRunReported, Exclude<StatusOutputName, "state">>>
>;

/**
 * Lists a job template's last runs, most recent first: DescribeJobHistory, page after page until
 * `limit` runs (default 20) or the end of the history. It runs in the program, during `preview`
 * too, with the stack's `sae:*` configuration and credentials, and changes nothing.
 *
 * @example
 * ```ts
 * const failures = await listJobRuns({ appId: "f7730764-…", state: "failed", limit: 5 });
 * ```
 */
export function listJobRuns(args: ListJobRunsArgs): Promise<JobRunSummary[]> {
  return lookUpJobRuns(lookupConnection, args);
}

/** What {@link listJobRuns} does, through `connect` (the program's, or a provider plugin's). */
export async function lookUpJobRuns(connect: LookupConnect, args: ListJobRunsArgs): Promise<JobRunSummary[]> {
  const { appId, limit = defaultJobRunsLimit, state } = args;
  if (typeof appId !== "string" || appId.trim() === "") {
    throw new SaeError("listJobRuns: appId must be a job template's ID, a non-empty string");
  }
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SaeError("listJobRuns: limit must be a whole number, at least 1");
  }
  if (state !== undefined && !jobRunStates.includes(state)) {
    throw new SaeError(`listJobRuns: state must be one of ${jobRunStates.join(", ")}`);
  }
  const { client } = connect(args.regionId);
  const scoped = client.scoped({ label: `job template ${appId}` });
  let runs: JobStatus[];
  try {
    runs = await recentRuns(scoped, appId, limit, state && jobRunStateCodes[state]);
  } catch (error) {
    if (error instanceof SaeApiError && (error.isNotFound || error.status === 404)) {
      throw new SaeLookupError(
        "not-found",
        `listJobRuns: no job template with AppId ${appId} exists (DescribeJobHistory answered ${error.code})`,
      );
    }
    throw error;
  }
  return runs.map(runSummary);
}

/**
 * {@link listJobRuns} taking Pulumi inputs and giving an Output.
 *
 * @example
 * ```ts
 * export const lastRun = listJobRunsOutput({ appId: template.appId, limit: 1 }).apply((runs) => runs[0]?.state);
 * ```
 */
export function listJobRunsOutput(args: ListJobRunsOutputArgs): pulumi.Output<JobRunSummary[]> {
  return outputForm(listJobRuns)(args);
}

/** A history entry read as a JobRun's outputs read its status. */
export function runSummary(status: JobStatus): JobRunSummary {
  return { jobId: status.JobId, ...statusOutputs(status) } as JobRunSummary;
}
