/**
 * The EventId a run is started with. SAE creates one job per EventId on a template, so the ID
 * decides what counts as "the same run":
 *
 * - It is derived from the resource's identity (its URN, which the `JobRun` class puts into the
 *   inputs as `__identity`, since Create sees no URN), the run's inputs and the previous EventId.
 *   Two resources with the same arguments are two runs; an interrupted `pulumi up` that creates
 *   the resource again derives the same ID and finds the job it started.
 * - Chained through the previous EventId, so v1 → v2 → v1 is three runs, not two.
 * - A failed run is run again by a replacement whose EventId is derived from the failed job's ID,
 *   so each re-run is a run of its own, and an interrupted re-run finds the job it started.
 *
 * The engine checks a replacement a second time with no old inputs at all. {@link ReplacementChains}
 * carries what that check derives the EventId from (the previous EventId, or the failed job) from
 * the first check or the diff to that one, within the provider process.
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

/** What a replacement's EventId follows: the EventId before it, or the failed job it runs again. */
export interface ChainLink {
  /** What the EventId is derived from (`previous` of {@link deriveEventId}). */
  readonly previous: string;
  /** The failed job the replacement runs again, if that is why it replaces. */
  readonly failedJobId?: string;
}

/**
 * What a replacement's EventId follows, carried from a check against old inputs (the run changed)
 * or from the diff (the run failed) to the check the engine repeats for the replacement, which gets
 * no old inputs. Only that next check of the same resource, with the same run inputs, takes it; any
 * other check of the resource drops it. The re-run of a failed job is also remembered by its
 * EventId, so the create that follows can say which job it runs again.
 */
export class ReplacementChains {
  private readonly pending = new Map<string, { run: string; link: ChainLink }>();
  private readonly reruns = new Map<string, string>();

  /** A check against old inputs found the run changed: a replacement's second check may follow. */
  remember(identity: string, run: string, previous: string): void {
    this.pending.set(identity, { run, link: { previous } });
  }

  /** The diff replaces a failed run with the same inputs: its second check derives from the failed job. */
  rememberRerun(identity: string, run: string, failedJobId: string): void {
    this.pending.set(identity, { run, link: { previous: afterFailedJob(failedJobId), failedJobId } });
  }

  /** A check against old inputs found nothing to carry. */
  forget(identity: string): void {
    this.pending.delete(identity);
  }

  /** For a check without old inputs: what to follow, if it is a replacement's second check. */
  take(identity: string, run: string): ChainLink | undefined {
    const entry = this.pending.get(identity);
    this.pending.delete(identity);
    return entry?.run === run ? entry.link : undefined;
  }

  /** The second check gave the re-run of `failedJobId` this EventId. */
  noteRerun(eventId: string, failedJobId: string): void {
    this.reruns.set(eventId, failedJobId);
  }

  /** The failed job a run with this EventId runs again, once (for the create's log). */
  rerunOf(eventId: string): string | undefined {
    const failedJobId = this.reruns.get(eventId);
    this.reruns.delete(eventId);
    return failedJobId;
  }
}
