/**
 * UpdateJob and DeleteJob whose answer was lost, settled by reading the template rather than by
 * sending them again blindly, as a lost CreateJob is settled by adoption (`./adoption.ts`).
 *
 * An answer can be lost after SAE acted on the call: a connection reset, an attempt that stopped
 * waiting before SAE's answer came, a gateway's 5xx. Sending UpdateJob again would open a second
 * change order (or be refused while the first one runs), and the lost attempt may have used up
 * the call's whole retry budget (one attempt may wait 30 s). So the client reports the outcome as
 * unknown (`SaeOutcomeUnknownError`), and the template is read with DescribeJob, a call with a
 * budget of its own:
 *
 * - UpdateJob: DescribeJob shows every value the update set: SAE applied it. Its change order's ID
 *   was in the lost answer, so it is followed through ListJobs (`LastChangeorderState`), as an
 *   adopted template's is. Otherwise SAE had not acted (or not yet): UpdateJob is sent again.
 * - DeleteJob: DescribeJob answers not found: SAE deleted it. Otherwise DeleteJob is sent again.
 *
 * A call is sent again, after a backoff, for as long as its budget lasts (`sae:changeOrderTimeout`
 * from its first attempt); after that, the error says what was lost and what DescribeJob showed.
 * A request whose connection never opened was never sent, so the client sends it again itself.
 */
import type { SaeClient } from "../../api/client";
import { SaeApiError, SaeError, SaeNetworkError, SaeOutcomeUnknownError } from "../../api/errors";
import { backoffDelay, retryPolicy } from "../../api/retry";
import type { JobTemplateWireParams } from "../../api/types";
import { defaultSleep } from "../polling";
import { updateCarried } from "./changes";

type Props = Readonly<Record<string, unknown>>;

/** What the lost-answer loops need besides the client: where lines go, and the call's budget. */
export interface LostAnswerOptions {
  /** What the operation is about, for lines and errors: `job template "nightly"`. */
  readonly label: string;
  /** Where progress lines go (the provider's console). */
  readonly log: (line: string) => void;
  /** How long the call may be sent again after a lost answer, from its first attempt. */
  readonly budgetMs: number;
  /** Waits between sends; tests pass one that moves a fake clock. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** An UpdateJob SAE applied: its change order, when its answer said which (a lost one did not). */
export interface UpdateSent {
  readonly changeOrderId?: string;
}

/**
 * Sends UpdateJob; after a lost answer, reads the template back and takes the update as applied
 * when DescribeJob shows what it set, else sends it again while the budget lasts.
 *
 * @param readBack DescribeJob as outputs. Parameters DescribeJob does not report must keep their
 *   value from before the update, so an update of only those is never taken as applied unseen.
 * @param wanted The inputs the update is for.
 */
export async function updateOrVerify(
  client: SaeClient,
  appId: string,
  params: JobTemplateWireParams,
  readBack: () => Promise<Props>,
  wanted: Props,
  options: LostAnswerOptions,
): Promise<UpdateSent> {
  return settle(client, "UpdateJob", options, {
    send: async (scoped) => ({
      changeOrderId: (await scoped.updateJob({ AppId: appId, ...params })).Data.ChangeOrderId,
    }),
    check: async () => (updateCarried(await readBack(), wanted, params) ? {} : undefined),
    question: "to see whether SAE applied it",
    found: "SAE did apply it",
    notFound: "DescribeJob does not show it applied",
    gaveUp: "DescribeJob does not show the update applied, so nothing was changed",
  });
}

/** How a delete ended: SAE answered it, or a lost answer was settled by DescribeJob. */
export type DeleteOutcome = "answered" | "already gone" | "verified gone";

/**
 * Sends DeleteJob; after a lost answer, reads the template and takes it as deleted when
 * DescribeJob no longer finds it, else sends DeleteJob again while the budget lasts. A template
 * already gone (DeleteJob answered not found) is "already gone".
 */
export async function deleteOrVerify(
  client: SaeClient,
  appId: string,
  options: LostAnswerOptions,
): Promise<DeleteOutcome> {
  try {
    return await settle<DeleteOutcome>(client, "DeleteJob", options, {
      send: async (scoped) => {
        await scoped.deleteJob({ AppId: appId });
        return "answered";
      },
      check: async () => {
        try {
          await client.describeJob({ AppId: appId });
          return undefined;
        } catch (error) {
          if (error instanceof SaeApiError && error.isNotFound) {
            return "verified gone";
          }
          throw error;
        }
      },
      question: "to see whether SAE deleted it",
      found: "SAE did delete it",
      notFound: "DescribeJob still finds it",
      gaveUp: "DescribeJob still finds the template, so it was not deleted; Pulumi keeps it in the stack",
    });
  } catch (error) {
    if (error instanceof SaeApiError && error.isNotFound) {
      return "already gone";
    }
    throw error;
  }
}

/** One call settled after lost answers: how to send it, and how to tell whether SAE did it. */
interface Settling<T> {
  /** Sends the call through `scoped`, whose deadline is the call's budget. */
  readonly send: (scoped: SaeClient) => Promise<T>;
  /** Reads what the call would have done: its result when done, `undefined` when not. */
  readonly check: () => Promise<T | undefined>;
  /** Words for the lines and the error. */
  readonly question: string;
  readonly found: string;
  readonly notFound: string;
  readonly gaveUp: string;
}

async function settle<T>(
  client: SaeClient,
  action: "UpdateJob" | "DeleteJob",
  options: LostAnswerOptions,
  call: Settling<T>,
): Promise<T> {
  const say = (line: string) => options.log(`sae: ${options.label}: ${line}`);
  const deadlineMs = Date.now() + options.budgetMs;
  const scoped = client.scoped({ deadlineMs });
  const policy = retryPolicy({
    baseDelayMs: client.timing.baseDelayMs,
    maxDelayMs: client.timing.maxDelayMs,
  });
  const sleep = options.sleep ?? defaultSleep;
  // Said once per cause, as the client says its retries.
  const said = new Set<string>();
  for (let sent = 1; ; sent++) {
    let lost: SaeOutcomeUnknownError;
    try {
      return await call.send(scoped);
    } catch (error) {
      if (!(error instanceof SaeOutcomeUnknownError)) {
        throw error;
      }
      lost = error;
    }
    const cause = lossCause(lost.cause);
    if (!said.has(cause)) {
      said.add(cause);
      say(`${action}'s answer was lost (${lost.cause.message}); reading the template ${call.question}`);
    }
    const done = await call.check();
    if (done !== undefined) {
      say(`${call.found}${sent > 1 ? ` (${action} was sent ${sent} times)` : ""}`);
      return done;
    }
    const delayMs = backoffDelay(policy, sent);
    if (Date.now() + delayMs >= deadlineMs) {
      throw new SaeError(
        `SAE ${action} for ${options.label}: the answer was lost ${sent > 1 ? `${sent} times ` : ""}` +
          `within ${Math.round(options.budgetMs / 1000)}s and ${call.gaveUp}. Last error: ${lost.cause.message}`,
      );
    }
    if (!said.has("again")) {
      said.add("again");
      say(`${call.notFound}; sending ${action} again`);
    }
    await sleep(delayMs);
  }
}

/** What a loss was, as one word: the network code, SAE's code, or the kind of error. */
function lossCause(error: SaeError): string {
  if (error instanceof SaeApiError) {
    return error.code;
  }
  return error instanceof SaeNetworkError ? (error.networkCode ?? "network") : error.name;
}
