/**
 * Waiting for something SAE does in the background (a change order, a job run) to finish: one
 * loop for every such wait, so each reads the same way on the console and fails the same way.
 *
 * The loop polls a status, reads it with a pure condition function into a {@link Progress},
 * announces each new state once (one progress line), and ends when the condition says done:
 * resolving when it went well, throwing at once when it went badly. At the deadline it throws
 * instead, naming the last state seen. The schedule is in `./polling`.
 *
 * A poll that fails for a reason that passes (throttled, a 5xx, a lost answer) does not end the
 * wait: the client retries it until the wait's deadline, and a failure that comes back before then
 * is said once and polled through. The deadline holds for the whole wait, the poll in flight
 * included.
 *
 * The pace is the caller's to give (`PollOptions`): each wait passes its client's `timing.pace`,
 * so a test against the emulator with `SAE_TIME_SCALE` polls on the same schedule, faster.
 */
import { SaeError } from "../api/errors";
import { classifyFailure } from "../api/retry";
import { type PollOptions, pollUntil } from "./polling";

/** Where a watched thing stands, as a condition function reads one status. */
export interface Progress {
  /** True once it has finished, well or badly. */
  readonly done: boolean;
  /** True when it finished well. */
  readonly ok: boolean;
  /** Short state, such as "in progress (Status 1)": a new one is announced, and a timeout names the last. */
  readonly description: string;
  /** SAE's explanation of a failure, when it gives one. */
  readonly message?: string;
}

/** How a wait ended badly: the state it ended in (or the last one seen), and whether time ran out. */
export interface WaitEnd<S = unknown, P extends Progress = Progress> {
  /** The final state, or the last one seen before the deadline (none when no poll was answered). */
  readonly progress?: P;
  /** The status that state was read from. */
  readonly status?: S;
  /** Why the last poll failed, when it did (a timeout while SAE kept throttling, say). */
  readonly pollFailure?: string;
  /** True when the deadline passed before it finished. */
  readonly timedOut: boolean;
  /** How long it was waited for, in milliseconds (the timeout, when it timed out). */
  readonly waitedMs: number;
}

/**
 * A wait that ended badly, with the standard message: "<subject> ended <state>: <SAE's message>"
 * or "<subject> did not finish within <N>s; last state: <state>". Subclass it per kind of wait.
 */
export class WaitError extends SaeError {
  override readonly name: string = "WaitError";
  /** The final state, or the last one seen; none when no poll was answered. */
  readonly progress?: Progress;
  /** True when the deadline passed before it finished. */
  readonly timedOut: boolean;

  /**
   * @param subject What was waited for, as the message starts: "SAE change order co-1".
   * @param end How the wait ended.
   */
  constructor(subject: string, end: Omit<WaitEnd, "status">) {
    const { progress, timedOut, waitedMs, pollFailure } = end;
    const lastSeen = progress ? `last state: ${progress.description}` : "no poll was answered";
    const what = timedOut
      ? `did not finish within ${Math.round(waitedMs / 1000)}s; ${lastSeen}` +
        (pollFailure ? `; the last poll failed: ${pollFailure}` : "")
      : `ended ${progress?.description}${progress?.message ? `: ${progress.message}` : ""}`;
    super(`${subject} ${what}`);
    this.progress = progress;
    this.timedOut = timedOut;
  }
}

/** What to wait for, how to tell, and where to say so. */
export interface WaitOptions<S, P extends Progress = Progress> extends PollOptions {
  /**
   * Fetches the current status: one API call, such as DescribeChangeOrder, sent through a client
   * scoped to `deadlineMs` (epoch milliseconds) so that its retries end with the wait. Its errors
   * end the wait, but for those that pass (see the module comment).
   */
  readonly poll: (deadlineMs: number) => Promise<S>;
  /**
   * Reads one status. Pure, so it can be tested on recorded answers. It may return more than
   * {@link Progress} (a run's state in words, say); the wait hands it back as it is.
   */
  readonly condition: (status: S) => P;
  /**
   * What is waited for, as each progress line starts: a new state is announced as
   * `<label>: <description> (<seconds>s)`, such as
   * `sae: job template "nightly": change order co-1: in progress (Status 1) (0.3s)`.
   */
  readonly label: string;
  /** Where progress lines go (the provider context's `log`). */
  readonly log: (line: string) => void;
  /** The error thrown on a timeout, and when it ends badly; usually a {@link WaitError} subclass. */
  readonly error: (end: WaitEnd<S, P>) => Error;
  /**
   * Throw `error` as soon as the condition says it ended badly (done, not ok). Set it to `false`
   * where a bad end is an outcome to record rather than a failure (a job run that failed): the
   * wait then resolves with it as with a success.
   * @default true
   */
  readonly throwOnFailure?: boolean;
}

/**
 * Polls until the condition says done, announcing each new state once. Resolves with the last
 * status and what the condition made of it when it finished well (or, with `throwOnFailure:
 * false`, badly); throws what `error` builds when it finished badly (at once) or when the next
 * poll would pass `timeoutMs` (naming the last state seen).
 *
 * @example
 * ```ts
 * const { progress } = await waitFor({
 *   ...client.timing.pace, // the client's schedule: the product's, or scaled against the emulator
 *   poll: async () => (await client.describeChangeOrder({ ChangeOrderId: id })).Data,
 *   condition: changeOrderProgress,
 *   label: `sae: ${label}: change order ${id}`,
 *   log: ctx.log,
 *   timeoutMs: ctx.changeOrderTimeoutMs(),
 *   error: (end) => new ChangeOrderError(id, end.progress, end.timedOut, end.waitedMs),
 * });
 * ```
 */
export async function waitFor<S, P extends Progress = Progress>(
  options: WaitOptions<S, P>,
): Promise<{ readonly status: S; readonly progress: P }> {
  let last: { readonly status: S; readonly progress: P } | undefined;
  let pollFailure: string | undefined;
  return pollUntil(
    async (elapsedMs, deadlineMs) => {
      let status: S;
      try {
        status = await options.poll(deadlineMs);
      } catch (error) {
        if (!(error instanceof SaeError) || classifyFailure(error, "idempotent") !== "retry") {
          throw error;
        }
        if (pollFailure === undefined) {
          options.log(`${options.label}: a poll failed (${error.message}); still waiting`);
        }
        pollFailure = error.message;
        return undefined;
      }
      pollFailure = undefined;
      const progress = options.condition(status);
      if (progress.description !== last?.progress.description) {
        options.log(`${options.label}: ${progress.description} (${(elapsedMs / 1000).toFixed(1)}s)`);
      }
      last = { status, progress };
      if (progress.done && !progress.ok && options.throwOnFailure !== false) {
        throw options.error({ ...last, timedOut: false, waitedMs: elapsedMs });
      }
      return progress.done ? last : undefined;
    },
    options,
    () => options.error({ ...last, pollFailure, timedOut: true, waitedMs: options.timeoutMs }),
  );
}
