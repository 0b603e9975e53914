/**
 * `JobTemplate`: an SAE job template as a Pulumi resource.
 */
import type { Input } from "@pulumi/pulumi/output";
import type { CustomResourceOptions, ID } from "@pulumi/pulumi/resource";
import {
  type JobTemplateInputs,
  type JobTemplateReported,
  jobTemplateTable,
  type JobTemplateValues,
} from "../../schema/jobTemplateParameters";
import { type OutputProperties, resourceProps, secretNames } from "../../schema/parameterTable";
import { SaeDynamicResource } from "../providerShim";

/**
 * The arguments of a {@link JobTemplate}: one per SAE job template parameter, named in the
 * lowerCamel form of its API name (`NasId` is `nasId`). Structured parameters take structured
 * values whose keys are the API's JSON keys; numbers are numbers, booleans are booleans.
 */
export type JobTemplateArgs = JobTemplateInputs;

/** The output properties of a {@link JobTemplate}: every input as SAE reports it, plus what only SAE knows. */
export type JobTemplateOutputs = OutputProperties<JobTemplateValues & JobTemplateReported>;

/** Inputs whose values are kept secret in state (their outputs are secret even when read back). */
export const jobTemplateSecretOutputs: readonly string[] = secretNames(jobTemplateTable);

/**
 * An Alibaba Cloud Serverless App Engine (SAE) job template: what a job runs (an image or a
 * package), with which resources, when (a schedule or a webhook), and with which logs, mounts and
 * settings. Runs are started by its trigger or by ExecJob.
 *
 * Changing a create-only input (appName, appDescription, autoConfig, cpu, memory, namespaceId,
 * packageType, securityGroupId, vSwitchId, vpcId) replaces the template; everything else is
 * updated in place with one UpdateJob carrying only what changed. Removing a value clears it in
 * SAE (see the README's clearing table).
 *
 * Configuration is read when the provider runs, never stored in state: `sae:endpoint`,
 * `sae:endpoints` (per region), `sae:region`, credentials (`sae:accessKeyId`/`sae:accessKeySecret`,
 * `alicloud:*`, or the Alibaba Cloud credential chain), `sae:changeOrderTimeout`, `sae:defaultTags`.
 *
 * @example
 * ```ts
 * new JobTemplate("nightly", {
 *   appName: "nightly-report",
 *   packageType: "Image",
 *   imageUrl: "registry.cn-hangzhou.aliyuncs.com/acme/report:1.4.2",
 *   replicas: 1,
 *   cpu: 1000,
 *   memory: 2048,
 *   triggerConfig: { type: "time", config: "0 2 * * ?", timezone: "GMT+8:00" },
 * });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
export class JobTemplate extends SaeDynamicResource {
  /**
   * @param name The unique name of the resource in the Pulumi program.
   * @param args The job template's parameters.
   * @param opts Resource options. `ossAkId` and `ossAkSecret` are always added to `additionalSecretOutputs`.
   */
  constructor(name: string, args: JobTemplateArgs, opts?: CustomResourceOptions) {
    super("JobTemplate", "jobTemplate", name, resourceProps(jobTemplateTable, args), {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...jobTemplateSecretOutputs],
    });
  }

  /**
   * Follows an existing job template read-only: Pulumi reads it (DescribeJob, in `preview` too)
   * and gives its outputs, but never changes or deletes it; `pulumi destroy` only forgets it. To
   * manage a template made elsewhere, import it instead (the `import` resource option).
   *
   * @param name The unique name of the resource in the Pulumi program.
   * @param id The job template's ID (AppId).
   * @param opts Resource options; `ossAkId` and `ossAkSecret` are secret outputs here too.
   *
   * @example
   * ```ts
   * const shared = JobTemplate.get("shared-report", "f7730764-d88f-4b9a-8d8e-cd8efbfe1234");
   * export const image = shared.imageUrl;
   * ```
   */
  static get(name: string, id: Input<ID>, opts?: CustomResourceOptions): JobTemplate {
    // With `id` set the SDK reads the resource instead of registering it, and sends the props as
    // the read's inputs: none here but the provider text, so the read reports the template itself.
    return new JobTemplate(name, {} as JobTemplateArgs, { ...opts, id });
  }
}

// The outputs are declared once, from the parameter table, by merging this interface into the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface JobTemplate extends JobTemplateOutputs {}
