/**
 * Lookups: reading existing job templates and runs from a Pulumi program, as `getX` / `getXOutput`
 * functions do in Pulumi's own SDKs. They run in the program's process with the stack's `sae:*`
 * configuration and credentials, and manage nothing.
 */
export {
  getJobTemplate,
  type GetJobTemplateArgs,
  type GetJobTemplateByIdArgs,
  type GetJobTemplateByNameArgs,
  getJobTemplateOutput,
  type GetJobTemplateOutputArgs,
  type GetJobTemplateOutputResult,
  type GetJobTemplateResult,
} from "./getJobTemplate";
export {
  type JobTemplateSummary,
  listJobTemplates,
  type ListJobTemplatesArgs,
  listJobTemplatesOutput,
  type ListJobTemplatesOutputArgs,
} from "./listJobTemplates";
export {
  defaultJobRunsLimit,
  type JobRunSummary,
  listJobRuns,
  type ListJobRunsArgs,
  listJobRunsOutput,
  type ListJobRunsOutputArgs,
} from "./listJobRuns";
export { type LookupFailure, SaeLookupError } from "./lookupError";
export type { InputArgs } from "./outputForm";
