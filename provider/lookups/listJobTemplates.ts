/**
 * `listJobTemplates`: the region's job templates as ListJobs lists them, every page, optionally
 * filtered by namespace, name and tags.
 */
import { decodeDescribed } from "../schema/shapes";
import { tagsShape } from "../schema/tags";
import type * as pulumi from "@pulumi/pulumi";
import { SaeError } from "../api/errors";
import { listAllJobs } from "../api/pages";
import type { ListedJob } from "../api/types";
import { type JobRunState, runProgress } from "../resources/jobRun/runStatus";
import { lookupConnection } from "./lookupClient";
import { type InputArgs, outputForm } from "./outputForm";

/** {@link listJobTemplates}'s filters; all optional, and all must match. */
export interface ListJobTemplatesArgs {
  /** Only templates in this namespace, such as `cn-hangzhou:reports`. */
  readonly namespaceId?: string;
  /**
   * Only templates whose name contains this text, as ListJobs matches names (loosely, as the SAE
   * console's search box does). {@link getJobTemplate} matches a name exactly.
   */
  readonly appName?: string;
  /** Only templates carrying every one of these tags (key to value), ListJobs' `Tags` filter. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The region to look in, such as `cn-beijing`, when not the stack's `sae:region` (its endpoint as `sae:endpoints` says). */
  readonly regionId?: string;
}

/** {@link listJobTemplatesOutput}'s filters: those of {@link listJobTemplates}, each a Pulumi input. */
export type ListJobTemplatesOutputArgs = InputArgs<ListJobTemplatesArgs>;

/** One job template as ListJobs reports it. */
export interface JobTemplateSummary {
  /** The job template's ID (AppId). */
  readonly appId: string;
  /** The job template's name. */
  readonly appName: string;
  /** The namespace it lives in (the region's default namespace has the region's ID). */
  readonly namespaceId: string;
  /** Its tags, key to value; `{}` when it has none. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Its package type, when ListJobs reports it. The ListJobs model of the official SDK has no
   * package fields but `ImageUrl`: read the template with {@link getJobTemplate} to be sure.
   */
  readonly packageType?: string;
  /** Its image, for an Image template. */
  readonly imageUrl?: string;
  /** Its package's URL, when ListJobs reports it (see `packageType`). */
  readonly packageUrl?: string;
  /** True when it is suspended: its trigger starts no runs. */
  readonly suspend: boolean;
  /**
   * The state of its last run, in the words of JobRun's `state` output (`pending`, `running`,
   * `succeeded`, `failed`). SAE reports "not run yet" for a template that has never run, which
   * reads `pending` too.
   */
  readonly lastJobState?: JobRunState;
}

/**
 * Lists the region's SAE job templates: ListJobs, every page (of 200, its largest), so the answer
 * holds every match however many there are. It runs in the program, during `preview` too, with
 * the stack's `sae:*` configuration and credentials, and manages nothing.
 *
 * @example
 * ```ts
 * const reports = await listJobTemplates({ namespaceId: "cn-hangzhou:reports", tags: { team: "data" } });
 * export const suspended = reports.filter((t) => t.suspend).map((t) => t.appName);
 * ```
 */
export async function listJobTemplates(args: ListJobTemplatesArgs = {}): Promise<JobTemplateSummary[]> {
  const tags = tagsFilter(args.tags);
  const { client } = lookupConnection(args.regionId);
  const listed = await listAllJobs(client.scoped({ label: "listJobTemplates" }), {
    NamespaceId: nonEmpty(args.namespaceId),
    AppName: nonEmpty(args.appName),
    Tags: tags,
  });
  return listed.map(summary);
}

/**
 * {@link listJobTemplates} taking Pulumi inputs and giving an Output.
 *
 * @example
 * ```ts
 * const siblings = listJobTemplatesOutput({ namespaceId: template.namespaceId });
 * export const names = siblings.apply((templates) => templates.map((t) => t.appName));
 * ```
 */
export function listJobTemplatesOutput(
  args: ListJobTemplatesOutputArgs = {},
): pulumi.Output<JobTemplateSummary[]> {
  return outputForm(listJobTemplates)(args);
}

/** ListJobs' `Tags` filter: JSON text `[{"key":"k","value":"v"}]`, the form the reference gives. */
function tagsFilter(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (tags === undefined) {
    return undefined;
  }
  const entries = Object.entries(tags);
  if (entries.some(([key, value]) => key === "" || typeof value !== "string")) {
    throw new SaeError("listJobTemplates: tags must map non-empty keys to string values");
  }
  return entries.length > 0 ? JSON.stringify(entries.map(([key, value]) => ({ key, value }))) : undefined;
}

function summary(app: ListedJob): JobTemplateSummary {
  const packageType = nonEmpty(app.PackageType);
  const imageUrl = nonEmpty(app.ImageUrl);
  const packageUrl = nonEmpty(app.PackageUrl);
  const lastState = app.LastJobState === undefined ? undefined : String(app.LastJobState);
  return {
    appId: app.AppId,
    appName: app.AppName,
    namespaceId: app.NamespaceId ?? app.RegionId ?? "",
    // Read as `tagsAll` is: SAE's own tags left out.
    tags: (decodeDescribed(tagsShape, app.Tags) as Record<string, string> | undefined) ?? {},
    ...(packageType !== undefined && { packageType }),
    ...(imageUrl !== undefined && { imageUrl }),
    ...(packageUrl !== undefined && { packageUrl }),
    suspend: app.Suspend === true,
    ...(lastState && { lastJobState: runProgress({ JobId: app.AppId, State: lastState }).state }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
