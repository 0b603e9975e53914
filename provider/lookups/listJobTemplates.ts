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
import { runProgress } from "../resources/jobRun/runStatus";
import type { JobTemplateSummary, ListJobTemplatesArgs } from "../schema/lookupParameters";
import { type LookupConnect, lookupConnection } from "./lookupClient";
import { type InputArgs, outputForm } from "./outputForm";

export type { JobTemplateSummary, ListJobTemplatesArgs };

/** {@link listJobTemplatesOutput}'s filters: those of {@link listJobTemplates}, each a Pulumi input. */
export type ListJobTemplatesOutputArgs = InputArgs<ListJobTemplatesArgs>;

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
export function listJobTemplates(args: ListJobTemplatesArgs = {}): Promise<JobTemplateSummary[]> {
  return lookUpJobTemplates(lookupConnection, args);
}

/** What {@link listJobTemplates} does, through `connect` (the program's, or a provider plugin's). */
export async function lookUpJobTemplates(
  connect: LookupConnect,
  args: ListJobTemplatesArgs = {},
): Promise<JobTemplateSummary[]> {
  const tags = tagsFilter(args.tags);
  const { client } = connect(args.regionId);
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
