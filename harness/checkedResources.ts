/**
 * A program's resources as the engine has them just before their first step: registered, then
 * checked against no prior state. For callers that drive the host's Create/Update/Delete
 * themselves, as `pulumi up` does for independent resources (all at once), where the
 * {@link Engine} stand-in runs steps one at a time.
 */
import { runProgram, type RunProgramOptions } from "./program";
import { toProviderValue, type PropertyMap } from "./propertyValues";
import type { ProviderHost } from "./providerHost";

/** One registered resource and the inputs its Check returned (what the engine sends to Create). */
export interface CheckedResource {
  readonly urn: string;
  readonly name: string;
  /** Checked inputs, `__provider` included. */
  readonly inputs: PropertyMap;
}

/**
 * Runs `program`, then checks each resource it registered through `host`, in registration order.
 * Throws when a check reports failures: a caller that wants to create the resources has nothing
 * to create then.
 */
export async function checkedResources(
  host: ProviderHost,
  program: () => void | Promise<void>,
  options: RunProgramOptions = {},
): Promise<CheckedResource[]> {
  const registrations = await runProgram(program, options);
  const checked: CheckedResource[] = [];
  for (const { urn, name, inputs } of registrations) {
    // As the engine: a dynamic provider takes neither secrets nor resource references.
    const result = await host.check(urn, {}, toProviderValue(inputs) as PropertyMap);
    if (result.failures.length > 0) {
      const reasons = result.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
      throw new Error(`check of ${urn} failed: ${reasons}`);
    }
    checked.push({ urn, name, inputs: result.inputs });
  }
  return checked;
}
