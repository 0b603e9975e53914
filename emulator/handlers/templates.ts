// Job template operations: CreateJob, UpdateJob, DescribeJob, DeleteJob, SuspendJob.

import { randomUUID } from "node:crypto";
import { ApiError, appIdNotFound, applicationNotFound, errors, jobIdNotFound } from "../apiError";
import { changeOrderFinished } from "../changeOrders";
import { renderDescribeJob } from "../jobTemplateView";
import { checkNetworkIds, namespaceVSwitchId, namespaceVpcId, resolveNamespace } from "../namespaces";
import type { ChangeOrder, JobTemplate } from "../store";
import { createParams, updateParams } from "../templateParams";
import { parseBoolean, validateTemplate, withDefaultSpec } from "../templateValidation";
import { OK_DATA_STRING, type HandlerContext } from "./context";
import { required } from "./paramReaders";

/** The parameters of `params` named in `accepted`. */
function pick(params: Readonly<Record<string, string>>, accepted: Readonly<Record<string, unknown>>) {
  return Object.fromEntries(Object.entries(params).filter(([name]) => Object.hasOwn(accepted, name)));
}

/**
 * Open a change order for a template; a failChangeOrder fault decides how it ends, a
 * changeOrderDuration fault how long it takes (both may apply).
 */
function openChangeOrder(ctx: HandlerContext, t: JobTemplate): ChangeOrder {
  const fault = ctx.takeOutcomeFault("failChangeOrder");
  const timing = ctx.takeOutcomeFault("changeOrderDuration");
  const co: ChangeOrder = {
    changeOrderId: randomUUID(),
    appId: t.appId,
    appName: t.params.AppName,
    action: ctx.action === "CreateJob" ? "CreateJob" : "UpdateJob",
    createdAt: ctx.now,
    durationMs: timing?.durationMs ?? ctx.changeOrderDurationMs,
    finalStatus: fault ? ((fault.status ?? 3) as 3 | 6 | 10) : 2,
  };
  ctx.store.changeOrders.set(co.changeOrderId, co);
  return co;
}

/** Refuse to change or delete a template while its latest change order is still running. */
function assertNoRunningChangeOrder(ctx: HandlerContext, appId: string): void {
  const latest = ctx.store.latestChangeOrder(appId);
  if (latest && !changeOrderFinished(latest, ctx.now)) {
    throw errors.changeOrderRunning();
  }
}

/** A template by AppId, or the not-found error the operation documents. */
function findTemplate(ctx: HandlerContext, notFound: () => ApiError): JobTemplate {
  const t = ctx.store.templates.get(required(ctx.params, "AppId"));
  if (!t) {
    throw notFound();
  }
  return t;
}

/** CreateJob: validate, store the template, open a change order. */
export function createJob(ctx: HandlerContext): unknown {
  // An empty string means "not given" on creation.
  const given = Object.fromEntries(
    Object.entries(pick(ctx.params, createParams)).filter(([, v]) => v !== ""),
  );
  const params = validateTemplate(withDefaultSpec(given));
  const namespaceId = resolveNamespace(params.NamespaceId, ctx.regionId);
  checkNetworkIds(params.VpcId, params.VSwitchId);
  params.NamespaceId = namespaceId;
  params.VpcId ??= namespaceVpcId(namespaceId);
  params.VSwitchId ??= namespaceVSwitchId(namespaceId);

  const clash = ctx.store
    .templateList()
    .find((t) => t.params.NamespaceId === namespaceId && t.params.AppName === params.AppName);
  if (clash) {
    throw new ApiError(
      400,
      "InvalidAppName.AlreadyExists",
      `A job template named ${params.AppName} already exists in namespace ${namespaceId} (AppId ${clash.appId}).`,
    );
  }

  const template: JobTemplate = { appId: randomUUID(), createdAt: ctx.now, params, suspended: false };
  ctx.store.templates.set(template.appId, template);
  const co = openChangeOrder(ctx, template);
  ctx.store.commit();
  return { AppId: template.appId, ChangeOrderId: co.changeOrderId };
}

/** Whether an UpdateJob value asks to clear the parameter: "" (any), or "{}" for TomcatConfig. */
function isClear(name: string, value: string): boolean {
  return value === "" || (name === "TomcatConfig" && value.replace(/\s/g, "") === "{}");
}

/**
 * UpdateJob: "omit to keep, empty string to clear"; create-only parameters are ignored. A clear of a
 * parameter in `ctx.ignoredClears` keeps the stored value, as SAE sometimes does.
 */
export function updateJob(ctx: HandlerContext): unknown {
  const template = findTemplate(ctx, applicationNotFound);
  assertNoRunningChangeOrder(ctx, template.appId);
  const merged = { ...template.params };
  for (const [name, value] of Object.entries(pick(ctx.params, updateParams))) {
    if (isClear(name, value) && ctx.ignoredClears.has(name)) {
      continue;
    }
    if (value === "") {
      delete merged[name];
    } else {
      merged[name] = value;
    }
  }
  template.params = validateTemplate(merged);
  const co = openChangeOrder(ctx, template);
  ctx.store.commit();
  return { AppId: template.appId, ChangeOrderId: co.changeOrderId };
}

/** DescribeJob: the template as DescribeJob.txt documents it. */
export function describeJob(ctx: HandlerContext): unknown {
  const template = findTemplate(ctx, appIdNotFound);
  const jobId = ctx.params.JobId;
  // JobId only has to name a run of this template; the current template is returned.
  if (jobId && ctx.store.runs.get(jobId)?.appId !== template.appId) {
    throw jobIdNotFound(jobId);
  }
  return renderDescribeJob(template, ctx.store, ctx.regionId);
}

/** DeleteJob: remove the template and its runs (change orders stay queryable). */
export function deleteJob(ctx: HandlerContext): unknown {
  const template = findTemplate(ctx, appIdNotFound);
  assertNoRunningChangeOrder(ctx, template.appId);
  ctx.store.templates.delete(template.appId);
  for (const run of ctx.store.runsOf(template.appId)) {
    ctx.store.runs.delete(run.jobId);
  }
  ctx.store.commit();
  return OK_DATA_STRING;
}

/** SuspendJob: Suspend=true stops ExecJob (JobSuspend) until Suspend=false. */
export function suspendJob(ctx: HandlerContext): unknown {
  const template = findTemplate(ctx, appIdNotFound);
  template.suspended = parseBoolean("Suspend", required(ctx.params, "Suspend"));
  ctx.store.commit();
  return OK_DATA_STRING;
}
