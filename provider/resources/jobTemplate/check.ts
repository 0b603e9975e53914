/**
 * Validation of job template inputs, before any API call: the generic check over the job
 * template's table (its per-value rules and the rules across parameters declared beside it).
 */
import { jobTemplateTable } from "../../schema/jobTemplateParameters";
import { type CheckFailure, checkInputs } from "../table/check";

/**
 * Checks `news` and returns the inputs to use (values coerced to their shapes: numeric strings to
 * numbers, JSON text to structures) and any failures.
 */
export function checkJobTemplate(news: Readonly<Record<string, unknown>>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  return checkInputs(jobTemplateTable, news);
}
