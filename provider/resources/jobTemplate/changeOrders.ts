/**
 * Waiting for an SAE change order (opened by CreateJob and UpdateJob) to finish.
 *
 * Ready: Status 2 (succeeded).
 * Failed at once: Status 3 (failed), 6 (terminated), 10 (failed by a system error).
 * Anything else (0 preparing, 1 in progress, 8/9 waiting for confirmation, 11 pending approval,
 * 12 approved and waiting to run, or a status this package does not know) keeps waiting, up to a
 * timeout; the timeout error names the last state seen.
 */
import type { SaeClient } from "../../api/client";
import type { ChangeOrder } from "../../api/types";
import { SaeError } from "../../api/errors";
import { type PollOptions, pollUntil } from "../polling";

const statusNames: Readonly<Record<number, string>> = {
  0: "preparing",
  1: "in progress",
  2: "succeeded",
  3: "failed",
  6: "terminated",
  8: "waiting for manual confirmation",
  9: "waiting for automatic confirmation",
  10: "failed by a system error",
  11: "pending approval",
  12: "approved, waiting to run",
};

const failedStatuses = new Set([3, 6, 10]);

/** Where a change order stands, from one DescribeChangeOrder answer. */
export interface ChangeOrderProgress {
  /** True once it has finished, well or badly. */
  readonly done: boolean;
  /** True when it finished well. */
  readonly ok: boolean;
  /** Short state, such as "in progress (Status 1)". */
  readonly description: string;
  /** SAE's explanation of a failure, when it gives one. */
  readonly message?: string;
}

/** Reads one DescribeChangeOrder answer. */
export function changeOrderProgress(order: ChangeOrder): ChangeOrderProgress {
  const status = Number(order.Status);
  const description = `${statusNames[status] ?? "unknown state"} (Status ${order.Status})`;
  if (status === 2) {
    return { done: true, ok: true, description };
  }
  if (failedStatuses.has(status)) {
    const message = firstText(order.ErrorMessage, order.Message, order.Description, pipelineMessage(order));
    return { done: true, ok: false, description, message };
  }
  return { done: false, ok: false, description };
}

/** A change order failed, or did not finish in time. */
export class ChangeOrderError extends SaeError {
  override readonly name = "ChangeOrderError";
  readonly changeOrderId: string;
  /** The last state seen. */
  readonly progress: ChangeOrderProgress;
  readonly timedOut: boolean;

  constructor(changeOrderId: string, progress: ChangeOrderProgress, timedOut: boolean, waitedMs: number) {
    const what = timedOut
      ? `did not finish within ${Math.round(waitedMs / 1000)}s; last state: ${progress.description}`
      : `ended ${progress.description}${progress.message ? `: ${progress.message}` : ""}`;
    super(`SAE change order ${changeOrderId} ${what}`);
    this.changeOrderId = changeOrderId;
    this.progress = progress;
    this.timedOut = timedOut;
  }
}

/** How to wait: a deadline and polling pace, plus who hears each new state (once). */
export interface WaitOptions extends PollOptions {
  readonly onProgress?: (progress: ChangeOrderProgress, elapsedMs: number) => void;
}

/**
 * Polls DescribeChangeOrder until the change order finishes. Resolves on success; throws
 * {@link ChangeOrderError} on failure or timeout (naming the last state seen).
 */
export async function waitForChangeOrder(
  client: SaeClient,
  changeOrderId: string,
  options: WaitOptions,
): Promise<ChangeOrderProgress> {
  let last: ChangeOrderProgress | undefined;
  return pollUntil(
    async (elapsed) => {
      const response = await client.describeChangeOrder({ ChangeOrderId: changeOrderId });
      const progress = changeOrderProgress(response.Data);
      if (progress.description !== last?.description) {
        options.onProgress?.(progress, elapsed);
      }
      last = progress;
      if (progress.done && !progress.ok) {
        throw new ChangeOrderError(changeOrderId, progress, false, elapsed);
      }
      return progress.done ? progress : undefined;
    },
    options,
    () => new ChangeOrderError(changeOrderId, last!, true, options.timeoutMs),
  );
}

function pipelineMessage(order: ChangeOrder): string | undefined {
  for (const pipeline of order.Pipelines ?? []) {
    const text = firstText(pipeline.ErrorMessage, pipeline.Message, pipeline.StatusMessage);
    if (text) {
      return text;
    }
  }
  return undefined;
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === "string" && v.trim() !== "");
}
