/**
 * Test support for JobRun stacks: a program of one JobTemplate ("job") plus job runs, as a user
 * writes it.
 *
 * The engine stand-in runs programs under Pulumi's mocks, where `template.appId` is not the
 * template's real ID, so a stack is deployed in two steps: the template alone first, then the same
 * template with runs that name its AppId.
 */
import { JobRun, type JobRunArgs, JobTemplate, type JobTemplateArgs } from "../../provider";
import type { StateResource } from "../../harness";
import { imageJob, type SaeStack, type SaeStackOptions, startSaeStack } from "../support/saeStack";

/** The job runs of a program, by resource name. */
export type Runs = Record<string, Omit<JobRunArgs, "appId"> & { appId?: JobRunArgs["appId"] }>;

/** A program: the template "job" and `runs` of it (each on `appId` unless it names its own). */
export function program(appId: string, runs: Runs, templateArgs: JobTemplateArgs = imageJob) {
  return () => {
    new JobTemplate("job", templateArgs);
    for (const [name, args] of Object.entries(runs)) {
      new JobRun(name, { appId, ...args });
    }
  };
}

/** Deploys the template alone, and returns its AppId. */
export async function deployTemplate(
  stack: SaeStack,
  templateArgs: JobTemplateArgs = imageJob,
): Promise<string> {
  const result = await stack.engine.up(() => {
    new JobTemplate("job", templateArgs);
  });
  if (!result.ok) {
    throw new Error(`the template was not deployed: ${result.errors.join("\n")}`);
  }
  return stack.engine.resource("job")!.id;
}

/**
 * A stack for runs: the tests' quick change orders and runs (over before the first poll, unless a
 * fault says otherwise; see `startEmulator`).
 */
export function startRunStack(options: SaeStackOptions = {}): Promise<SaeStack> {
  return startSaeStack(options);
}

/** The state entry of the run `name`; fails the test when there is none. */
export function runEntry(stack: SaeStack, name: string): StateResource {
  const entry = stack.engine.resource(name);
  if (!entry) {
    throw new Error(`no resource "${name}" in state`);
  }
  return entry;
}

/** The EventIds the ExecJob requests carried, answered or not, in order. */
export function execEventIds(stack: SaeStack): string[] {
  return stack.emulator.requestsFor("ExecJob").map((r) => r.params.EventId);
}
