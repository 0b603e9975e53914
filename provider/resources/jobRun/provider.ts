/**
 * The JobRun resource provider as Pulumi's dynamic provider host calls it. Check and diff call no
 * API and need no credentials; check also reports the provider configuration's mistakes, so
 * preview fails on them. They share the replacement chains, which carry what a replacement's
 * EventId follows to the engine's second check, and a re-run's failed job to its create. Create,
 * read, update and delete talk to SAE.
 */
import type { ProviderContext } from "../context";
import type { SaeResourceProvider } from "../resourceProvider";
import { checkJobRun } from "./check";
import { diffJobRun, failedJobToRunAgain } from "./diff";
import { identityOf, ReplacementChains, runKey } from "./eventId";
import { createJobRun, deleteJobRun, readJobRun, updateJobRun } from "./lifecycle";

/** Builds the JobRun provider over a runtime context (shared with the JobTemplate provider). */
export function jobRunProvider(ctx: ProviderContext): SaeResourceProvider {
  // Lives as long as the host process: one deployment's checks.
  const chains = new ReplacementChains();
  return {
    configure: async (request) => ctx.configure(request.config),
    check: async (olds, news) => {
      const { inputs, failures } = checkJobRun(olds ?? {}, news, chains);
      return { inputs, failures: [...failures, ...ctx.configFailures(news)] };
    },
    diff: async (id, olds, news) => {
      // A failed run is replaced by its re-run, whose EventId the replacement's check derives from
      // the failed job, as only the diff sees the state.
      const failedJobId = failedJobToRunAgain(id, olds, news);
      const identity = identityOf(news);
      const run = runKey(news);
      if (failedJobId !== undefined && identity !== undefined && run !== undefined) {
        chains.rememberRerun(identity, run, failedJobId);
      }
      return diffJobRun(olds, news);
    },
    create: (inputs) =>
      createJobRun(ctx, inputs, {
        rerunOf: typeof inputs.eventId === "string" ? chains.rerunOf(inputs.eventId) : undefined,
      }),
    read: (id, props) => readJobRun(ctx, id, props ?? {}),
    update: (id, olds, news) => updateJobRun(ctx, id, olds, news),
    delete: (id, props) => deleteJobRun(ctx, id, props),
  };
}
