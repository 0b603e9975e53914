/**
 * The last runs of a template, for the message of a run that failed: a failure that follows other
 * failures reads differently from the first one after a string of successes.
 */
import type { SaeClient } from "../../api/client";
import { recentRuns } from "../../api/pages";
import { statusOutputs } from "./runStatus";

/** How many of the template's last runs a failed run's message names. */
export const lastRunsNamed = 5;

/**
 * A sentence naming the template's last runs, most recent first (job ID, state in words, start
 * time; never a parameter value), or "" when the history cannot be read. It only adds context,
 * so it is one DescribeJobHistory call, given little time, whose failure is left unsaid.
 */
export async function lastRunsSentence(client: SaeClient, appId: string): Promise<string> {
  let runs;
  try {
    // The history may take only so long (`timing.historyBudgetMs`): the failure is reported either way.
    const brief = client.scoped({ deadlineMs: Date.now() + client.timing.historyBudgetMs });
    runs = await recentRuns(brief, appId, lastRunsNamed);
  } catch {
    return "";
  }
  if (runs.length === 0) {
    return "";
  }
  const named = runs.map((run) => {
    const { state, startTime } = statusOutputs(run);
    return `${run.JobId} ${String(state)}${startTime ? ` (started ${String(startTime)})` : ""}`;
  });
  return `The last runs of job template ${appId}, most recent first: ${named.join(", ")}.`;
}
