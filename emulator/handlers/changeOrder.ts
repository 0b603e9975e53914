// DescribeChangeOrder.

import { ApiError } from "../apiError";
import { renderChangeOrder } from "../changeOrders";
import type { HandlerContext } from "./context";
import { required } from "./paramReaders";

/** DescribeChangeOrder: a change order's progress. Unknown IDs: 404 InvalidChangeOrderId.NotFound. */
export function describeChangeOrder(ctx: HandlerContext): unknown {
  const id = required(ctx.params, "ChangeOrderId");
  const co = ctx.store.changeOrders.get(id);
  if (!co) {
    throw new ApiError(
      404,
      "InvalidChangeOrderId.NotFound",
      `The specified ChangeOrderId does not exist: ${id}`,
    );
  }
  return renderChangeOrder(co, ctx.now);
}
