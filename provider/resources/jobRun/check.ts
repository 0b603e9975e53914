/**
 * Validation of job run inputs, before any API call, and the EventId the run will use. The check
 * itself is the generic one over the job run's table (`../table/check`): every failure names the
 * property and the rule, all of them at once, and values not known yet (preview) pass. The
 * EventId is left unset until every run input is known.
 */
import { identityKey, jobRunTable } from "../../schema/jobRunParameters";
import { type CheckFailure, checkInputs } from "../table/check";
import { deriveEventId, identityOf, type ReplacementChains, runKey } from "./eventId";

type Props = Readonly<Record<string, unknown>>;

/**
 * Checks `news` against the old inputs `olds` and returns the inputs to use (coerced to their
 * shapes, with the `eventId` the run will be started with) and any failures.
 *
 * The EventId stays the old one while the run inputs are unchanged; a change derives a new one
 * from the old. Without old inputs (a first create, or the engine's second check of a
 * replacement) it follows what `chains` carried over from the first check or the diff (the failed
 * job a replacement runs again), else nothing.
 */
export function checkJobRun(
  olds: Props,
  news: Props,
  chains?: ReplacementChains,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { inputs, failures } = checkInputs(jobRunTable, news);
  // The EventId is derived from it, so a run without one could not be found again.
  if (news[identityKey] === undefined || news[identityKey] === null) {
    failures.push({
      property: identityKey,
      reason: "is missing: create job runs with the JobRun class of pulumi-sae-job, which sets it",
    });
  }
  if (failures.length === 0) {
    const eventId = chooseEventId(olds, inputs, chains);
    if (eventId !== undefined) {
      inputs.eventId = eventId;
    }
  }
  return { inputs, failures };
}

function chooseEventId(olds: Props, inputs: Props, chains?: ReplacementChains): string | undefined {
  const identity = identityOf(inputs);
  const run = runKey(inputs);
  if (identity === undefined || run === undefined) {
    if (identity !== undefined) {
      chains?.forget(identity);
    }
    return undefined;
  }
  const oldEventId = typeof olds.eventId === "string" ? olds.eventId : undefined;
  if (oldEventId === undefined) {
    const link = chains?.take(identity, run);
    const eventId = deriveEventId(identity, run, link?.previous ?? "");
    if (link?.failedJobId !== undefined) {
      chains?.noteRerun(eventId, link.failedJobId);
    }
    return eventId;
  }
  if (runKey(olds) === run && identityOf(olds) === identity) {
    chains?.forget(identity);
    return oldEventId;
  }
  chains?.remember(identity, run, oldEventId);
  return deriveEventId(identity, run, oldEventId);
}
