/**
 * Waiting for an SAE change order (opened by CreateJob and UpdateJob) to finish.
 *
 * Ready: Status 2 (succeeded).
 * Failed at once: Status 3 (failed), 6 (terminated), 10 (failed by a system error).
 * Anything else (0 preparing, 1 in progress, 8/9 waiting for confirmation, 11 pending approval,
 * 12 approved and waiting to run, or a status this package does not know) keeps waiting, up to a
 * timeout; the timeout error names the last state seen.
 *
 * The waiting itself (polling, one progress line per new state, the deadline) is the shared loop
 * in `../waiting`; this module holds the condition and the error.
 */
import type { SaeClient } from "../../api/client";
import type { ChangeOrder } from "../../api/types";
import type { PollOptions } from "../polling";
import { type Progress, waitFor, type WaitEnd, WaitError } from "../waiting";

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

/** Reads one DescribeChangeOrder answer: the wait's condition function. */
export function changeOrderProgress(order: ChangeOrder): Progress {
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
export class ChangeOrderError extends WaitError {
  override readonly name = "ChangeOrderError";
  readonly changeOrderId: string;

  constructor(changeOrderId: string, end: Omit<WaitEnd, "status">) {
    super(`SAE change order ${changeOrderId}`, end);
    this.changeOrderId = changeOrderId;
  }
}

/** How to wait: a deadline and polling pace, and where each new state is announced (once). */
export interface ChangeOrderWaitOptions extends PollOptions {
  /** What the progress lines start with, before `: change order <id>: <state>`. */
  readonly label: string;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
}

/**
 * Polls DescribeChangeOrder until the change order finishes, at the client's polling pace (its
 * `timing.pace`; `options` may set another). Resolves on success; throws {@link ChangeOrderError}
 * on failure or timeout (naming the last state seen).
 */
export async function waitForChangeOrder(
  client: SaeClient,
  changeOrderId: string,
  options: ChangeOrderWaitOptions,
): Promise<Progress> {
  const { progress } = await waitFor({
    ...client.timing.pace,
    ...options,
    poll: async (deadlineMs) =>
      (await client.scoped({ deadlineMs }).describeChangeOrder({ ChangeOrderId: changeOrderId })).Data,
    condition: changeOrderProgress,
    label: `${options.label}: change order ${changeOrderId}`,
    error: (end) => new ChangeOrderError(changeOrderId, end),
  });
  return progress;
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
