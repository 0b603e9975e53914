/**
 * Which parameters differ between what a resource is (its outputs) and what the program asks
 * for, over any table. Pure: diff and update both start here.
 *
 * Values are compared in canonical form (see `normalizeValue`): a documented default equals
 * "not set", JSON key order and the read operation's spelling do not matter. A parameter the
 * program leaves out is a change only if it was set and SAE does not choose it itself (`computed`).
 */
import type { NamedParameter, ParameterSpec, ResourceTable } from "../../schema/parameterTable";
import { containsUnknown, normalizeValue, sameValue } from "../../schema/shapes";

/** One parameter that differs. */
export interface ParameterChange<S extends ParameterSpec = ParameterSpec, N extends string = string> {
  readonly name: N;
  readonly spec: NamedParameter<S, N>;
  /**
   * `set`: the program gives a new value; `removed`: the program dropped a value that was set;
   * `unknown`: the new value is not known yet (preview).
   */
  readonly kind: "set" | "removed" | "unknown";
  /** The value wanted, coerced (for `set`). */
  readonly value?: unknown;
}

/** The canonical form of one parameter's value; `undefined` when not set or equal to its default. */
export function canonicalValue(spec: ParameterSpec, value: unknown): unknown {
  const normalized = normalizeValue(spec.shape, value);
  if (normalized !== undefined && spec.default !== undefined && sameValue(normalized, spec.default)) {
    return undefined;
  }
  return normalized;
}

/** Every parameter of `table` whose wanted value (`news`) differs from the current one (`olds`). */
export function parameterChanges<S extends ParameterSpec, N extends string>(
  table: Pick<ResourceTable<S, N>, "parameters">,
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): ParameterChange<S, N>[] {
  const changes: ParameterChange<S, N>[] = [];
  for (const spec of table.parameters) {
    const wanted = news[spec.name];
    if (containsUnknown(wanted)) {
      changes.push({ name: spec.name, spec, kind: "unknown" });
      continue;
    }
    const before = canonicalValue(spec, olds[spec.name]);
    const after = canonicalValue(spec, wanted);
    if (after === undefined) {
      if (before !== undefined && !spec.computed) {
        changes.push({ name: spec.name, spec, kind: "removed" });
      }
    } else if (before === undefined || !sameValue(before, after)) {
      changes.push({ name: spec.name, spec, kind: "set", value: wanted });
    }
  }
  return changes;
}
