// Emulator options with their defaults filled in and checked.

import { checkRateLimit } from "./rateLimit";
import type { EmulatorOptions, RateLimit } from "./types";

/** The built-in credentials; the CLI prints the secret only when it is this one. */
export const DEFAULT_ACCESS_KEY_ID = "emulator-key";
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-secret";

/** {@link EmulatorOptions} with every default applied. */
export interface ResolvedOptions {
  host: string;
  port: number;
  regionId: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  changeOrderDurationMs: number;
  jobRunDurationMs: number;
  dataDir?: string;
  ignoreClears: readonly string[];
  rateLimit?: Required<RateLimit>;
  listLagMs: number;
  log?: (line: string) => void;
  /** The clock durations are played out on; undefined: the real one. */
  clock?: () => number;
}

export function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number`);
  }
  return value;
}

/** A copy of a list of parameter names; throws TypeError when it is not one (callers may be plain JS). */
export function checkNames(name: string, value: readonly string[]): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) {
    throw new TypeError(`${name} must be an array of parameter names`);
  }
  return [...value];
}

/** The clock option, checked (callers may be plain JS). */
function checkClock(clock: () => number): () => number {
  if (typeof clock !== "function") {
    throw new TypeError("clock must be a function returning epoch milliseconds");
  }
  return clock;
}

/** Apply defaults; throws RangeError/TypeError on a value the emulator cannot use. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError("port must be an integer 0..65535");
  }
  const regionId = options.regionId ?? "cn-hangzhou";
  if (!/^[a-z][a-z0-9-]*$/.test(regionId)) {
    throw new TypeError(`regionId "${regionId}" is not a region ID`);
  }
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  if (accessKeyId === "" || accessKeySecret === "") {
    throw new TypeError("access key id and secret must not be empty");
  }
  return {
    host: options.host ?? "127.0.0.1",
    port,
    regionId,
    accessKeyId,
    accessKeySecret,
    ...(options.securityToken !== undefined && { securityToken: options.securityToken }),
    changeOrderDurationMs: nonNegative("changeOrderDurationMs", options.changeOrderDurationMs ?? 1500),
    jobRunDurationMs: nonNegative("jobRunDurationMs", options.jobRunDurationMs ?? 2000),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ignoreClears: checkNames("ignoreClears", options.ignoreClears ?? []),
    listLagMs: nonNegative("listLagMs", options.listLagMs ?? 0),
    ...(options.rateLimit !== undefined && { rateLimit: checkRateLimit(options.rateLimit) }),
    ...(options.log !== undefined && { log: options.log }),
    ...(options.clock !== undefined && { clock: checkClock(options.clock) }),
  };
}
