/**
 * The bench's figures: each one paired with a floor measured in the same run, collected as rows,
 * printed as a table and written as JSON. Ratios are always measured ÷ floor, so lower is better
 * everywhere and a ratio of 1 means "no more than the work needs".
 */
import { writeFileSync } from "node:fs";
import { arch, availableParallelism, loadavg, platform } from "node:os";
import { formatFigure, type Unit } from "./measure";

/** One number, in a base unit (ms, bytes, calls), with what it is when that needs saying. */
export interface Figure {
  /** `null` when it could not be measured on this machine (e.g. no /proc). */
  readonly value: number | null;
  readonly unit: Unit;
  /** What the number is: "no-op provider, same host", "0.1.0's". */
  readonly label?: string;
}

/** A target the project set for a row, and whether this run met it. */
export interface Goal {
  /** "≤ 1.2x", "0 calls", "≤ max(L + 1 s, 1.1 L) = 2.5 s". */
  readonly text: string;
  readonly met: boolean;
}

/** One line of the table (and one entry of the JSON). */
export interface Row {
  /** Stable key for comparing runs: "apiCalls.create". */
  readonly id: string;
  /** Which section of the bench it belongs to, as the table's first column says it. */
  readonly section: string;
  readonly what: string;
  /** Short context printed after `what`, e.g. the calls a step made. */
  readonly detail?: string;
  readonly measured: Figure;
  readonly floor: Figure;
  /** measured ÷ floor; `null` when either is missing or the floor is 0. */
  readonly ratio: number | null;
  readonly goal?: Goal;
  /** Further figures for the JSON only (base units in the key: `stepDelayMs`). */
  readonly extra?: Readonly<Record<string, number | string | readonly number[]>>;
}

/** A row as sections hand it over; the ratio is worked out here, the same way for every row. */
export type RowInput = Omit<Row, "ratio"> & { ratio?: number | null };

/** measured ÷ floor, or null when that means nothing. */
export function ratioOf(measured: Figure, floor: Figure): number | null {
  if (measured.value === null || floor.value === null || floor.value === 0) {
    return null;
  }
  return measured.value / floor.value;
}

/** Collects rows as sections finish, and echoes each so a long run shows progress. */
export class Report {
  readonly rows: Row[] = [];
  private readonly startedAt = new Date();
  private readonly loadAtStart = loadavg();

  add(input: RowInput): void {
    const row: Row = { ...input, ratio: input.ratio ?? ratioOf(input.measured, input.floor) };
    this.rows.push(row);
    console.log(`  ${cells(row).slice(1).join("  |  ")}`);
  }

  /** The rows in section order ("1", "1b", "2" … "10"), each section's in the order they came. */
  sorted(): Row[] {
    // Sections share a run (the host memory is read after the concurrent creates), so run order is not section order.
    return [...this.rows].sort((a, b) => a.section.localeCompare(b.section, "en", { numeric: true }));
  }

  /** The rows as a Markdown table, columns padded so it also reads in a terminal. */
  table(): string {
    const header = ["", "What", "Measured", "Floor (same run)", "Ratio", "Goal"];
    const body = this.sorted().map(cells);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
  }

  /** Writes every row, with what the machine was doing, to `path` as JSON. */
  writeJson(path: string): void {
    const finishedAt = new Date();
    const document = {
      startedAt: this.startedAt.toISOString(),
      durationMs: finishedAt.getTime() - this.startedAt.getTime(),
      // Enough to tell a noisy run from a quiet one when comparing files.
      machine: {
        node: process.version,
        platform: platform(),
        arch: arch(),
        cpus: availableParallelism(),
        loadavgAtStart: this.loadAtStart,
        loadavgAtEnd: loadavg(),
      },
      rows: this.sorted(),
    };
    writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  }
}

function cells(row: Row): string[] {
  const figure = (f: Figure) =>
    f.label ? `${formatFigure(f.value, f.unit)} (${f.label})` : formatFigure(f.value, f.unit);
  return [
    row.section,
    row.detail ? `${row.what} (${row.detail})` : row.what,
    figure(row.measured),
    figure(row.floor),
    row.ratio === null ? "-" : `${row.ratio < 10 ? row.ratio.toFixed(2) : row.ratio.toFixed(0)}x`,
    row.goal ? `${row.goal.text} ${row.goal.met ? "✓" : "✗"}` : "",
  ];
}
