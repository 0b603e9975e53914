/**
 * The JobTemplate resource provider as Pulumi's dynamic provider host calls it. Check and diff
 * are pure (no API call, no credentials needed); check also reports the provider configuration's
 * mistakes, so preview fails on them; create, read, update and delete talk to SAE.
 */
import type { ProviderContext } from "../context";
import type { SaeResourceProvider } from "../resourceProvider";
import { checkJobTemplate } from "./check";
import { diffJobTemplate } from "./changes";
import { createJobTemplate, deleteJobTemplate, readJobTemplate, updateJobTemplate } from "./lifecycle";

/** Builds the JobTemplate provider over a runtime context. */
export function jobTemplateProvider(ctx: ProviderContext): SaeResourceProvider {
  return {
    configure: async (request) => ctx.configure(request.config),
    check: async (_olds, news) => {
      const { inputs, failures } = checkJobTemplate(news, ctx.defaultTags());
      return { inputs, failures: [...failures, ...ctx.configFailures(news)] };
    },
    diff: async (_id, olds, news) => {
      const diff = diffJobTemplate(olds, news);
      return {
        changes: diff.changes,
        replaces: diff.replaces,
        updates: diff.updates,
        deleteBeforeReplace: diff.deleteBeforeReplace,
      };
    },
    create: (inputs) => createJobTemplate(ctx, inputs),
    read: (id, props) => readJobTemplate(ctx, id, props ?? {}),
    update: (id, olds, news) => updateJobTemplate(ctx, id, olds, news),
    delete: (id, props) => deleteJobTemplate(ctx, id, props),
  };
}
