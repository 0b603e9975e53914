/**
 * What changing a job run's inputs means. Pure: no API call, no credentials.
 *
 * - A run input (the template, an ExecJob override, `triggers`) that changed, or is not known yet,
 *   replaces the resource: a new run.
 * - A run that failed is replaced too, with unchanged inputs: the next `pulumi up` runs it again as
 *   a new job, which is a new resource whose ID is that job's (see {@link failedJobToRunAgain}).
 * - A run that had not finished (pending or running) is an update: the next `pulumi up` waits for
 *   that same job.
 * - `waitTimeoutSeconds` and `deleteHistoryOnDestroy` alone are an update that calls nothing, so
 *   the outputs (which `delete` reads) follow them.
 * - Anything else is no change, so a preview never runs anything.
 */
import { jobRunTable } from "../../schema/jobRunParameters";
import { containsUnknown, sameValue } from "../../schema/shapes";
import { parameterChanges } from "../table/changes";
import { runInputNames } from "./eventId";
import { jobIdOf } from "./wire";

type Props = Readonly<Record<string, unknown>>;

/**
 * The property a failed run's replacement is reported on. A dynamic provider gives the engine no
 * detailed diff, so `pulumi preview --diff` shows the old inputs against the replacement's
 * re-checked inputs, and the only one that differs is the `eventId` (derived from the failed job):
 * reported on it, the replacement names the line that shows it. `state` and `jobId` are outputs,
 * which that display never shows.
 */
export const rerunReplaceKey = "eventId";

/** The provider's own settings, compared as any table's parameters are (a default equals "not set"). */
const settings = { parameters: jobRunTable.parameters.filter((spec) => spec.setting) };

/** The run inputs that differ between the state (`olds`) and the checked inputs (`news`), or are not known. */
function changedRunInputs(olds: Props, news: Props): string[] {
  // Compared as given, as the EventId reads them (`runKey`), not in the generic canonical form:
  // for a per-run override `[]` or `""` is a value of its own, another run than leaving it out.
  return runInputNames.filter((name) => containsUnknown(news[name]) || !sameValue(olds[name], news[name]));
}

/**
 * The failed job a replacement runs again: the job the state `olds` of resource `id` follows when
 * that run failed and the run inputs `news` are the same; else undefined.
 */
export function failedJobToRunAgain(id: string, olds: Props, news: Props): string | undefined {
  return olds.state === "failed" && changedRunInputs(olds, news).length === 0 ? jobIdOf(olds, id) : undefined;
}

/**
 * The diff of a job run: `olds` are its outputs (the state), `news` the checked inputs. `updates`
 * names what an update changes: the settings that differ, or `state` for a run not finished, which
 * the update waits for.
 */
export function diffJobRun(
  olds: Props,
  news: Props,
): { changes: boolean; replaces: string[]; updates: string[]; deleteBeforeReplace: boolean } {
  const replaces = changedRunInputs(olds, news);
  if (replaces.length > 0) {
    return { changes: true, replaces, updates: [], deleteBeforeReplace: false };
  }
  if (olds.state === "failed") {
    // Created before the failed run is removed: it stays in the stack until its re-run exists.
    return { changes: true, replaces: [rerunReplaceKey], updates: [], deleteBeforeReplace: false };
  }
  const settingsChanged = parameterChanges(settings, olds, news).map((change) => change.name);
  const unfinished = olds.state !== "succeeded";
  return {
    changes: unfinished || settingsChanged.length > 0,
    replaces: [],
    updates: unfinished && settingsChanged.length === 0 ? ["state"] : settingsChanged,
    deleteBeforeReplace: false,
  };
}
