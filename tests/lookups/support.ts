/**
 * Test support for the lookups. They run in the Pulumi program, so each test runs a program the
 * way `pulumi up` does (the engine stand-in, with the stack's config pointing at the emulator)
 * and looks at what the program got, or at the error the user sees.
 */
import { isSecret, type Output } from "@pulumi/pulumi/output";
import type { JobTemplateArgs } from "../../provider";
import { createJobRequest } from "../../provider/resources/jobTemplate/wire";
import type { SaeStack } from "../support/saeStack";

/** Runs a program that makes `lookup` and gives its answer; a failed run fails the test. */
export async function inProgram<T>(stack: SaeStack, lookup: () => Promise<T>): Promise<T> {
  let answer: { value: T } | undefined;
  const result = await stack.engine.up(async () => {
    answer = { value: await lookup() };
  });
  if (!result.ok || !answer) {
    throw new Error(`the program failed: ${result.errors.join("\n")}`);
  }
  return answer.value;
}

/** What `pulumi up` reports for a program that makes `lookup`; the run must fail. */
export async function programError(stack: SaeStack, lookup: () => Promise<unknown>): Promise<string> {
  const result = await stack.engine.up(async () => {
    await lookup();
  });
  if (result.ok) {
    throw new Error("the program did not fail");
  }
  return result.errors.join("\n");
}

/**
 * Creates a template behind Pulumi's back (as another stack or the console would), straight
 * through the test's signed client; returns its AppId.
 */
export async function createOutOfBand(stack: SaeStack, args: JobTemplateArgs): Promise<string> {
  const created = await stack.client.createJob(createJobRequest(args));
  return created.Data.AppId;
}

/** An Output's value and whether it is secret, read inside the program. */
export async function unwrap<T>(output: Output<T>): Promise<{ value: T; secret: boolean }> {
  const value = await new Promise<T>((resolve) => output.apply(resolve));
  return { value, secret: await isSecret(output) };
}
