/**
 * Row 8: loading the provider runtime (`pulumi-sae-job/dynamic`, what the `__provider` shim
 * requires in the host) in a fresh process, against loading `@pulumi/pulumi` there, which every
 * program and host loads anyway.
 */
import { execFileSync } from "node:child_process";
import { findRepoRoot } from "../../harness";
import { median } from "./measure";
import type { Report } from "./report";

const samples = 5;

/** Milliseconds `require(what)` takes in a fresh Node process started in the repo root. */
function loadTime(what: string): number {
  const out = execFileSync(
    process.execPath,
    [
      "-e",
      `const t=process.hrtime.bigint();require(${JSON.stringify(what)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
    ],
    // The repo root, so the package resolves by its own name, as the shim resolves it.
    { cwd: findRepoRoot() },
  );
  return Number(out.toString().trim());
}

export function runtimeLoad(report: Report): void {
  const runtime: number[] = [];
  const sdk: number[] = [];
  for (let i = 0; i < samples; i++) {
    runtime.push(loadTime("pulumi-sae-job/dynamic"));
    sdk.push(loadTime("@pulumi/pulumi"));
  }
  report.add({
    id: "runtimeLoad.dynamic",
    section: "8 runtime load",
    what: `require("pulumi-sae-job/dynamic") in a fresh process, median of ${samples}`,
    measured: { value: median(runtime), unit: "ms" },
    floor: { value: median(sdk), unit: "ms", label: "@pulumi/pulumi" },
  });
}
