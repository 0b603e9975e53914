/**
 * Validation of job template inputs, before any API call: the generic check over the job
 * template's table (its per-value rules and the rules across parameters declared beside it), and
 * the tags the template is to carry: the stack's default tags merged under its own.
 */
import { jobTemplateTable } from "../../schema/jobTemplateParameters";
import { containsUnknown, isPlainObject, unknownValue } from "../../schema/shapes";
import { type CheckFailure, checkInputs } from "../table/check";

/** The stack's default tags as read from config, or why they could not be. */
export interface DefaultTags {
  readonly tags: Readonly<Record<string, string>>;
  readonly failures: readonly CheckFailure[];
}

/**
 * Checks `news` and returns the inputs to use (values coerced to their shapes: numeric strings to
 * numbers, JSON text to structures, `tagsAll` added) and any failures.
 */
export function checkJobTemplate(
  news: Readonly<Record<string, unknown>>,
  defaults: DefaultTags = { tags: {}, failures: [] },
): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const { inputs, failures } = checkInputs(jobTemplateTable, news);
  const tagsAll = mergedTags(defaults.tags, inputs.tags);
  // The host cannot carry an undefined member.
  if (tagsAll !== undefined) {
    inputs.tagsAll = tagsAll;
  }
  return { inputs, failures: [...failures, ...defaults.failures] };
}

/**
 * The tags a template carries: the defaults, with its own over them. Not known while its own are
 * not (a preview); `undefined` when there are none.
 */
function mergedTags(defaults: Readonly<Record<string, string>>, own: unknown): unknown {
  if (containsUnknown(own)) {
    return unknownValue;
  }
  const merged = { ...defaults, ...(isPlainObject(own) ? own : {}) };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
