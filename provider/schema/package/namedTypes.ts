/**
 * The structures and enums the package schema names under `types` (`sae:index:<Name>`), each with
 * the shape it is and the TypeScript name whose TSDoc describes it. Shapes carry no names at run
 * time (the interface names are the type checker's), so this is where each gets one: the name of
 * its TypeScript interface where it has one (`EnvVar`), else the property it is the value of
 * (`LifecycleHookExec` is LifecycleHook's `exec`). The schema builder refuses a structure or an
 * enum it meets that is not here, so a new one cannot go unnamed.
 */
import { jobRunReportedValues } from "../jobRunParameters";
import { jobTemplateParameters } from "../jobTemplateParameters";
import {
  envVarShape,
  lifecycleHookShape,
  configMapMountDescShape,
  hostAliasShape,
  mountDescShape,
  nasConfigShape,
  ossMountDescShape,
  slsConfigShape,
  tomcatConfigShape,
  triggerConfigShape,
} from "../jobTemplateStructures";
import { jobTemplateSummaryShape } from "../lookupParameters";
import { object, type ObjectShape, optional, required, type StringShape } from "../shapes";

/**
 * Where a description comes from: an exported TypeScript name (`EnvVar`, `JobTemplate`,
 * `getJobTemplate`), then the path of property names into its type (`["LifecycleHook", "exec",
 * "command"]`). Its TSDoc is the description.
 */
export type DocPath = readonly [string, ...string[]];

/** A named object type or enum: its shape, and whose TSDoc describes it. */
export interface NamedType {
  readonly shape: ObjectShape | StringShape;
  readonly doc: DocPath;
}

const run = jobRunReportedValues;

/**
 * One run as `listJobRuns` gives it: the TypeScript type `JobRunSummary` picks these of a run's
 * reported values (with `jobId` and `state` always there), so their TSDoc is the reported values'.
 */
const jobRunSummaryShape = object({
  jobId: required(run.jobId.shape),
  state: required(run.state.shape),
  message: optional(run.message.shape),
  startTime: optional(run.startTime.shape),
  completionTime: optional(run.completionTime.shape),
  active: optional(run.active.shape),
  succeeded: optional(run.succeeded.shape),
  failed: optional(run.failed.shape),
});

/** The named types, by name. */
export const namedTypes: Readonly<Record<string, NamedType>> = {
  // ---- a job template's structures ----
  EnvVar: { shape: envVarShape, doc: ["EnvVar"] },
  SlsConfig: { shape: slsConfigShape, doc: ["SlsConfig"] },
  MountDesc: { shape: mountDescShape, doc: ["MountDesc"] },
  NasConfig: { shape: nasConfigShape, doc: ["NasConfig"] },
  OssMountDesc: { shape: ossMountDescShape, doc: ["OssMountDesc"] },
  ConfigMapMountDesc: { shape: configMapMountDescShape, doc: ["ConfigMapMountDesc"] },
  HostAlias: { shape: hostAliasShape, doc: ["HostAlias"] },
  LifecycleHook: { shape: lifecycleHookShape, doc: ["LifecycleHook"] },
  LifecycleHookExec: { shape: lifecycleHookShape.fields.exec.shape, doc: ["LifecycleHook", "exec"] },
  TomcatConfig: { shape: tomcatConfigShape, doc: ["TomcatConfig"] },
  TimeTriggerConfig: { shape: triggerConfigShape.variants.time, doc: ["TimeTriggerConfig"] },
  HttpTriggerConfig: { shape: triggerConfigShape.variants.http, doc: ["HttpTriggerConfig"] },

  // ---- the lookups' answers ----
  JobTemplateSummary: { shape: jobTemplateSummaryShape, doc: ["JobTemplateSummary"] },
  JobRunSummary: { shape: jobRunSummaryShape, doc: ["JobRunSummary"] },

  // ---- enums ----
  PackageType: { shape: jobTemplateParameters.packageType.shape, doc: ["JobTemplateArgs", "packageType"] },
  ProgrammingLanguage: {
    shape: jobTemplateParameters.programmingLanguage.shape,
    doc: ["JobTemplateArgs", "programmingLanguage"],
  },
  ConcurrencyPolicy: {
    shape: jobTemplateParameters.concurrencyPolicy.shape,
    doc: ["JobTemplateArgs", "concurrencyPolicy"],
  },
  EnvVarValueFrom: { shape: envVarShape.fields.valueFrom.shape, doc: ["EnvVar", "valueFrom"] },
  TomcatConfigUriEncoding: {
    shape: tomcatConfigShape.fields.uriEncoding.shape,
    doc: ["TomcatConfig", "uriEncoding"],
  },
  // Not `JobRunState`, the TypeScript name: the Go SDK gives every resource a `<Resource>State`
  // struct (JobRun's would be `JobRunState`), which an enum of that name would collide with.
  RunState: { shape: run.state.shape, doc: ["JobRunState"] },
};
