/**
 * Validation of a resource's inputs against its table, before any API call. Every failure names
 * the property and the rule. Values not known yet (preview) pass; rules that involve them are
 * skipped.
 *
 * Per-value rules (types, lengths, patterns, ranges, allowed values, structure) come from each
 * entry's shape, and its own `refine`; the rules across parameters are the table's own, run in
 * the same check on the values that passed their own (a rule reading a value that failed is
 * skipped), so one check reports every problem at once.
 */
import type { ParameterSpec, ResourceTable } from "../../schema/parameterTable";
import {
  checkValue,
  coerceValue,
  containsUnknown,
  describeShape,
  isUnknown,
  type Problem,
  quoteValue,
  type Shape,
  type ValueOf,
} from "../../schema/shapes";

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
  const passedThrough = new Set([providerKey, ...(table.hiddenInputs ?? [])]);
  const extras = table.extraInputs ?? {};
  for (const [key, value] of Object.entries(news)) {
    if (passedThrough.has(key)) {
      inputs[key] = value;
    } else if (Object.hasOwn(extras, key)) {
      if (value === undefined || value === null) {
        continue;
      }
      inputs[key] = value;
      const reason = isUnknown(value) ? undefined : extras[key].check(value);
      if (reason !== undefined) {
        failures.push({ property: key, reason });
      }
    } else if (names.has(key)) {
      continue;
    } else if (Object.hasOwn(table.reported, key)) {
      failures.push({
        property: key,
        reason: `is an output of ${table.resource}, reported by SAE; it cannot be set`,
      });
    } else {
      failures.push({ property: key, reason: `is not a ${table.resource} input${suggestion(table, key)}` });
    }
  }
  // Inputs whose own check failed: a rule that reads one is skipped, since it cannot judge a
  // malformed value, while every other rule still runs, so one check reports everything.
  const malformed = new Set<string>(failures.map((failure) => failure.property));
  for (const spec of table.parameters) {
    const raw = news[spec.name];
    if (raw === undefined || raw === null) {
      if (spec.required) {
        failures.push({ property: spec.name, reason: "is required" });
      }
      continue;
    }
    const notJson = brokenJsonText(spec.shape, raw);
    if (notJson !== undefined) {
      inputs[spec.name] = raw;
      failures.push({ property: spec.name, reason: notJson });
      malformed.add(spec.name);
      continue;
    }
    const value = coerceValue(spec.shape, raw);
    inputs[spec.name] = value;
    const problems = checkValue(spec.shape, value, spec.name);
    failures.push(...problems.map(toFailure));
    // `refine` reads a value of its shape's type, known in full.
    const reason =
      problems.length === 0 && !containsUnknown(value) ? spec.refine?.(value as ValueOf<Shape>) : undefined;
    if (reason !== undefined) {
      failures.push({ property: spec.name, reason });
    }
    if (problems.length > 0 || reason !== undefined) {
      malformed.add(spec.name);
    }
  }
  const judged = table.rules.filter((rule) => !rule.fields.some((name) => malformed.has(name)));
  failures.push(...judged.flatMap((rule) => rule.check(inputs)).map(toFailure));
  return { inputs, failures };
}

/**
 * Why a structured value given as text cannot be read: it is not JSON at all. `undefined` when
 * the value is not text, the shape takes text, or the text parses (what it parses to is then
 * checked against the shape as usual).
 */
export function brokenJsonText(shape: Shape, raw: unknown): string | undefined {
  if (
    typeof raw !== "string" ||
    isUnknown(raw) ||
    !["list", "object", "variants", "json"].includes(shape.kind)
  ) {
    return undefined;
  }
  try {
    JSON.parse(raw);
    return undefined;
  } catch {
    return `is not valid JSON (got ${quoteValue(raw)}): give ${describeShape(shape)}, or JSON text of one`;
  }
}

function toFailure(problem: Problem): CheckFailure {
  return { property: problem.path, reason: problem.reason };
}

/**
 * " (did you mean X?)" for a near miss of a known input name, else "": the name or API name in
 * another case first, then the name in the singular or plural (`commandArg`, `env`).
 */
function suggestion(table: ResourceTable, key: string): string {
  const lower = key.toLowerCase();
  const candidates = [
    ...table.parameters.map((spec) => ({ name: spec.name, api: spec.api })),
    ...Object.keys(table.extraInputs ?? {}).map((name) => ({ name, api: name })),
  ];
  const match =
    candidates.find(({ name, api }) => name.toLowerCase() === lower || api.toLowerCase() === lower) ??
    candidates.find(({ name }) =>
      [`${name}s`, name.replace(/s$/, "")].some((form) => form.toLowerCase() === lower),
    );
  return match ? ` (did you mean ${match.name}?)` : "";
}
