/**
 * Waiting for something SAE does in the background (a change order, a job run) to finish: one
 * loop for every such wait, so each reads the same way on the console and fails the same way.
 *
 * The loop polls a status, reads it with a pure condition function into a {@link Progress},
 * announces each new state once (one progress line), and ends when the condition says done:
 * resolving when it went well, throwing at once when it went badly. When the next poll would pass
 * the deadline it throws instead, naming the last state seen. Polling is fast at first and slower
 * later (see {@link PollOptions}).
 */
import { SaeError } from "../api/errors";
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
  /** The final state, or the last one seen before the deadline. */
  readonly progress: P;
  /** The status that state was read from. */
  readonly status: S;
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
  /** The final state, or the last one seen. */
  readonly progress: Progress;
  /** True when the deadline passed before it finished. */
  readonly timedOut: boolean;

  /**
   * @param subject What was waited for, as the message starts: "SAE change order co-1".
   * @param end How the wait ended.
   */
  constructor(subject: string, end: Omit<WaitEnd, "status">) {
    const { progress, timedOut, waitedMs } = end;
    const what = timedOut
      ? `did not finish within ${Math.round(waitedMs / 1000)}s; last state: ${progress.description}`
      : `ended ${progress.description}${progress.message ? `: ${progress.message}` : ""}`;
    super(`${subject} ${what}`);
    this.progress = progress;
    this.timedOut = timedOut;
  }
}

/** What to wait for, how to tell, and where to say so. */
export interface WaitOptions<S, P extends Progress = Progress> extends PollOptions {
  /** Fetches the current status: one API call, such as DescribeChangeOrder. Its errors end the wait. */
  readonly poll: () => Promise<S>;
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
  return pollUntil(
    async (elapsedMs) => {
      const status = await options.poll();
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
    // The deadline is checked only after a poll, so a state has always been seen by then.
    () => options.error({ ...last!, timedOut: true, waitedMs: options.timeoutMs }),
  );
}
