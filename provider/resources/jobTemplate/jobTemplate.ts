/**
 * `JobTemplate`: an SAE job template as a Pulumi resource.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../../dynamic";
import {
  type JobTemplateInputs,
  jobTemplateParameters,
  type JobTemplateReported,
  jobTemplateReportedValues,
  type JobTemplateValues,
  parameterList,
} from "../../schema/jobTemplateParameters";

/**
 * The arguments of a {@link JobTemplate}: one per SAE job template parameter, named in the
 * lowerCamel form of its API name (`NasId` is `nasId`). Structured parameters take structured
 * values whose keys are the API's JSON keys; numbers are numbers, booleans are booleans.
 */
export type JobTemplateArgs = JobTemplateInputs;

type Outputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** The output properties of a {@link JobTemplate}: every input as SAE reports it, plus what only SAE knows. */
export type JobTemplateOutputs = Outputs<JobTemplateValues & JobTemplateReported>;

/** Inputs whose values are kept secret in state (their outputs are secret even when read back). */
export const jobTemplateSecretOutputs: readonly string[] = parameterList
  .filter((s) => s.secret)
  .map((s) => s.name);

/**
 * The provider serialized into state with each JobTemplate: only these few lines. Each method
 * loads the implementation from the installed package at run time, so state stays small, never
 * holds credentials, and picks up fixes when the package is upgraded.
 */
const serializedProvider: pulumi.dynamic.ResourceProvider = {
  configure: (request) => loadRuntime().jobTemplate.configure(request),
  check: (olds, news) => loadRuntime().jobTemplate.check(olds, news),
  diff: (id, olds, news) => loadRuntime().jobTemplate.diff(id, olds, news),
  create: (inputs) => loadRuntime().jobTemplate.create(inputs),
  read: (id, props) => loadRuntime().jobTemplate.read(id, props),
  update: (id, olds, news) => loadRuntime().jobTemplate.update(id, olds, news),
  delete: (id, props) => loadRuntime().jobTemplate.delete(id, props),
};

/**
 * Loads `pulumi-sae-job/dynamic` from the program's directory (the host's working directory),
 * where the package is installed. `createRequire` from there also lets the package resolve itself
 * when a program inside this repository uses it. When the package is not installed there, say so
 * and how to fix it, instead of Node's message about a made-up `pulumi-program.js`. This function
 * is serialized into state, so it captures nothing and holds no comments: it requires what it
 * needs when it runs.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function loadRuntime(): typeof runtime {
  const { createRequire } = require("node:module") as typeof import("node:module");
  const { join } = require("node:path") as typeof import("node:path");
  const programDir = process.cwd();
  try {
    return createRequire(join(programDir, "pulumi-program.js"))("pulumi-sae-job/dynamic");
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const missing =
      (code === "MODULE_NOT_FOUND" && String(message).includes("'pulumi-sae-job/dynamic'")) ||
      code === "ERR_PACKAGE_PATH_NOT_EXPORTED";
    if (!missing) {
      throw error;
    }
    throw new Error(
      `pulumi-sae-job is not installed for the Pulumi program in ${programDir} ` +
        "(or the version installed there has no pulumi-sae-job/dynamic). " +
        "Run `npm install pulumi-sae-job` there (or install it from its tarball or git URL), then run the command again. " +
        "The provider in each JobTemplate's state loads the package from the program's directory, " +
        "so `pulumi refresh` and `pulumi destroy` need it installed too.",
    );
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

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
 * `sae:region`, credentials (`sae:accessKeyId`/`sae:accessKeySecret`, `alicloud:*`, or the
 * Alibaba Cloud credential chain), `sae:changeOrderTimeout`.
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
export class JobTemplate extends pulumi.dynamic.Resource {
  /**
   * @param name The unique name of the resource in the Pulumi program.
   * @param args The job template's parameters.
   * @param opts Resource options. `ossAkId` and `ossAkSecret` are always added to `additionalSecretOutputs`.
   */
  constructor(name: string, args: JobTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be named in the props for the SDK to create its property.
    const props: Record<string, unknown> = {};
    for (const key of [...Object.keys(jobTemplateParameters), ...Object.keys(jobTemplateReportedValues)]) {
      props[key] = undefined;
    }
    Object.assign(props, args);
    super(
      serializedProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...jobTemplateSecretOutputs],
      },
      "sae",
      "JobTemplate",
    );
  }
}

// The outputs are declared once, from the parameter table, by merging this interface into the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface JobTemplate extends JobTemplateOutputs {}
