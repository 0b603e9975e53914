/**
 * `JobRun`: one run of an SAE job template (ExecJob) as a Pulumi resource.
 */
import type { Input } from "@pulumi/pulumi/output";
import { createUrn, type CustomResourceOptions } from "@pulumi/pulumi/resource";
import {
  identityKey,
  type JobRunParameterInputs,
  type JobRunParameterValues,
  type JobRunReported,
  jobRunTable,
} from "../../schema/jobRunParameters";
import { type OutputProperties, resourceProps } from "../../schema/parameterTable";
import { SaeDynamicResource } from "../providerShim";

/** The resource type token of {@link JobRun}. */
export const jobRunType = "pulumi-nodejs:dynamic/sae:JobRun";

/**
 * The arguments of a {@link JobRun}: the template to run, ExecJob's per-run overrides (for this
 * run only; the template keeps its own values), `triggers`, and how long to wait.
 */
export interface JobRunArgs extends JobRunParameterInputs {
  /**
   * Any values; a change to any of them starts a new run (the resource is replaced), as with
   * pulumi-command's `triggers`. Optional.
   *
   * A run does not follow its template by itself: to run the job again whenever the template
   * changes, put what changes here, such as `[template.imageUrl]` or a version string. To run it
   * again with nothing else changed, change a value here (a counter, a date).
   */
  readonly triggers?: Input<unknown[]>;
}

/** The output properties of a {@link JobRun}: its inputs as given, plus what SAE reports about the run. */
export type JobRunOutputs = OutputProperties<
  JobRunParameterValues & JobRunReported & { readonly triggers?: unknown[] }
>;

/**
 * One run of an Alibaba Cloud Serverless App Engine (SAE) job template, started with ExecJob when
 * the resource is created. `pulumi up` waits until the run has finished and fails the deployment
 * if it failed (with the job ID and SAE's message), so later resources can depend on its outcome.
 *
 * - **Once per set of inputs.** The run is started with an EventId derived from the resource's
 *   URN and its inputs, and SAE starts one job per EventId: a `pulumi up` that was interrupted
 *   finds the job it started instead of starting another. Two JobRun resources with the same
 *   arguments are two runs.
 * - **A new run when the inputs change.** Changing `appId`, an override or `triggers` replaces
 *   the resource, which starts a new run. Nothing else starts one: `pulumi preview`, `refresh` and
 *   an unchanged `pulumi up` never do, and neither does a change to the template (put
 *   `template.imageUrl` or a version into `triggers` for that).
 * - **A failed run is recorded**, and the next `pulumi up` runs it again as a new job: a
 *   replacement (reported on `eventId`), so the new run has its own resource ID, its `jobId`, and
 *   is created before the failed one leaves the stack. A run still going after
 *   `waitTimeoutSeconds` is recorded too; the next `pulumi up` waits for that same run (an update).
 * - **Under ConcurrencyPolicy Forbid**, while another run of the template is going (a scheduled
 *   one, say), it waits and tries again within `waitTimeoutSeconds`. A suspended template fails at
 *   once: set `suspend: false` on the JobTemplate first.
 * - **Destroying it** removes it from the stack and leaves the template and SAE's job history
 *   alone (set `deleteHistoryOnDestroy` to delete the run from the history). Destroying it and
 *   declaring it again with the same name and inputs is the same run (SAE answers the same job
 *   while it keeps the run); change `triggers` to run again.
 *
 * Configuration is read when the provider runs, as for JobTemplate: `sae:endpoint`, `sae:region`
 * and credentials.
 *
 * @example
 * ```ts
 * const template = new JobTemplate("migrate", { ... });
 * new JobRun("migrate-now", {
 *   appId: template.appId,
 *   commandArgs: ["--migrate"],
 *   // Run again whenever the template's image changes.
 *   triggers: [template.imageUrl],
 * });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
export class JobRun extends SaeDynamicResource {
  /**
   * @param name The unique name of the resource in the Pulumi program; part of its identity, so
   *   part of the EventId its run is started with.
   * @param args The template to run and this run's parameters.
   * @param opts Resource options. `customTimeouts` do not reach dynamic providers: use
   *   `waitTimeoutSeconds`.
   */
  constructor(name: string, args: JobRunArgs, opts?: CustomResourceOptions) {
    const props = resourceProps(jobRunTable, args);
    // Create is given only inputs, never the URN: the resource's identity travels as a hidden
    // input (`__name`, `id` and `urn` belong to the SDK).
    props[identityKey] = createUrn(name, jobRunType, opts?.parent);
    super("JobRun", "jobRun", name, props, opts);
    // The SDK makes every input a property of the resource, answered with the input's value when
    // the outputs lack it. The identity is the provider's, not a value for the program.
    delete (this as unknown as Record<string, unknown>)[identityKey];
  }
}

// The outputs are declared once, from the table, by merging this interface into the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface JobRun extends JobRunOutputs {}
