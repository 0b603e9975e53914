/**
 * The job run lifecycle against SAE: create (ExecJob, then wait; a failed run's re-run is a
 * create too, as the diff replaces it), read (DescribeJobStatus), update (keep waiting for an
 * unfinished run, or take new settings; it never starts a job, so the resource ID stays the job's)
 * and delete (state only, unless `deleteHistoryOnDestroy`). The template itself is never touched.
 *
 * Once ExecJob has answered, the run exists: any later failure is thrown as a
 * {@link ResourceInitError} carrying the job ID, so Pulumi records the run instead of forgetting
 * it. Its properties carry the inputs and `__provider`, so the next `pulumi up` can load the
 * provider and diff it: a failed run is replaced by a new run, an unfinished one waited for.
 */
import type { SaeClient } from "../../api/client";
import { SaeApiError, SaeError } from "../../api/errors";
import type { JobStatus } from "../../api/types";
import { defaultWaitTimeoutSeconds } from "../../schema/jobRunParameters";
import { type ProviderContext, regionOf } from "../context";
import { ResourceInitError } from "../initError";
import { defaultSleep, pollGapMs } from "../polling";
import { deriveEventId, identityOf, runKey } from "./eventId";
import { lastRunsSentence } from "./lastRuns";
import { RunGoneError, RunWaitTimeoutError, waitForRun } from "./runStatus";
import {
  definedOnly,
  execJobRequest,
  jobIdOf,
  type RunRef,
  runLabel,
  runOutputs,
  withInputs,
  withStatus,
} from "./wire";

type Props = Readonly<Record<string, unknown>>;

/**
 * Starts the run (one ExecJob with the checked EventId) and waits for it to finish. `rerunOf` names
 * the failed job this run runs again, when the create replaces one (its EventId, derived from that
 * job by the check, says so already; this is for the log).
 */
export async function createJobRun(
  ctx: ProviderContext,
  inputs: Props,
  options: { rerunOf?: string } = {},
): Promise<{ id: string; outs: Props }> {
  const label = runLabel(inputs);
  const deadline = deadlineOf(inputs);
  const region = ctx.saeClient(regionOf(inputs));
  const client = region.scoped({ deadlineMs: deadline, label });
  // State records the region used, for refresh and destroy after the stack's region changes.
  inputs = region.regionId ? { ...inputs, regionId: region.regionId } : inputs;
  const eventId = typeof inputs.eventId === "string" ? inputs.eventId : freshEventId(inputs, "");
  if (options.rerunOf !== undefined) {
    ctx.log(`sae: ${label}: job ${options.rerunOf} failed; running it again as a new job`);
  }
  const jobId = await startRun(ctx, client, inputs, eventId, label, deadline);
  const outs = await followRun(ctx, client, inputs, { jobId, eventId }, label, deadline, {
    resourceId: jobId,
    justStarted: true,
  });
  return { id: jobId, outs };
}

/**
 * Reads the run's status. A run SAE no longer has (its history was purged or deleted: HTTP 404)
 * keeps its last known outputs: reading it as gone would make the next `pulumi up` run it again.
 */
export async function readJobRun(
  ctx: ProviderContext,
  id: string,
  previous: Props,
): Promise<{ id: string; props: Props }> {
  const appId = previous.appId;
  if (typeof appId !== "string") {
    throw new SaeError(
      `job run ${id}: a JobRun cannot be imported or read without its state: declare it in the program ` +
        "and run `pulumi up` (it starts the run)",
    );
  }
  const jobId = jobIdOf(previous, id);
  const client = ctx.saeClient(regionOf(previous));
  let status: JobStatus;
  try {
    status = (await client.describeJobStatus({ AppId: appId, JobId: jobId })).Data;
  } catch (error) {
    // The docs name no code for a run SAE no longer has; the status says it.
    if (error instanceof SaeApiError && error.status === 404) {
      ctx.log(
        `sae: ${runLabel(previous, id)}: SAE no longer reports job ${jobId} (HTTP 404: its history was ` +
          "purged or deleted); keeping its last known outputs",
      );
      return { id, props: previous };
    }
    throw error;
  }
  return { id, props: withStatus(previous, status) };
}

/**
 * Called with unchanged run inputs, for a run that has not failed (the diff replaces a changed or
 * failed run, which starts a new job under a new resource ID): a run that had not finished is
 * waited for (the same job: nothing new starts); a run that succeeded only takes the new settings,
 * with no call to SAE.
 */
export async function updateJobRun(
  ctx: ProviderContext,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  const label = runLabel(news, id);
  const jobId = jobIdOf(olds, id);
  // The run stays where the state says it is.
  const region = regionOf(news) ?? regionOf(olds);
  news = region ? { ...news, regionId: region } : news;
  if (olds.state === "succeeded") {
    return { outs: withInputs(olds, news) };
  }
  const deadline = deadlineOf(news);
  const client = ctx.saeClient(regionOf(news)).scoped({ deadlineMs: deadline, label });
  const eventId = typeof olds.eventId === "string" ? olds.eventId : String(news.eventId);
  ctx.log(`sae: ${label}: job ${jobId} had not finished (${String(olds.state)}); waiting for it`);
  const outs = await followRun(ctx, client, news, { jobId, eventId }, label, deadline, {
    resourceId: id,
    justStarted: false,
  });
  return { outs };
}

/**
 * Removes the run from the stack; SAE keeps it in the template's job history unless
 * `deleteHistoryOnDestroy` is set, which deletes it with DeleteHistoryJob. The template is never
 * touched, and a run still going is not stopped.
 */
export async function deleteJobRun(ctx: ProviderContext, id: string, props: Props): Promise<void> {
  const label = runLabel(props, id);
  const jobId = jobIdOf(props, id);
  const appId = String(props.appId);
  if (props.deleteHistoryOnDestroy !== true) {
    ctx.log(
      `sae: ${label}: removed from the stack; job ${jobId} stays in the history of job template ${appId}`,
    );
    return;
  }
  ctx.log(`sae: ${label}: DeleteHistoryJob (job ${jobId} of job template ${appId})`);
  try {
    await ctx.saeClient(regionOf(props)).scoped({ label }).deleteHistoryJob({ AppId: appId, JobId: jobId });
  } catch (error) {
    if (error instanceof SaeApiError && error.status === 404) {
      ctx.log(`sae: ${label}: job ${jobId} is already gone from SAE's history`);
      return;
    }
    throw error;
  }
}

/**
 * ExecJob, once. A run held back by ConcurrencyPolicy Forbid (another run of the template is still
 * going, such as a scheduled one) is tried again until the deadline; every attempt carries the same
 * EventId, so SAE starts at most one job. Returns the job ID.
 */
async function startRun(
  ctx: ProviderContext,
  client: SaeClient,
  inputs: Props,
  eventId: string,
  label: string,
  deadline: number,
): Promise<string> {
  const request = execJobRequest(inputs, eventId);
  const appId = request.AppId;
  // ExecJob is tried again on the schedule a run is polled on (the client's `timing.pace`), while
  // ConcurrencyPolicy Forbid holds it back.
  const started = Date.now();
  let heldBack = false;
  ctx.log(`sae: ${label}: ExecJob on job template ${appId} (EventId ${eventId})`);
  for (;;) {
    try {
      const jobId = (await client.execJob(request)).Data?.Data;
      if (typeof jobId !== "string" || jobId === "") {
        throw new SaeError(`SAE ExecJob for ${label} answered without a job ID`);
      }
      ctx.log(`sae: ${label}: ${heldBack ? "the other run has ended; " : ""}started job ${jobId}`);
      return jobId;
    } catch (error) {
      if (!(error instanceof SaeApiError)) {
        throw error;
      }
      if (error.code === "JobForbidPolicy") {
        const remaining = deadline - Date.now();
        const gap = pollGapMs(Date.now() - started, client.timing.pace);
        if (remaining < gap) {
          throw new SaeError(
            `${label}: nothing was started: another run of job template ${appId} was still going after ` +
              `${waitSeconds(inputs)}s (waitTimeoutSeconds), and its ConcurrencyPolicy is Forbid ` +
              `(ExecJob answered JobForbidPolicy). Run \`pulumi up\` again once that run has ended, or ` +
              "raise waitTimeoutSeconds.",
          );
        }
        if (!heldBack) {
          heldBack = true;
          ctx.log(
            `sae: ${label}: another run of job template ${appId} is still going and its ConcurrencyPolicy ` +
              `is Forbid (ExecJob answered JobForbidPolicy); waiting for it to end, then trying again ` +
              `(up to ${Math.round(remaining / 1000)}s more)`,
          );
        }
        await defaultSleep(gap);
        continue;
      }
      if (error.code === "JobSuspend") {
        throw new SaeError(
          `${label}: job template ${appId} is suspended, so SAE starts no run of it (ExecJob answered ` +
            "JobSuspend). Resume it first: set `suspend: false` on the JobTemplate and run `pulumi up` again.",
        );
      }
      if (error.isNotFound) {
        throw new SaeError(
          `${label}: job template ${appId} does not exist (ExecJob answered ${error.code}). ` +
            "Check appId: it is usually `template.appId` of a JobTemplate.",
        );
      }
      throw error;
    }
  }
}

/**
 * Waits for the run and returns its outputs once it succeeded. A failed run, a run still going at
 * the deadline and a wait that broke off are thrown as partial failures carrying the job ID.
 */
async function followRun(
  ctx: ProviderContext,
  client: SaeClient,
  inputs: Props,
  run: RunRef,
  label: string,
  deadline: number,
  options: { resourceId: string; justStarted: boolean },
): Promise<Record<string, unknown>> {
  const appId = String(inputs.appId);
  const which = `job ${run.jobId} of job template ${appId}`;
  let status: JobStatus | undefined;
  try {
    const result = await waitForRun(
      client,
      { AppId: appId, JobId: run.jobId },
      {
        timeoutMs: Math.max(0, deadline - Date.now()),
        justStarted: options.justStarted,
        label: `sae: ${label}: job ${run.jobId}`,
        log: ctx.log,
      },
    );
    status = result.status;
    if (!result.progress.ok) {
      const message = result.progress.message ?? "SAE gave no reason";
      const history = await lastRunsSentence(client, appId);
      throw recorded(
        `${label} failed: ${which} ended failed (State 2): ${sentence(message)} Pulumi records the failed run: ` +
          `the next \`pulumi up\` runs it again as a new job.${history ? ` ${history}` : ""}`,
        options.resourceId,
        runOutputs(inputs, run, status),
        inputs,
        message,
      );
    }
  } catch (error) {
    if (error instanceof ResourceInitError) {
      throw error;
    }
    if (error instanceof RunWaitTimeoutError) {
      throw recorded(
        `${label}: ${which} did not finish within ${waitSeconds(inputs)}s (waitTimeoutSeconds); last state: ` +
          `${lastState(error)}. Pulumi keeps its job ID: the next \`pulumi up\` waits for this same ` +
          "run (raise waitTimeoutSeconds to wait longer).",
        options.resourceId,
        runOutputs(inputs, run, error.status),
        inputs,
        `did not finish within ${waitSeconds(inputs)}s; last state: ${lastState(error)}`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof RunGoneError) {
      // Running it again could run the job twice; waiting again would never end.
      throw recorded(
        `${label}: ${sentence(reason)} Change \`triggers\` to run the job again, or remove the resource.`,
        options.resourceId,
        runOutputs(inputs, run, undefined),
        inputs,
        reason,
      );
    }
    throw recorded(
      `${label}: ${which} was started, but following it failed: ${sentence(reason)} Pulumi keeps its job ID: ` +
        "the next `pulumi up` waits for this same run.",
      options.resourceId,
      runOutputs(inputs, run, undefined),
      inputs,
      reason,
    );
  }
  ctx.log(`sae: ${label}: job ${run.jobId} succeeded`);
  return runOutputs(inputs, run, status);
}

/** A partial failure the engine records: the outputs as far as known, with the provider text. */
function recorded(
  message: string,
  id: string,
  outs: Record<string, unknown>,
  inputs: Props,
  reason: string,
): ResourceInitError {
  // The host stores these properties as they are (it adds no `__provider` here) and cannot encode
  // `undefined`: without the provider a later refresh or destroy could not load it.
  const properties = definedOnly({ ...outs, __provider: inputs.__provider }) as Record<string, unknown>;
  return new ResourceInitError(message, id, properties, [reason]);
}

function freshEventId(inputs: Props, previous: string): string {
  const identity = identityOf(inputs);
  const run = runKey(inputs);
  if (identity === undefined || run === undefined) {
    throw new SaeError("a job run's inputs must be known, and its __identity set, before it can start");
  }
  return deriveEventId(identity, run, previous);
}

function waitSeconds(inputs: Props): number {
  return typeof inputs.waitTimeoutSeconds === "number"
    ? inputs.waitTimeoutSeconds
    : defaultWaitTimeoutSeconds;
}

function deadlineOf(inputs: Props): number {
  return Date.now() + waitSeconds(inputs) * 1000;
}

/** SAE's own message may end a sentence already. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The last state a timed-out wait saw, and why its last poll failed if it did. */
function lastState(error: RunWaitTimeoutError): string {
  const state = error.progress?.description ?? "not known (no poll was answered)";
  return error.pollFailure ? `${state}; the last poll failed: ${error.pollFailure}` : state;
}
