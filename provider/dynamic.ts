/**
 * The implementation behind every resource of this package, as loaded inside Pulumi's dynamic
 * provider host by the few lines serialized into state (package subpath `pulumi-sae-job/dynamic`).
 *
 * Keep this module's path and export names stable: every stack's state refers to them, and the
 * engine runs the serialized provider from state at refresh and destroy, whatever version of
 * this package is installed then.
 */
import { ProviderContext } from "./resources/context";
import { jobRunProvider } from "./resources/jobRun/provider";
import { jobTemplateProvider } from "./resources/jobTemplate/provider";

// One context for every resource type: one configuration, one SAE client.
const context = new ProviderContext();

/** The JobTemplate provider, configured by the host through its `configure` method. */
export const jobTemplate = jobTemplateProvider(context);

/** The JobRun provider, sharing the JobTemplate provider's context (and so its configured client). */
export const jobRun = jobRunProvider(context);
