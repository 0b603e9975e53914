/**
 * pulumi-sae-job: Alibaba Cloud Serverless App Engine (SAE) job templates and job runs as Pulumi resources.
 *
 * @packageDocumentation
 */
export {
  JobTemplate,
  type JobTemplateArgs,
  type JobTemplateOutputs,
} from "./resources/jobTemplate/jobTemplate";
export { JobRun, type JobRunArgs, type JobRunOutputs } from "./resources/jobRun/jobRun";
export type { JobRunState } from "./resources/jobRun/runStatus";
export type {
  ConfigMapMountDesc,
  ConfigMapMountDescInput,
  EnvVar,
  EnvVarInput,
  HostAlias,
  HostAliasInput,
  HttpTriggerConfig,
  HttpTriggerConfigInput,
  LifecycleHook,
  LifecycleHookInput,
  MountDesc,
  MountDescInput,
  NasConfig,
  NasConfigInput,
  OssMountDesc,
  OssMountDescInput,
  SlsConfig,
  SlsConfigInput,
  TimeTriggerConfig,
  TimeTriggerConfigInput,
  TomcatConfig,
  TomcatConfigInput,
  TriggerConfig,
  TriggerConfigInput,
} from "./schema/jobTemplateStructures";
export * from "./lookups";
export { SaeClient, type SaeClientOptions } from "./api/client";
export { SaeApiError, SaeConfigError, SaeError, SaeNetworkError, SaeOutcomeUnknownError } from "./api/errors";
export type { RetryOptions } from "./api/retry";
export { type ConfigSource, resolveConnectionSettings } from "./api/settings";
export { ChangeOrderError } from "./resources/jobTemplate/changeOrders";
export { version } from "./version";
