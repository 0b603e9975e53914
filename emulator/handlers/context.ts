// What an operation handler gets to work with.

import type { OutcomeFaultKind } from "../faults";
import type { ActionName } from "../routes";
import type { Store } from "../store";
import type { FaultRule } from "../types";

/** Per-request context for a handler. */
export interface HandlerContext {
  action: ActionName;
  /** Query and form body merged. */
  params: Readonly<Record<string, string>>;
  /** Server time of the request, epoch ms; handlers never read the clock themselves. */
  now: number;
  store: Store;
  regionId: string;
  changeOrderDurationMs: number;
  jobRunDurationMs: number;
  /** UpdateJob parameters whose clear is ignored (the old value is kept), see `Emulator.ignoreClears`. */
  ignoredClears: ReadonlySet<string>;
  /** ListJobs leaves out templates created less than this long ago (ms), see `Emulator.setListLag`. */
  listLagMs: number;
  /** Take an outcome fault for something this request creates; the request log records it. */
  takeOutcomeFault(kind: OutcomeFaultKind): FaultRule | undefined;
}

/**
 * An operation: returns the response's Data (undefined: no Data), or an {@link Answer} when the
 * response carries more than Data; throws an ApiError.
 */
export type Handler = (ctx: HandlerContext) => unknown;

/** A handler's answer with fields for the response's top level besides the envelope and Data. */
export class Answer {
  /**
   * @param data The response's Data (undefined: no Data).
   * @param topLevel Further top-level fields, e.g. ListJobs' paging fields.
   */
  constructor(
    readonly data: unknown,
    readonly topLevel: Readonly<Record<string, unknown>> = {},
  ) {}
}

/** Data of DeleteJob and SuspendJob (and DeleteHistoryJob): a JSON document inside a string. */
export const OK_DATA_STRING = JSON.stringify({ msg: "", code: 200, success: true });
