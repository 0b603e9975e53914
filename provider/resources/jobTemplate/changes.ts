/**
 * What a difference between a job template's outputs and the program's inputs means: which
 * parameters change in place, which replace the template, and in which order a replacement goes.
 * Pure. Which parameters differ at all is the generic comparison over the job template's table.
 */
import {
  jobTemplateParameters,
  type JobTemplateParameterName,
  type JobTemplateParameterSpec,
  jobTemplateTable,
} from "../../schema/jobTemplateParameters";
import { containsUnknown, sameValue } from "../../schema/shapes";
import { canonicalValue, type ParameterChange, parameterChanges } from "../table/changes";
import { tagsDiffer } from "./tagging";

/** One job template parameter that differs. */
export type JobTemplateChange = ParameterChange<JobTemplateParameterSpec, JobTemplateParameterName>;

/** Every job template parameter whose wanted value (`news`) differs from the current one (`olds`). */
export function jobTemplateChanges(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): JobTemplateChange[] {
  return parameterChanges(jobTemplateTable, olds, news);
}

/** A clear UpdateJob sent that SAE did not carry out: the API parameter and the clear value sent. */
export interface KeptClear {
  readonly api: string;
  readonly sent: string;
}

/**
 * After an UpdateJob that sent `sent`, the parameters it cleared that the read-back (`outs`) still
 * shows set. The reference documents the clear value of only a few parameters; for the others
 * clearing is an assumption this catches.
 */
export function keptClears(
  outs: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  sent: Readonly<Record<string, unknown>>,
): KeptClear[] {
  return jobTemplateChanges(outs, news)
    .filter((change) => change.kind === "removed" && sent[change.spec.api] !== undefined)
    .map((change) => ({ api: change.spec.api, sent: String(sent[change.spec.api]) }));
}

/**
 * Whether the template as DescribeJob reports it (`outs`) carries an UpdateJob that sent `sent`
 * for the inputs `news`: every value the update set is there. Its clears count only when it set
 * nothing: a clear SAE keeps is not a sign that the update was lost, and {@link keptClears} names
 * it once the update is taken as applied.
 */
export function updateCarried(
  outs: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  sent: Readonly<Record<string, unknown>>,
): boolean {
  const pending = jobTemplateChanges(outs, news).filter((change) => sent[change.spec.api] !== undefined);
  // A parameter sent for an input the program sets is a value set; for one it removed, a clear.
  const setsSent = Object.entries(jobTemplateParameters).some(
    ([name, spec]) => sent[spec.api] !== undefined && news[name] !== undefined,
  );
  return pending.every((change) => change.kind === "removed") && (setsSent || pending.length === 0);
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
  const changes = jobTemplateChanges(olds, news);
  const replaces = changes.filter((c) => c.spec.createOnly).map((c) => c.name);
  const updates: string[] = changes.filter((c) => !c.spec.createOnly).map((c) => c.name);
  // The tags the template carries are its own merged with the stack's defaults: a change of either,
  // or a tag added behind Pulumi's back, shows in `tagsAll`.
  if (containsUnknown(news.tagsAll) || tagsDiffer(olds.tagsAll, news.tagsAll)) {
    updates.push("tagsAll");
  }
  return {
    changes: replaces.length + updates.length > 0,
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
