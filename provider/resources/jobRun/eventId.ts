/**
 * The EventId a run is started with. SAE creates one job per EventId on a template, so the ID
 * decides what counts as "the same run":
 *
 * - It is derived from the resource's identity (its URN, which the `JobRun` class puts into the
 *   inputs as `__identity`, since Create sees no URN), the run's inputs and the previous EventId.
 *   Two resources with the same arguments are two runs; an interrupted `pulumi up` that creates
 *   the resource again derives the same ID and finds the job it started.
 * - Chained through the previous EventId, so v1 → v2 → v1 is three runs, not two.
 * - A failed run is run again with an ID derived from the failed job's ID (see `updateJobRun`).
 *
 * The engine checks a replacement a second time with no old inputs at all. {@link ReplacementChains}
 * carries the previous EventId from the first check to that one, within the provider process.
 */
import { createHash } from "node:crypto";
import { canonicalJson, containsUnknown } from "../../schema/shapes";
import { identityKey, jobRunTable } from "../../schema/jobRunParameters";

export { identityKey };

/**
 * Every input that makes a run what it is (every one but the provider's settings, and `triggers`):
 * a change to one of them is a new run.
 */
export const runInputNames: readonly string[] = [
  ...jobRunTable.parameters.filter((spec) => !spec.setting).map((spec) => spec.name),
  ...Object.keys(jobRunTable.extraInputs ?? {}),
];

type Props = Readonly<Record<string, unknown>>;

/** The resource's identity (its URN), when known. */
export function identityOf(props: Props): string | undefined {
  const identity = props[identityKey];
  return typeof identity === "string" && !containsUnknown(identity) ? identity : undefined;
}

/**
 * The run's inputs in one canonical text (keys sorted, unset members dropped), or `undefined` while
 * one of them is not known yet.
 */
export function runKey(props: Props): string | undefined {
  const run: Record<string, unknown> = {};
  for (const name of runInputNames) {
    if (props[name] !== undefined && props[name] !== null) {
      run[name] = props[name];
    }
  }
  return containsUnknown(run) ? undefined : JSON.stringify(canonicalJson(run));
}

/**
 * The EventId for a run of the resource `identity` with inputs `run` (a {@link runKey}), following
 * `previous`: the EventId before it, `""` for the first, or what a retry is derived from.
 */
export function deriveEventId(identity: string, run: string, previous: string): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([identity, run, previous]))
    .digest("hex");
  return `pulumi-${digest.slice(0, 32)}`;
}

/** What a retry after a failed job derives its EventId from. */
export function afterFailedJob(jobId: string): string {
  return `after failed job ${jobId}`;
}

/**
 * Previous EventIds carried from a check against old inputs to the check the engine repeats for a
 * replacement, which gets no old inputs. Only that next check of the same resource, with the same
 * run inputs, takes one; any other check of the resource drops it.
 */
export class ReplacementChains {
  private readonly pending = new Map<string, { run: string; previous: string }>();

  /** A check against old inputs found the run changed: a replacement's second check may follow. */
  remember(identity: string, run: string, previous: string): void {
    this.pending.set(identity, { run, previous });
  }

  /** A check against old inputs found nothing to carry. */
  forget(identity: string): void {
    this.pending.delete(identity);
  }

  /** For a check without old inputs: the previous EventId, if it is a replacement's second check. */
  take(identity: string, run: string): string | undefined {
    const entry = this.pending.get(identity);
    this.pending.delete(identity);
    return entry?.run === run ? entry.previous : undefined;
  }
}
