/** Timing, statistics and display of the bench's figures. */
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/** The base units figures are kept in (the JSON holds these; only display converts). */
export type Unit = "ms" | "bytes" | "calls" | "count";

/** Milliseconds since an arbitrary start, as precise as the clock allows. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `fn` and returns its value with how long it took, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = nowMs();
  const value = await fn();
  return [value, nowMs() - started];
}

/** The middle sample (the upper one of an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Durations recorded in nanoseconds (a histogram takes integers), read back in milliseconds. */
export class Durations {
  private readonly histogram: RecordableHistogram = createHistogram();

  /** Records one sample measured from `startedNs` (process.hrtime.bigint()) until now. */
  recordSince(startedNs: bigint): void {
    // A histogram refuses 0; nothing real takes under a nanosecond anyway.
    this.histogram.record(Number(process.hrtime.bigint() - startedNs) || 1);
  }

  get count(): number {
    return this.histogram.count;
  }

  /** The `p`th percentile (0–100), in milliseconds. */
  percentileMs(p: number): number {
    return this.histogram.percentile(p) / 1e6;
  }
}

/** A duration for people: "1.53 s", "412 ms", "5.44 ms", "377.7 µs". */
export function formatMs(ms: number): string {
  const magnitude = Math.abs(ms);
  if (magnitude >= 1000) {
    return `${(ms / 1000).toFixed(2)} s`;
  }
  if (magnitude >= 100) {
    return `${ms.toFixed(0)} ms`;
  }
  return magnitude >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

/** A figure for the table; "n/a" when it could not be measured. */
export function formatFigure(value: number | null, unit: Unit): string {
  if (value === null) {
    return "n/a";
  }
  switch (unit) {
    case "ms":
      return formatMs(value);
    case "bytes":
      return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${value} bytes`;
    case "calls":
      return `${value} call${value === 1 ? "" : "s"}`;
    case "count":
      return String(value);
  }
}

/**
 * Runs `first` and `second` `count` times each in turns, each going first in every other pair, so
 * neither gains from what the machine was doing before.
 */
export async function inTurns(
  count: number,
  first: () => Promise<void>,
  second: () => Promise<void>,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    for (const take of i % 2 === 0 ? [first, second] : [second, first]) {
      await take();
    }
  }
}
