/**
 * Validation of a resource's inputs against its table, before any API call. Every failure names
 * the property and the rule. Values not known yet (preview) pass; rules that involve them are
 * skipped.
 *
 * Per-value rules (types, lengths, patterns, ranges, allowed values, structure) come from each
 * entry's shape; the rules across parameters are the table's own, run once every value passes.
 */
import type { ParameterSpec, ResourceTable } from "../../schema/parameterTable";
import { checkValue, coerceValue, type Problem } from "../../schema/shapes";

/** A failed rule, as Pulumi's CheckFailure takes it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** The key under which the dynamic provider host keeps the serialized provider. */
const providerKey = "__provider";

/**
 * Checks `news` against `table` and returns the inputs to use (values coerced to their shapes:
 * numeric strings to numbers, JSON text to structures) and any failures.
 */
export function checkInputs<S extends ParameterSpec, N extends string>(
  table: ResourceTable<S, N>,
  news: Readonly<Record<string, unknown>>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const names = new Set<string>(table.parameters.map((spec) => spec.name));
  for (const [key, value] of Object.entries(news)) {
    if (key === providerKey) {
      inputs[key] = value;
    } else if (!names.has(key)) {
      failures.push({ property: key, reason: `is not a ${table.resource} input${suggestion(table, key)}` });
    }
  }
  for (const spec of table.parameters) {
    const raw = news[spec.name];
    if (raw === undefined || raw === null) {
      if (spec.required) {
        failures.push({ property: spec.name, reason: "is required" });
      }
      continue;
    }
    const value = coerceValue(spec.shape, raw);
    inputs[spec.name] = value;
    failures.push(...checkValue(spec.shape, value, spec.name).map(toFailure));
  }
  if (failures.length === 0) {
    failures.push(...table.rules.flatMap((rule) => rule.check(inputs)).map(toFailure));
  }
  return { inputs, failures };
}

function toFailure(problem: Problem): CheckFailure {
  return { property: problem.path, reason: problem.reason };
}

/** " (did you mean X?)" for a near miss of a known input name, else "". */
function suggestion(table: ResourceTable, key: string): string {
  const lower = key.toLowerCase();
  const match = table.parameters.find(
    (spec) => spec.name.toLowerCase() === lower || spec.api.toLowerCase() === lower,
  );
  return match ? ` (did you mean ${match.name}?)` : "";
}
