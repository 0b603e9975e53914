// Change order progress, computed from timestamps: Status 0 (preparing) for the first quarter of
// the duration, 1 (in progress) for the rest, then the final status. Field types follow the
// official SDK's DescribeChangeOrderResponseBodyData model, so that SDK can read the answer.

import { derivedUuid, formatDateTime } from "./ids";
import type { ChangeOrder } from "./store";

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
  return elapsed < co.durationMs * PREPARING_SHARE ? 0 : 1;
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
