/**
 * `getJobTemplate`: an existing job template's settings, by ID or by name, read in the program as
 * a JobTemplate's outputs read them (DescribeJob through the parameter table), without managing
 * it. To manage one made elsewhere, import it; to follow one read-only in the stack, see
 * `JobTemplate.get`.
 */
// Pulumi's output module, not its index, which the plugin need not load (see ./outputForm).
import { type Output, secret } from "@pulumi/pulumi/output";
import { SaeApiError, SaeError } from "../api/errors";
import { jobsNamed } from "../api/pages";
import type { ListedJob } from "../api/types";
import {
  type JobTemplateParameters,
  type JobTemplateReported,
  jobTemplateTable,
  type JobTemplateValues,
} from "../schema/jobTemplateParameters";
import type { GetJobTemplateByIdArgs, GetJobTemplateByNameArgs } from "../schema/lookupParameters";
import { type SecretNames, secretNames } from "../schema/parameterTable";
import { quoteValue } from "../schema/shapes";
import { describeOutputs } from "../resources/jobTemplate/lifecycle";
import { type LookupConnect, lookupConnection } from "./lookupClient";
import { SaeLookupError } from "./lookupError";
import { type InputArgs, outputForm } from "./outputForm";

export type { GetJobTemplateByIdArgs, GetJobTemplateByNameArgs };

/** {@link getJobTemplate}'s arguments: the template's ID, or its name (and namespace). */
export type GetJobTemplateArgs = GetJobTemplateByIdArgs | GetJobTemplateByNameArgs;

/** {@link getJobTemplateOutput}'s arguments: those of {@link getJobTemplate}, each a Pulumi input. */
export type GetJobTemplateOutputArgs =
  InputArgs<GetJobTemplateByIdArgs> | InputArgs<GetJobTemplateByNameArgs>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type TemplateValues = JobTemplateValues & JobTemplateReported;
type SecretName = SecretNames<JobTemplateParameters>;

/**
 * A job template as {@link getJobTemplate} reads it: what a JobTemplate outputs, plain values,
 * with `appId`. The secret parameters (`ossAkId`, `ossAkSecret`) are secret Outputs instead, so
 * they never sit in the program as plain text: pass them on to a resource input as they are.
 * Parameters DescribeJob does not report (those the README's parameter table marks "not reported
 * by DescribeJob") are absent, as are values the template does not set.
 */
export type GetJobTemplateResult = Simplify<
  Omit<TemplateValues, SecretName> & {
    readonly [K in keyof Pick<TemplateValues, SecretName>]?: Output<NonNullable<TemplateValues[K]>>;
  }
>;

/**
 * A job template as {@link getJobTemplateOutput} gives it: the values of {@link GetJobTemplateResult},
 * secrets included as plain values inside the Output, which is then secret as a whole.
 */
export type GetJobTemplateOutputResult = Simplify<TemplateValues>;

/**
 * Reads an existing SAE job template: by `appId` (DescribeJob), or by `appName` (ListJobs, every
 * page, matching the name exactly, then DescribeJob), optionally within `namespaceId`. It runs in
 * the program, during `preview` too, with the stack's `sae:*` configuration and credentials (the
 * ones the provider uses), and manages nothing.
 *
 * `ossAkId` and `ossAkSecret` come back as secret Outputs (see {@link GetJobTemplateResult}).
 *
 * Throws {@link SaeLookupError} when no template matches ("no job template with AppId …", "no job
 * template named … exists in …") or, by name without `namespaceId`, when templates of that name
 * exist in several namespaces (the message names them: give `namespaceId`).
 *
 * @example
 * ```ts
 * const shared = await getJobTemplate({ appName: "nightly-report", namespaceId: "cn-hangzhou:reports" });
 * new JobRun("backfill", { appId: shared.appId, commandArgs: ["--since", "2024-01-01"] });
 * ```
 */
export async function getJobTemplate(args: GetJobTemplateArgs): Promise<GetJobTemplateResult> {
  const outputs: Record<string, unknown> = { ...(await lookUpJobTemplate(lookupConnection, args)) };
  for (const name of secretNames(jobTemplateTable)) {
    if (outputs[name] !== undefined) {
      outputs[name] = secret(outputs[name]);
    }
  }
  return outputs as GetJobTemplateResult;
}

/**
 * What {@link getJobTemplate} does, through `connect`, with the secret parameters as plain values:
 * the caller keeps them secret (the program as secret Outputs, the provider plugin on the wire).
 */
export async function lookUpJobTemplate(
  connect: LookupConnect,
  args: GetJobTemplateArgs,
): Promise<GetJobTemplateOutputResult> {
  // Arguments first: a mistake there needs no configuration to be reported.
  const appId = args.appId !== undefined ? checkedId(args) : undefined;
  const byName = appId === undefined ? checkedName(args) : undefined;
  const { client, regionId } = connect(args.regionId);
  const label = byName ? `job template ${quoteValue(byName.appName)}` : `job template ${appId}`;
  const scoped = client.scoped({ label });
  const id = appId ?? (await findByName(scoped, byName!, regionId)).AppId;
  try {
    return (await describeOutputs(scoped, id, {})) as GetJobTemplateOutputResult;
  } catch (error) {
    if (error instanceof SaeApiError && (error.isNotFound || error.status === 404)) {
      throw new SaeLookupError(
        "not-found",
        `getJobTemplate: no job template with AppId ${id} exists (DescribeJob answered ${error.code})`,
      );
    }
    throw error;
  }
}

/**
 * {@link getJobTemplate} taking Pulumi inputs (such as another resource's outputs) and giving an
 * Output. When the template has OSS keys the whole Output is secret, since Pulumi keeps secrecy per
 * Output: use {@link getJobTemplate} to keep the other fields plain.
 *
 * @example
 * ```ts
 * const template = getJobTemplateOutput({ appId: config.require("templateId") });
 * export const image = template.imageUrl;
 * ```
 */
export function getJobTemplateOutput(args: GetJobTemplateOutputArgs): Output<GetJobTemplateOutputResult> {
  return outputForm(getJobTemplate)(args);
}

/** The ID given, checked for shape: a non-empty string, and no name beside it. */
function checkedId(args: GetJobTemplateArgs): string {
  if (typeof args.appId !== "string" || args.appId.trim() === "") {
    throw new SaeError("getJobTemplate: appId must be a job template's ID, a non-empty string");
  }
  if (args.appName !== undefined || args.namespaceId !== undefined) {
    throw new SaeError("getJobTemplate: give appId alone, or appName (with namespaceId if need be)");
  }
  return args.appId;
}

/** The name (and namespace) given, checked for shape. */
function checkedName(args: GetJobTemplateArgs): GetJobTemplateByNameArgs {
  if (typeof args.appName !== "string" || args.appName.trim() === "") {
    throw new SaeError("getJobTemplate: give appId, or appName (with namespaceId if need be)");
  }
  if (args.namespaceId !== undefined && (typeof args.namespaceId !== "string" || args.namespaceId === "")) {
    throw new SaeError("getJobTemplate: namespaceId must be a namespace ID such as cn-hangzhou:reports");
  }
  return { appName: args.appName, namespaceId: args.namespaceId };
}

/** The one template of that exact name (in that namespace, if given). */
async function findByName(
  client: Parameters<typeof jobsNamed>[0],
  { appName, namespaceId }: GetJobTemplateByNameArgs,
  regionId: string | undefined,
): Promise<ListedJob> {
  const matches = await jobsNamed(client, appName, namespaceId);
  const name = quoteValue(appName);
  if (matches.length === 0) {
    const where = namespaceId
      ? `namespace ${namespaceId}`
      : `any namespace of ${regionId ? `region ${regionId}` : "the region"}`;
    throw new SaeLookupError("not-found", `getJobTemplate: no job template named ${name} exists in ${where}`);
  }
  if (matches.length > 1) {
    const found = matches.map(
      (app) => `${app.NamespaceId ?? "(no namespace reported)"} (AppId ${app.AppId})`,
    );
    throw new SaeLookupError(
      "not-unique",
      `getJobTemplate: the job template name ${name} is not unique: templates of that name exist in ` +
        `namespaces ${found.join(", ")}. Give namespaceId to say which one is meant.`,
    );
  }
  return matches[0];
}
