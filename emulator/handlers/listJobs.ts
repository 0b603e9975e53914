// ListJobs: the job templates, filtered and paged, each with a summary of its runs.

import { invalidParameter } from "../apiError";
import { changeOrderFinished } from "../changeOrders";
import { renderRunStatus, runIsActive, runState } from "../jobRuns";
import type { JobTemplate } from "../store";
import { carriesAll, renderTags, tagsOf } from "../tags";
import { parseBoolean } from "../templateValidation";
import { Answer, type HandlerContext } from "./context";
import { optional, pageOf, paging } from "./paramReaders";
import { parseTags } from "./tagParams";

/** Case-insensitive substring match, like the console's search box. */
function nameContains(t: JobTemplate, needle: string): boolean {
  return t.params.AppName.toLowerCase().includes(needle.toLowerCase());
}

/** The template filter ListJobs' parameters describe. */
function templateFilter(ctx: HandlerContext): (t: JobTemplate) => boolean {
  const p = ctx.params;
  const namespaceId = optional(p, "NamespaceId");
  const appName = optional(p, "AppName");
  const workload = optional(p, "Workload");
  const fieldType = optional(p, "FieldType");
  const fieldValue = optional(p, "FieldValue");
  if (fieldType !== undefined && fieldType !== "appName" && fieldType !== "appIds") {
    throw invalidParameter("FieldType", "must be appName or appIds.");
  }
  const appIds =
    fieldType === "appIds" && fieldValue !== undefined ? fieldValue.split(",").map((s) => s.trim()) : [];
  // The same JSON text as TagResources' Tags; a template must carry every pair.
  const tagsText = optional(p, "Tags");
  const wanted = tagsText === undefined ? [] : parseTags("Tags", tagsText, "filter");
  return (t) =>
    carriesAll(tagsOf(t), wanted) &&
    (workload === undefined || workload === "job") &&
    (namespaceId === undefined || t.params.NamespaceId === namespaceId) &&
    (appName === undefined || nameContains(t, appName)) &&
    (fieldType !== "appName" || fieldValue === undefined || nameContains(t, fieldValue)) &&
    (fieldType !== "appIds" || fieldValue === undefined || appIds.includes(t.appId));
}

/** One entry of ListJobs' Applications. */
function summarize(ctx: HandlerContext, t: JobTemplate): Record<string, unknown> {
  const runs = ctx.store.runsOf(t.appId);
  const states = runs.map((r) => runState(r, ctx.now));
  const last = runs.length > 0 ? renderRunStatus(runs[0], ctx.now) : undefined;
  const co = ctx.store.latestChangeOrder(t.appId);
  // "0" failed, "1" succeeded (OPERATIONS.md); left out while the change order is still running.
  const coState = co && changeOrderFinished(co, ctx.now) ? (co.finalStatus === 2 ? "1" : "0") : undefined;
  return {
    AppId: t.appId,
    AppName: t.params.AppName,
    ...(t.params.AppDescription !== undefined && { AppDescription: t.params.AppDescription }),
    NamespaceId: t.params.NamespaceId,
    RegionId: ctx.regionId,
    Cpu: Number(t.params.Cpu),
    Mem: Number(t.params.Memory),
    ...(t.params.ImageUrl !== undefined && { ImageUrl: t.params.ImageUrl }),
    Suspend: t.suspended,
    ...(t.params.TriggerConfig !== undefined && { TriggerConfig: t.params.TriggerConfig }),
    Tags: renderTags(t),
    Active: runs.filter((r) => runIsActive(r, ctx.now)).length,
    Succeeded: states.filter((s) => s === "1").length,
    Failed: states.filter((s) => s === "2").length,
    LastJobState: last ? last.State : "0",
    ...(last?.StartTime !== undefined && { LastStartTime: last.StartTime }),
    ...(last?.CompletionTime !== undefined && { CompletionTime: last.CompletionTime }),
    ...(coState !== undefined && { LastChangeorderState: coState }),
    ...(last && last.Message !== "" && { Message: last.Message }),
  };
}

/**
 * ListJobs: Data { Applications, CurrentPage, PageSize, TotalSize }, and the paging fields again at
 * the top level, where the official SDK's ListJobsResponseBody also declares them.
 */
export function listJobs(ctx: HandlerContext): unknown {
  const { page, size } = paging(ctx.params);
  const reverse = optional(ctx.params, "Reverse");
  // OrderBy is accepted and ignored: the list is in creation order (Reverse=true flips it).
  // Eventual consistency: the listing has not caught up with templates created lately, though
  // the store (DescribeJob, CreateJob's duplicate-name check) has them.
  const listed = ctx.store.templateList().filter((t) => ctx.now - t.createdAt >= ctx.listLagMs);
  const matching = listed.filter(templateFilter(ctx));
  if (reverse !== undefined && parseBoolean("Reverse", reverse)) {
    matching.reverse();
  }
  const pageFields = { CurrentPage: page, PageSize: size, TotalSize: matching.length };
  return new Answer(
    { Applications: pageOf(matching, page, size).map((t) => summarize(ctx, t)), ...pageFields },
    pageFields,
  );
}
