/**
 * CreateJob without orphans. CreateJob is not safe to repeat, and its answer can be lost after
 * SAE acted on it (a reset, a timeout, a gateway's 5xx). Then the template is looked up by name
 * with ListJobs, which may lag behind a create for a few seconds, so the lookup is repeated for a
 * while before concluding nothing was made; only then is CreateJob sent again. A resent CreateJob
 * answered "the name already exists" means the first one did create it after all (and the
 * listing still lags): look again, and adopt it.
 *
 * The caveat: SAE cannot say who made a template. One made under the same name by someone else at
 * the same moment would look the same, so before adopting, what can be checked is checked
 * (namespace, package type, image or package URL); a template that differs is not adopted.
 */
import type { SaeClient } from "../../api/client";
import { jobsNamed } from "../../api/pages";
import { SaeApiError, SaeError, SaeOutcomeUnknownError } from "../../api/errors";
import type { CreateJobRequest, DescribeJobData, ListedJob } from "../../api/types";
import { secondsText } from "../../api/timing";
import type { ProviderContext } from "../context";
import { pollUntil } from "../polling";
import { withCreateGrace } from "./afterCreate";

/** How many times CreateJob is sent when its answer keeps getting lost. */
const maxCreateAttempts = 3;

/** The template CreateJob made (or that was found to be it), and its change order when known. */
export interface CreatedTemplate {
  readonly appId: string;
  /** Missing for an adopted template: its change order ID was in the lost answer. */
  readonly changeOrderId?: string;
}

/**
 * Sends CreateJob; after a lost answer finds the template by name (waiting out the listing's lag)
 * and adopts it if it is ours, else sends CreateJob again.
 */
export async function createOrAdopt(
  ctx: ProviderContext,
  client: SaeClient,
  request: CreateJobRequest,
  label: string,
): Promise<CreatedTemplate> {
  let lastLoss: SaeOutcomeUnknownError | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.createJob(request);
      return { appId: response.Data.AppId, changeOrderId: response.Data.ChangeOrderId };
    } catch (error) {
      const resentExists = lastLoss !== undefined && isNameTaken(error);
      if (!(error instanceof SaeOutcomeUnknownError) && !resentExists) {
        throw error;
      }
      ctx.log(
        resentExists
          ? `sae: ${label}: CreateJob sent again answered that the name exists: the first one did create it; looking it up again`
          : `sae: ${label}: CreateJob's answer was lost (${(error as SaeOutcomeUnknownError).cause.message}); looking the template up by name`,
      );
      const found = await lookUpCreated(client, request);
      if (found) {
        ctx.log(`sae: ${label}: SAE did create it (AppId ${found.AppId}); adopting it`);
        return { appId: found.AppId };
      }
      if (resentExists) {
        throw new SaeError(
          `SAE CreateJob for ${label}: the name exists, but ListJobs does not show the template ` +
            `${secondsText(client.timing.listingLagGraceMs)} later, so it was not adopted. ` +
            "Import it with `pulumi import`, or delete it, and run `pulumi up` again.",
        );
      }
      lastLoss = error as SaeOutcomeUnknownError;
      if (attempt >= maxCreateAttempts) {
        throw new SaeError(
          `SAE CreateJob for ${label}: the answer was lost ${attempt} times and no template of that name exists, ` +
            `so nothing was created. Last error: ${lastLoss.cause.message}`,
        );
      }
      ctx.log(
        `sae: ${label}: ListJobs does not show it after ${secondsText(client.timing.listingLagGraceMs)}: ` +
          "not created; sending CreateJob again",
      );
    }
  }
}

/** True for CreateJob's answer that a template of that name exists in the namespace. */
function isNameTaken(error: unknown): boolean {
  // The reference names no code for it; these are the spellings SAE's codes take.
  return error instanceof SaeApiError && /AlreadyExist|Duplicate|NameExist/i.test(error.code);
}

/** The listing did not show the template within its grace. */
class NotListed extends Error {}

/**
 * The template CreateJob made, found by name with ListJobs, repeated for up to the client's
 * `timing.listingLagGraceMs` while the listing may lag; `undefined` if none shows. A template of
 * that name that is not the one asked for is an error, not an adoption.
 */
async function lookUpCreated(client: SaeClient, request: CreateJobRequest): Promise<ListedJob | undefined> {
  const namespaceId = request.NamespaceId as string | undefined;
  let found: ListedJob;
  try {
    found = await pollUntil(
      async (_elapsedMs, deadlineMs) =>
        findJobTemplate(client.scoped({ deadlineMs }), request.AppName, namespaceId),
      { ...client.timing.pace, timeoutMs: client.timing.listingLagGraceMs, pollAtStart: true },
      () => new NotListed(),
    );
  } catch (error) {
    if (error instanceof NotListed) {
      return undefined;
    }
    throw error;
  }
  const described = await withCreateGrace(() => client.describeJob({ AppId: found.AppId }), {
    action: "DescribeJob",
    appId: found.AppId,
    timing: client.timing,
  });
  const differences = adoptionMismatches(request, described.Data);
  if (differences.length > 0) {
    throw new SaeError(
      `SAE CreateJob for job template "${request.AppName}": its answer was lost, and the template of that ` +
        `name (AppId ${found.AppId}) is not the one asked for: its ${differences.join(", ")} ` +
        `${differences.length > 1 ? "differ" : "differs"}. ` +
        "It was made by someone else, so it was not adopted; nothing is recorded. Rename this template, or " +
        "import that one with `pulumi import`.",
    );
  }
  return found;
}

/**
 * Which of what CreateJob asked for a found template does not have: the namespace (when one was
 * given), the package type, and the image or package URL. Names, never values.
 */
export function adoptionMismatches(request: CreateJobRequest, found: DescribeJobData): string[] {
  const checks: [string, unknown, unknown][] = [
    ["NamespaceId", request.NamespaceId, found.NamespaceId],
    ["PackageType", request.PackageType, found.PackageType],
    ["ImageUrl", request.ImageUrl, found.ImageUrl],
    ["PackageUrl", request.PackageUrl, found.PackageUrl],
  ];
  return checks
    .filter(([, asked, has]) => asked !== undefined && asked !== "" && String(asked) !== String(has ?? ""))
    .map(([name]) => name);
}

/** Finds a template by exact name, in the namespace if one is given. */
export async function findJobTemplate(
  client: SaeClient,
  appName: string,
  namespaceId: string | undefined,
): Promise<ListedJob | undefined> {
  return (await jobsNamed(client, appName, namespaceId))[0];
}

/** The template whose last change order is followed: its name, namespace and, once known, AppId. */
export interface FollowedTemplate {
  readonly appName: string;
  readonly namespaceId?: string;
  readonly appId?: string;
}

/**
 * A change order whose ID was in a lost answer (an adopted template's CreateJob, an UpdateJob
 * SAE did apply) is followed through ListJobs instead (LastChangeorderState "1" succeeded, "0"
 * failed, left out while it runs).
 */
export async function waitForLastChangeOrder(
  client: SaeClient,
  template: FollowedTemplate,
  label: string,
  timeoutMs: number,
): Promise<void> {
  await pollUntil(
    async (_elapsedMs, deadlineMs) => {
      const named = await jobsNamed(client.scoped({ deadlineMs }), template.appName, template.namespaceId);
      const job = named.find((listed) => template.appId === undefined || listed.AppId === template.appId);
      const state = job?.LastChangeorderState;
      if (state === "0") {
        const detail = job?.Message ? `: ${job.Message}` : "";
        throw new SaeError(`the deployment of ${label} failed (ListJobs LastChangeorderState "0")${detail}`);
      }
      // Only "1" and "0" are final; ListJobs leaves the field out while a change order runs.
      return state === "1" ? true : undefined;
    },
    { ...client.timing.pace, timeoutMs, pollAtStart: true },
    () => new SaeError(`the deployment of ${label} did not finish within ${Math.round(timeoutMs / 1000)}s`),
  );
}
