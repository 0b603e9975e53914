// Change order progress, computed from timestamps: Status 0 (preparing) for the first quarter of
// the duration, 1 (in progress) for the rest, then the final status. One without an end (an
// Infinity duration, until finishChangeOrder) is in progress from the start. Field types follow the
// official SDK's DescribeChangeOrderResponseBodyData model, so that SDK can read the answer.

import { derivedUuid, formatDateTime } from "./ids";
import type { ChangeOrder, Store } from "./store";
import type { ChangeOrderInfo, FinishChangeOrderOptions } from "./types";

/** Share of the duration spent in Status 0 (preparing). */
const PREPARING_SHARE = 0.25;

const failureMessages: Record<number, string> = {
  3: "The change order failed (emulator fault failChangeOrder).",
  6: "The change order was terminated (emulator fault failChangeOrder).",
  10: "The change order failed because of a system error (emulator fault failChangeOrder).",
};

/** Status at `now`: 0 preparing, 1 in progress, then 2 / 3 / 6 / 10. */
export function changeOrderStatus(co: ChangeOrder, now: number): number {
  const elapsed = now - co.createdAt;
  if (elapsed >= co.durationMs) {
    return co.finalStatus;
  }
  // A quarter of no end is no end: an open-ended change order is in progress.
  return Number.isFinite(co.durationMs) && elapsed < co.durationMs * PREPARING_SHARE ? 0 : 1;
}

/** Whether the change order has reached its final status at `now`. */
export function changeOrderFinished(co: ChangeOrder, now: number): boolean {
  return now - co.createdAt >= co.durationMs;
}

/** DescribeChangeOrder's Data. */
export function renderChangeOrder(co: ChangeOrder, now: number): Record<string, unknown> {
  const status = changeOrderStatus(co, now);
  const finished = changeOrderFinished(co, now);
  const failed = finished && co.finalStatus !== 2;
  const finishTime = finished ? formatDateTime(co.createdAt + co.durationMs) : undefined;
  const pipelineId = derivedUuid(`${co.changeOrderId}/pipeline/1`);
  const isCreate = co.action === "CreateJob";
  const message = failed ? failureMessages[co.finalStatus] : undefined;
  return {
    ChangeOrderId: co.changeOrderId,
    AppId: co.appId,
    AppName: co.appName,
    CoType: isCreate ? "Create Job" : "Update Job",
    CoTypeCode: isCreate ? "CoCreateApp" : "CoDeploy",
    Description: isCreate ? "Create job template" : "Update job template",
    Status: status,
    SubStatus: failed ? 1 : 0,
    CreateTime: formatDateTime(co.createdAt),
    ...(finishTime !== undefined && { FinishTime: finishTime }),
    BatchCount: 1,
    BatchType: "auto",
    CurrentPipelineId: pipelineId,
    SupportRollback: false,
    Pipelines: [
      {
        PipelineId: pipelineId,
        PipelineName: "Batch 1",
        // Numbers, as the official SDK's DescribeChangeOrderResponseBodyDataPipelines declares them.
        BatchType: 0,
        ParallelCount: 0,
        Status: status,
        // Epoch milliseconds (the SDK model's examples: 1562831689704), unlike Data's CreateTime text.
        StartTime: co.createdAt,
        UpdateTime: finished ? co.createdAt + co.durationMs : now,
      },
    ],
    ...(message !== undefined && { Message: message, ErrorMessage: message }),
  };
}

/** A change order for tests to inspect. */
export function changeOrderInfo(co: ChangeOrder, now: number): ChangeOrderInfo {
  return {
    changeOrderId: co.changeOrderId,
    appId: co.appId,
    action: co.action,
    status: changeOrderStatus(co, now),
    finalStatus: co.finalStatus,
    createdAt: co.createdAt,
    endsAt: co.createdAt + co.durationMs,
  };
}

/**
 * Change order controls for test code (the Emulator object's listChangeOrders and
 * finishChangeOrder). Misuse throws a plain Error: a mistake in the test, not an API answer.
 */
export class ChangeOrderControl {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Change orders in the order they were opened, of one template or all. */
  list(appId?: string): ChangeOrderInfo[] {
    const now = this.now();
    return [...this.store.changeOrders.values()]
      .filter((co) => appId === undefined || co.appId === appId)
      .map((co) => changeOrderInfo(co, now));
  }

  /** End a change order that is still going, now. */
  finish(changeOrderId: string, options: FinishChangeOrderOptions = {}): ChangeOrderInfo {
    const now = this.now();
    const co = this.store.changeOrders.get(changeOrderId);
    if (!co) {
      throw new Error(`finishChangeOrder: no change order ${changeOrderId}`);
    }
    if (changeOrderFinished(co, now)) {
      throw new Error(`finishChangeOrder: change order ${changeOrderId} has already finished`);
    }
    const { failStatus } = options;
    if (failStatus !== undefined && ![3, 6, 10].includes(failStatus)) {
      throw new RangeError("finishChangeOrder: failStatus must be 3, 6 or 10");
    }
    co.durationMs = Math.max(0, now - co.createdAt);
    co.finalStatus = failStatus ?? 2;
    this.store.commit();
    return changeOrderInfo(co, now);
  }
}
