/**
 * Row 2: the provider text stored with each resource (`__provider`, in its inputs and its
 * outputs), against what 0.1.0 stored: a serialized closure, a copy of which the tests keep.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { findRepoRoot, runProgram } from "../../harness";
import { JobRun, JobTemplate } from "../../provider";
import { ProviderContext } from "../../provider/resources/context";
import { jobTemplateProvider } from "../../provider/resources/jobTemplate/provider";
import type { Report } from "./report";
import { largeTemplate } from "./stack";

export async function providerBytes(report: Report): Promise<void> {
  const registrations = await runProgram(() => {
    new JobTemplate("bench", largeTemplate);
    new JobRun("bench-run", { appId: "bench-app", commandArgs: ["--all"] });
  });
  const before = readFileSync(
    join(findRepoRoot(), "tests", "fixtures", "jobTemplate-provider-0.1.0.txt"),
    "utf8",
  ).length;
  for (const registration of registrations) {
    const type = registration.type.split(":").at(-1) ?? registration.type;
    report.add({
      id: `providerBytes.${type}`,
      section: "2 __provider",
      what: `__provider of a ${type}`,
      detail: "stored twice: inputs and outputs",
      measured: { value: String(registration.inputs.__provider).length, unit: "bytes" },
      floor: { value: before, unit: "bytes", label: "0.1.0's" },
    });
  }
  // What the state would hold if the implementation itself were serialized, as 0.1.0 did.
  let serialized: number | null = null;
  let detail = "";
  try {
    const implementation = jobTemplateProvider(new ProviderContext());
    serialized = (await pulumi.runtime.serializeFunction(() => implementation, { allowSecrets: true })).text
      .length;
  } catch (error) {
    detail = `impossible: ${String(error).split("\n")[0]}`;
  }
  report.add({
    id: "providerBytes.serializedImplementation",
    section: "2 __provider",
    what: "serializing today's implementation instead",
    ...(detail !== "" && { detail }),
    measured: { value: serialized, unit: "bytes" },
    floor: { value: before, unit: "bytes", label: "0.1.0's" },
  });
}
