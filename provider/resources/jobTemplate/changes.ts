/**
 * Which parameters differ between what a job template is (its outputs) and what the program
 * asks for, and what each difference means. Pure: diff and update both start here.
 *
 * Values are compared in canonical form (see `normalizeValue`): a documented default equals
 * "not set", JSON key order and DescribeJob's spelling do not matter. A parameter the program
 * leaves out is a change only if it was set and SAE does not choose it itself (`computed`).
 */
import {
  jobTemplateParameters,
  type JobTemplateParameterName,
  type ParameterSpec,
  parameterList,
} from "../../schema/jobTemplateParameters";
import { containsUnknown, normalizeValue, sameValue } from "../../schema/shapes";

/** One parameter that differs. */
export interface ParameterChange {
  readonly name: JobTemplateParameterName;
  readonly spec: ParameterSpec;
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

/** Every parameter whose wanted value (`news`) differs from the current one (`olds`). */
export function parameterChanges(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): ParameterChange[] {
  const changes: ParameterChange[] = [];
  for (const spec of parameterList) {
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

/** The outcome of a diff, as Pulumi's dynamic provider interface takes it. */
export interface JobTemplateDiff {
  readonly changes: boolean;
  /** Parameters whose change replaces the template. */
  readonly replaces: string[];
  /** Parameters that change in place. */
  readonly updates: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Diffs current outputs against wanted inputs. Create-only parameters replace the template. The
 * old template is deleted first when the replacement keeps its name and namespace, since SAE
 * names are unique per namespace; otherwise the new one is created first.
 */
export function diffJobTemplate(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): JobTemplateDiff {
  const changes = parameterChanges(olds, news);
  const replaces = changes.filter((c) => c.spec.createOnly).map((c) => c.name);
  const updates = changes.filter((c) => !c.spec.createOnly).map((c) => c.name);
  return {
    changes: changes.length > 0,
    replaces,
    updates,
    deleteBeforeReplace: replaces.length > 0 && keepsIdentity(olds, news),
  };
}

/** True when the replacement would have the same name in the same namespace as the original. */
function keepsIdentity(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): boolean {
  const { appName, namespaceId } = jobTemplateParameters;
  const sameName =
    !containsUnknown(news.appName) &&
    sameValue(canonicalValue(appName, olds.appName), canonicalValue(appName, news.appName));
  // A namespace left out keeps the one the template is in (SAE's default).
  const wantedNamespace =
    canonicalValue(namespaceId, news.namespaceId) ?? canonicalValue(namespaceId, olds.namespaceId);
  const sameNamespace =
    !containsUnknown(news.namespaceId) &&
    sameValue(canonicalValue(namespaceId, olds.namespaceId), wantedNamespace);
  return sameName && sameNamespace;
}
