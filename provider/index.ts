/**
 * pulumi-sae-job: Alibaba Cloud Serverless App Engine (SAE) job templates as Pulumi resources.
 *
 * @packageDocumentation
 */
export {
  JobTemplate,
  type JobTemplateArgs,
  type JobTemplateOutputs,
} from "./resources/jobTemplate/jobTemplate";
export type {
  ConfigMapMountDesc,
  EnvVar,
  HostAlias,
  LifecycleHook,
  MountDesc,
  NasConfig,
  OssMountDesc,
  SlsConfig,
  TomcatConfig,
  TriggerConfig,
} from "./schema/jobTemplateStructures";
export { SaeClient, type SaeClientOptions } from "./api/client";
export { SaeApiError, SaeConfigError, SaeError, SaeNetworkError, SaeOutcomeUnknownError } from "./api/errors";
export type { RetryOptions } from "./api/retry";
export { type ConfigSource, resolveConnectionSettings } from "./api/settings";
export { ChangeOrderError } from "./resources/jobTemplate/changeOrders";
export { version } from "./version";
