/**
 * From the read operation's answer (DescribeJob, …) to a resource's outputs, and from outputs to
 * the inputs a read reports, over any table. Pure.
 */
import type { ParameterSpec, ResourceTable } from "../../schema/parameterTable";
import { canonicalJson, decodeDescribed } from "../../schema/shapes";
import { canonicalValue } from "./changes";

/**
 * Outputs from a read answer (its fields by API name): every parameter in the shape a program
 * writes, plus the table's reported values (a list that is not reported reads as `[]`).
 * Parameters the answer does not hold (`notDescribed`, and the provider's own settings) keep their
 * value from `previous` (the last outputs, or the inputs just applied).
 */
export function outputsFromAnswer(
  table: Pick<ResourceTable, "parameters" | "reported">,
  answer: Readonly<Record<string, unknown>>,
  previous: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const spec of table.parameters) {
    const value =
      spec.notDescribed || spec.setting ? previous[spec.name] : decodeDescribed(spec.shape, answer[spec.api]);
    if (value !== undefined && value !== null) {
      outputs[spec.name] = value;
    }
  }
  for (const [name, reported] of Object.entries(table.reported)) {
    const value = decodeDescribed(reported.shape, answer[reported.api]);
    outputs[name] = value ?? (reported.shape.kind === "list" ? [] : undefined);
  }
  return canonicalJson(outputs) as Record<string, unknown>;
}

/**
 * The inputs a read reports (used for later diffs after a refresh, and as the imported inputs):
 * every parameter that is set to something other than its default. Secret values are left out
 * so they are never written to state as plain inputs; the outputs carry them, marked secret.
 */
export function inputsFromOutputs<S extends ParameterSpec>(
  table: Pick<ResourceTable<S>, "parameters">,
  outputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const spec of table.parameters) {
    const value = outputs[spec.name];
    if (!spec.secret && canonicalValue(spec, value) !== undefined) {
      inputs[spec.name] = value;
    }
  }
  return inputs;
}
