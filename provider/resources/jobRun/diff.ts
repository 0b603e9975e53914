/**
 * What changing a job run's inputs means. Pure: no API call, no credentials.
 *
 * - A run input (the template, an ExecJob override, `triggers`) that changed, or is not known yet,
 *   replaces the resource: a new run.
 * - Unchanged run inputs with a run that has not succeeded (it failed, or had not finished) are an
 *   update: the next `pulumi up` runs a failed run again and waits for an unfinished one.
 * - `waitTimeoutSeconds` and `deleteHistoryOnDestroy` alone are an update that calls nothing, so
 *   the outputs (which `delete` reads) follow them.
 * - Anything else is no change, so a preview never runs anything.
 */
import { jobRunTable } from "../../schema/jobRunParameters";
import { containsUnknown, sameValue } from "../../schema/shapes";
import { parameterChanges } from "../table/changes";
import { runInputNames } from "./eventId";

type Props = Readonly<Record<string, unknown>>;

/** The provider's own settings, compared as any table's parameters are (a default equals "not set"). */
const settings = { parameters: jobRunTable.parameters.filter((spec) => spec.setting) };

/** The diff of a job run: `olds` are its outputs (the state), `news` the checked inputs. */
export function diffJobRun(
  olds: Props,
  news: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  // Compared as given, as the EventId reads them (`runKey`), not in the generic canonical form:
  // for a per-run override `[]` or `""` is a value of its own, another run than leaving it out.
  const replaces = runInputNames.filter(
    (name) => containsUnknown(news[name]) || !sameValue(olds[name], news[name]),
  );
  if (replaces.length > 0) {
    return { changes: true, replaces, deleteBeforeReplace: false };
  }
  const settingsChanged = parameterChanges(settings, olds, news).length > 0;
  return { changes: olds.state !== "succeeded" || settingsChanged, replaces: [], deleteBeforeReplace: false };
}
