/**
 * What one DescribeJobStatus answer says about a run, as pure functions: whether to keep waiting,
 * and the outputs it gives.
 *
 * State "1" succeeded and "2" failed are final; "0" (not run yet, e.g. before its `Time`) and "3"
 * (running) keep waiting, as does a State this package does not know.
 */
import type { JobStatus } from "../../api/types";
import type { jobRunStates } from "../../schema/jobRunParameters";

/** A run's state in words. */
export type JobRunState = (typeof jobRunStates)[number];

/** Where a run stands, from one DescribeJobStatus answer. */
export interface RunProgress {
  /** True once it has finished, well or badly. */
  readonly done: boolean;
  /** True when it succeeded. */
  readonly ok: boolean;
  /** The state in words, as the `state` output says it. */
  readonly state: JobRunState;
  /** Short state for the console, such as "running (State 3)". */
  readonly description: string;
  /** SAE's explanation of a failure. */
  readonly message?: string;
}

/**
 * Reads one DescribeJobStatus answer; `undefined` is a run DescribeJobStatus does not report (yet).
 */
export function runProgress(status: JobStatus | undefined): RunProgress {
  if (status === undefined) {
    return { done: false, ok: false, state: "pending", description: "not reported by SAE yet" };
  }
  const code = String(status.State);
  switch (code) {
    case "1":
      return { done: true, ok: true, state: "succeeded", description: "succeeded (State 1)" };
    case "2": {
      const message = text(status.Message);
      return {
        done: true,
        ok: false,
        state: "failed",
        description: "failed (State 2)",
        ...(message !== undefined && { message }),
      };
    }
    case "3":
      return { done: false, ok: false, state: "running", description: "running (State 3)" };
    case "0":
      return { done: false, ok: false, state: "pending", description: "not started yet (State 0)" };
    default:
      return { done: false, ok: false, state: "running", description: `unknown state (State ${code})` };
  }
}

/** The names of the outputs a DescribeJobStatus answer sets. */
export const statusOutputNames = [
  "state",
  "message",
  "startTime",
  "completionTime",
  "active",
  "succeeded",
  "failed",
] as const;

/**
 * The outputs one DescribeJobStatus answer gives (no `undefined` members: what SAE leaves out is
 * left out). Without an answer, the run is pending.
 */
export function statusOutputs(status: JobStatus | undefined): Record<string, unknown> {
  const outs: Record<string, unknown> = { state: runProgress(status).state };
  if (status === undefined) {
    return outs;
  }
  const fields: [string, unknown][] = [
    ["message", text(status.Message)],
    ["startTime", isoTime(status.StartTime)],
    ["completionTime", isoTime(status.CompletionTime)],
    ["active", count(status.Active)],
    ["succeeded", count(status.Succeeded)],
    ["failed", count(status.Failed)],
  ];
  for (const [name, value] of fields) {
    if (value !== undefined) {
      outs[name] = value;
    }
  }
  return outs;
}

/**
 * An SAE time as ISO 8601 in UTC, to the second. DescribeJobStatus answers epoch seconds (as a
 * number or a string); epoch milliseconds and date text are read too.
 */
export function isoTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "" || value === 0 || value === "0") {
    return undefined;
  }
  let ms: number;
  if (typeof value === "number" || /^\d+(\.\d+)?$/.test(String(value).trim())) {
    const n = Number(value);
    // Epoch seconds stay below 1e11 until the year 5138; milliseconds passed it in 1973.
    ms = n >= 1e11 ? n : n * 1000;
  } else {
    ms = Date.parse(String(value));
  }
  if (!Number.isFinite(ms)) {
    return undefined;
  }
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function count(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
