/**
 * The job template lifecycle against SAE: create, read, update, delete. Each step says what it
 * does on the console (the dynamic provider host passes it on to Pulumi), never with values,
 * only with names and IDs.
 *
 * Once CreateJob has answered, the template exists: any later failure is thrown as a
 * {@link ResourceInitError} carrying its ID, so Pulumi records it instead of orphaning it.
 */
import type { SaeClient } from "../../api/client";
import { SaeApiError, SaeError } from "../../api/errors";
import { jobTemplateParameters, jobTemplateTable, parameterList } from "../../schema/jobTemplateParameters";
import { type ProviderContext, regionOf } from "../context";
import { ResourceInitError } from "../initError";
import { pollUntil } from "../polling";
import { createOrAdopt, type FollowedTemplate, waitForLastChangeOrder } from "./adoption";
import { type ReadBackClock, withCreateGrace } from "./afterCreate";
import { canonicalValue } from "../table/changes";
import { inputsFromOutputs, outputsFromAnswer } from "../table/readBack";
import { type JobTemplateChange, jobTemplateChanges, keptClears } from "./changes";
import { waitForChangeOrder } from "./changeOrders";
import { deleteOrVerify, type LostAnswerOptions, updateOrVerify } from "./lostAnswers";
import { applyTags, tagsDiffer, tagsOf } from "./tagging";
import { createJobRequest, updateJobParams } from "./wire";

type Props = Readonly<Record<string, unknown>>;

/** Creates the template, waits for its change order, applies what CreateJob cannot take, and reads it back. */
export async function createJobTemplate(
  ctx: ProviderContext,
  inputs: Props,
): Promise<{ id: string; outs: Props }> {
  // Read first: a bad setting must fail before CreateJob, not after the template exists.
  const timeoutMs = ctx.changeOrderTimeoutMs();
  const label = templateLabel(inputs);
  const client = ctx.saeClient(regionOf(inputs)).scoped({ label });
  const request = createJobRequest(inputs);
  ctx.log(`sae: ${label}: CreateJob`);
  const created = await createOrAdopt(ctx, client, request, label);
  const appId = created.appId;
  const say = (line: string) => ctx.log(`sae: ${label}: ${line}`);
  try {
    const template: FollowedTemplate = {
      appName: request.AppName,
      namespaceId: request.NamespaceId as string | undefined,
      appId,
    };
    await waitForChange(ctx, client, created.changeOrderId, template, label, timeoutMs);
    // What CreateJob does not take is applied right after (UpdateJob-only parameters, suspension).
    const followUp = updateJobParams(
      jobTemplateChanges({}, inputs).filter((change) => change.spec.updateOnly && change.kind === "set"),
    );
    if (Object.keys(followUp).length > 0) {
      ctx.log(
        `sae: ${label}: UpdateJob (${Object.keys(followUp).join(", ")}), which CreateJob does not take`,
      );
      const sent = await withCreateGrace(
        () =>
          updateOrVerify(
            client,
            appId,
            followUp,
            () => describeOutputs(client, appId, {}),
            inputs,
            lostAnswerOptions(ctx, label, timeoutMs),
          ),
        { action: "UpdateJob", appId, log: say, timing: client.timing },
      );
      await waitForChange(ctx, client, sent.changeOrderId, template, label, timeoutMs);
    }
    if (canonicalValue(jobTemplateParameters.suspend, inputs.suspend) === true) {
      ctx.log(`sae: ${label}: SuspendJob`);
      await withCreateGrace(() => client.suspendJob({ AppId: appId, Suspend: true }), {
        action: "SuspendJob",
        appId,
        log: say,
        timing: client.timing,
      });
    }
    // Tags go on once the template exists; a failure here keeps the ID, and the next up tags it.
    // When the region is known, they go on before the read, which then reports them too.
    const region = regionOf(inputs) ?? client.regionId;
    if (region !== undefined) {
      await withCreateGrace(() => applyTags(client, { appId, regionId: region }, {}, inputs.tagsAll, say), {
        action: "TagResources",
        appId,
        log: say,
        timing: client.timing,
      });
    }
    let outs = await describeAfterCreate(client, appId, inputs, say);
    if (region === undefined) {
      const tagged = await applyTags(
        client,
        { appId, regionId: outs.regionId },
        outs.tagsAll,
        inputs.tagsAll,
        say,
      );
      if (tagged.length > 0) {
        outs = await describeOutputs(client, appId, inputs);
      }
    }
    ctx.log(`sae: ${label}: created (AppId ${appId})`);
    return { id: appId, outs };
  } catch (error) {
    throw await notReady(
      client,
      appId,
      inputs,
      error,
      `was created (AppId ${appId}) but is not ready`,
      label,
    );
  }
}

/**
 * Reads the template; a template that no longer exists reads as gone (empty ID).
 *
 * On a refresh Pulumi passes the prior outputs, and the inputs the program gave are kept as they
 * are (the next diff compares the refreshed outputs with the program). On an import (or a get)
 * Pulumi passes only the program's inputs: then the read also reports the template's inputs in
 * full, which Pulumi checks against the program.
 */
export async function readJobTemplate(
  ctx: ProviderContext,
  id: string,
  previous: Props,
): Promise<{ id: string; props: Props; inputs?: Props }> {
  const client = ctx.saeClient(regionOf(previous)).scoped({ label: `job template ${id}` });
  let outs: Props;
  try {
    outs = await describeOutputs(client, id, previous);
  } catch (error) {
    if (error instanceof SaeApiError && error.isNotFound) {
      ctx.log(`sae: job template ${id} no longer exists`);
      return { id: "", props: {} };
    }
    throw error;
  }
  const refreshing = previous.appId !== undefined;
  if (refreshing) {
    return { id, props: outs };
  }
  // Imported: its own tags are those the stack's defaults do not account for.
  const defaults = ctx.defaultTags().tags;
  const own = Object.entries(tagsOf(outs.tagsAll)).filter(([key, value]) => defaults[key] !== value);
  const inputs = inputsFromOutputs(jobTemplateTable, outs);
  return {
    id,
    props: { ...outs, ...(own.length > 0 && { tags: Object.fromEntries(own) }) },
    inputs: { ...inputs, ...(own.length > 0 && { tags: Object.fromEntries(own) }) },
  };
}

/**
 * Sends one UpdateJob with only what changed ("omit to keep"); a value the program removed is
 * sent as its clear value. Suspension changes go through SuspendJob. Then reads the template back.
 */
export async function updateJobTemplate(
  ctx: ProviderContext,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  const timeoutMs = ctx.changeOrderTimeoutMs();
  const label = templateLabel(news);
  // Where the state says it is: a region of its own, or the stack's when it was created.
  const client = ctx.saeClient(regionOf(olds)).scoped({ label });
  const changes = jobTemplateChanges(olds, news);
  const params = updateJobParams(changes);
  let applied = false;
  try {
    if (Object.keys(params).length > 0) {
      ctx.log(`sae: ${label}: UpdateJob (${describeUpdate(changes, Object.keys(params))})`);
      const sent = await updateOrVerify(
        client,
        id,
        params,
        // What DescribeJob does not report keeps its value from before the update.
        () => describeOutputs(client, id, olds),
        news,
        lostAnswerOptions(ctx, label, timeoutMs),
      );
      applied = true;
      const template: FollowedTemplate = {
        appName: String(olds.appName ?? news.appName),
        namespaceId: typeof olds.namespaceId === "string" ? olds.namespaceId : undefined,
        appId: id,
      };
      await waitForChange(ctx, client, sent.changeOrderId, template, label, timeoutMs);
    }
    const suspension = changes.find((change) => change.spec.appliedBy === "SuspendJob");
    if (suspension) {
      const suspend = canonicalValue(suspension.spec, news[suspension.name]) === true;
      ctx.log(`sae: ${label}: SuspendJob (${suspend ? "suspend" : "resume"})`);
      await client.suspendJob({ AppId: id, Suspend: suspend });
      applied = true;
    }
    if (tagsDiffer(olds.tagsAll, news.tagsAll)) {
      const say = (line: string) => ctx.log(`sae: ${label}: ${line}`);
      const sent = await applyTags(
        client,
        { appId: id, regionId: olds.regionId },
        olds.tagsAll,
        news.tagsAll,
        say,
      );
      applied ||= sent.length > 0;
    }
    const outs = await describeOutputs(client, id, news);
    const kept = keptClears(outs, news, params);
    if (kept.length > 0) {
      // Recording success would show the same diff at every preview, and clear it again in vain.
      throw new SaeError(
        `SAE kept ${kept.map((k) => k.api).join(", ")} although UpdateJob sent ` +
          `${kept.map((k) => `${k.api}=${JSON.stringify(k.sent)}`).join(", ")} to clear ` +
          `${kept.length > 1 ? "them" : "it"}: DescribeJob still reports a value. SAE may not clear ` +
          `${kept.length > 1 ? "these parameters" : "this parameter"} this way; set it explicitly instead.`,
      );
    }
    return { outs };
  } catch (error) {
    // Rejected before anything changed: Pulumi keeps the old state as it is.
    if (!applied) {
      throw error;
    }
    throw await notReady(client, id, news, error, "was updated but is not ready", label);
  }
}

/** Deletes the template and waits until SAE no longer reports it. Already gone is success. */
export async function deleteJobTemplate(ctx: ProviderContext, id: string, props: Props): Promise<void> {
  const timeoutMs = ctx.changeOrderTimeoutMs();
  const label = templateLabel(props, id);
  const client = ctx.saeClient(regionOf(props)).scoped({ label });
  ctx.log(`sae: ${label}: DeleteJob`);
  const outcome = await deleteOrVerify(client, id, lostAnswerOptions(ctx, label, timeoutMs));
  if (outcome === "already gone") {
    ctx.log(`sae: ${label}: already gone`);
    return;
  }
  if (outcome === "verified gone") {
    // DescribeJob has just said so.
    ctx.log(`sae: ${label}: deleted`);
    return;
  }
  await pollUntil(
    async (_elapsedMs, deadlineMs) => {
      try {
        await client.scoped({ deadlineMs }).describeJob({ AppId: id });
        return undefined;
      } catch (error) {
        if (error instanceof SaeApiError && error.isNotFound) {
          return true;
        }
        throw error;
      }
    },
    // DescribeJob usually reports it gone at once.
    { ...client.timing.pace, timeoutMs, pollAtStart: true },
    () =>
      new SaeError(
        `SAE accepted DeleteJob for ${label}, but DescribeJob still finds it after ${Math.round(timeoutMs / 1000)}s`,
      ),
  );
  ctx.log(`sae: ${label}: deleted`);
}

/**
 * DescribeJob, as outputs. Parameters DescribeJob does not return keep their value from `previous`.
 * The lookups read a template through it too, so they report what a JobTemplate outputs.
 */
export async function describeOutputs(
  client: Pick<SaeClient, "describeJob">,
  appId: string,
  previous: Props,
): Promise<Props> {
  const response = await client.describeJob({ AppId: appId });
  return outputsFromAnswer(
    jobTemplateTable,
    { ...response.Data, AppId: response.Data.AppId ?? appId },
    previous,
  );
}

/**
 * DescribeJob right after SAE confirmed a create, as outputs: a 404 within the grace (on the
 * client's `timing`) is retried (see `./afterCreate`).
 */
export function describeAfterCreate(
  client: Pick<SaeClient, "describeJob" | "timing">,
  appId: string,
  previous: Props,
  log: (line: string) => void = () => {},
  clock?: ReadBackClock,
): Promise<Props> {
  return withCreateGrace(() => describeOutputs(client, appId, previous), {
    action: "DescribeJob",
    appId,
    log,
    clock,
    timing: client.timing,
  });
}

/**
 * Waits for the change order a CreateJob or UpdateJob opened: by its ID when its answer said it,
 * else (the answer was lost, and SAE did act) through ListJobs.
 */
async function waitForChange(
  ctx: ProviderContext,
  client: SaeClient,
  changeOrderId: string | undefined,
  template: FollowedTemplate,
  label: string,
  timeoutMs: number,
): Promise<void> {
  if (changeOrderId) {
    await waitForChangeOrderLogged(ctx, client, changeOrderId, label, timeoutMs);
  } else {
    await waitForLastChangeOrder(client, template, label, timeoutMs);
  }
}

/** How long an UpdateJob or DeleteJob whose answer was lost may be sent again, and where lines go. */
function lostAnswerOptions(ctx: ProviderContext, label: string, budgetMs: number): LostAnswerOptions {
  return { label, log: ctx.log, budgetMs };
}

/** Waits for a change order, announcing each new state on the console. */
async function waitForChangeOrderLogged(
  ctx: ProviderContext,
  client: SaeClient,
  changeOrderId: string,
  label: string,
  timeoutMs: number,
): Promise<void> {
  await waitForChangeOrder(client, changeOrderId, { label: `sae: ${label}`, log: ctx.log, timeoutMs });
}

/**
 * The partial-failure error for a template that exists: its ID, its outputs as far as DescribeJob
 * can tell (else the inputs), and why it is not ready.
 */
async function notReady(
  client: SaeClient,
  appId: string,
  inputs: Props,
  error: unknown,
  what: string,
  label: string,
): Promise<ResourceInitError> {
  let properties: Record<string, unknown>;
  try {
    properties = { ...(await describeOutputs(client, appId, inputs)) };
  } catch {
    properties = { ...knownParameters(inputs), appId };
  }
  // The host stores these properties as they are: they must carry the serialized provider, or a
  // later refresh or destroy of this resource could not load it.
  properties.__provider = inputs.__provider;
  const reason = error instanceof Error ? error.message : String(error);
  // SAE's own message may end a sentence already.
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  return new ResourceInitError(
    `${label} ${what}: ${sentence} Pulumi keeps its ID: run \`pulumi up\` again to retry, or \`pulumi destroy\` to remove it.`,
    appId,
    properties,
    [reason],
  );
}

function knownParameters(inputs: Props): Record<string, unknown> {
  return Object.fromEntries(
    parameterList.filter((s) => inputs[s.name] !== undefined).map((s) => [s.name, inputs[s.name]]),
  );
}

/** "setting ImageUrl; clearing NasId, MountHost" for the parameters an UpdateJob carries. */
function describeUpdate(changes: readonly JobTemplateChange[], sent: readonly string[]): string {
  const cleared = new Set(changes.filter((c) => c.kind === "removed").map((c) => c.spec.api));
  const setting = sent.filter((api) => !cleared.has(api));
  const clearing = sent.filter((api) => cleared.has(api));
  return [
    setting.length ? `setting ${setting.join(", ")}` : "",
    clearing.length ? `clearing ${clearing.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function templateLabel(props: Props, fallbackId?: string): string {
  const name = typeof props.appName === "string" ? props.appName : undefined;
  return name ? `job template "${name}"` : `job template ${fallbackId ?? "(unnamed)"}`;
}
