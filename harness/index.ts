/**
 * Test harness standing in for the Pulumi engine in front of the dynamic-provider host and of the
 * provider plugins it loads by package (see `EngineOptions.plugins`).
 */
export { checkedResources, type CheckedResource } from "./checkedResources";
export { Engine, type EngineOptions, type Program } from "./engine";
export type {
  OperationResult,
  ProviderCall,
  ResourceOutputs,
  StateResource,
  StepDiff,
  StepOp,
  StepRecord,
} from "./engineTypes";
export { EngineLogServer, type EngineLogLine } from "./engineLog";
export { HostError, ResourceInitFailedError } from "./hostErrors";
export {
  runProgram,
  type Registration,
  type RegistrationAnswer,
  type RegistrationOptions,
  type RegistrationResolver,
  type RunProgramOptions,
} from "./program";
export {
  isProjectProgram,
  projectProgram,
  runProjectProgram,
  type ProjectProgram,
  type ProjectProgramOptions,
} from "./projectProgram";
export { UNKNOWN_VALUE, type PropertyMap, type PropertyValue } from "./propertyValues";
export {
  findRepoRoot,
  ProviderHost,
  type CheckResult,
  type DiffResult,
  type OutputListener,
  type OutputStream,
  type PropertyDiffResult,
  type ProviderHostStartOptions,
  type ReadResult,
} from "./providerHost";
export {
  defaultProviderName,
  packageOf,
  providerReference,
  referencedUrn,
  UNKNOWN_PROVIDER_ID,
} from "./providers";
export { render } from "./render";
