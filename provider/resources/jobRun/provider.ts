/**
 * The JobRun resource provider as Pulumi's dynamic provider host calls it. Check and diff are
 * pure (no API call, no credentials needed); check also reports the provider configuration's
 * mistakes, so preview fails on them; create, read, update and delete talk to SAE.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../context";
import { checkJobRun } from "./check";
import { diffJobRun } from "./diff";
import { ReplacementChains } from "./eventId";
import { createJobRun, deleteJobRun, readJobRun, updateJobRun } from "./lifecycle";

/** Builds the JobRun provider over a runtime context (shared with the JobTemplate provider). */
export function jobRunProvider(ctx: ProviderContext): Required<pulumi.dynamic.ResourceProvider> {
  // Lives as long as the host process: one deployment's checks.
  const chains = new ReplacementChains();
  return {
    configure: async (request) => ctx.configure(request.config),
    check: async (olds, news) => {
      const { inputs, failures } = checkJobRun(olds ?? {}, news, chains);
      return { inputs, failures: [...failures, ...ctx.configFailures(news)] };
    },
    diff: async (_id, olds, news) => diffJobRun(olds, news),
    create: (inputs) => createJobRun(ctx, inputs),
    read: (id, props) => readJobRun(ctx, id, props ?? {}),
    update: (id, olds, news) => updateJobRun(ctx, id, olds, news),
    delete: (id, props) => deleteJobRun(ctx, id, props),
  };
}
