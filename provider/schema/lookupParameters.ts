/**
 * The arguments of the lookups (`getJobTemplate`, `listJobTemplates`, `listJobRuns`) and the
 * summary `listJobTemplates` gives for each template, each described once as a table of fields,
 * as the job template's structures are (`./jobTemplateStructures`): the interfaces the lookups take
 * and give are derived from the tables, keeping each field's TSDoc, and the package schema follows
 * the same tables. What the other lookup answers hold comes from the resources' tables already (a
 * template's outputs, a run's reported values).
 */
import { jobRunStates } from "./jobRunParameters";
import {
  flag,
  integer,
  type ObjectValue,
  object,
  oneOf,
  optional,
  required,
  stringMap,
  text,
} from "./shapes";
import { tagsShape } from "./tags";

// Each table has its derived interface and its shape, as in `./jobTemplateStructures`; the
// interfaces are read-only, as a lookup's arguments and answers are to the program.
/* eslint-disable @typescript-eslint/no-empty-object-type -- the interfaces only name derived types */

const getJobTemplateArgFields = {
  /** The job template's ID (AppId): a JobTemplate's `appId` output, or its ID in the SAE console. */
  appId: optional(text()),
  /** The job template's name (`appName`), matched exactly. */
  appName: optional(text()),
  /**
   * The namespace to look in, such as `cn-hangzhou:reports`. Without it every namespace of the
   * region is searched, and the name must be unique among them.
   */
  namespaceId: optional(text()),
  /** The region to look in, such as `cn-beijing`, when not the stack's `sae:region` (its endpoint as `sae:endpoints` says). */
  regionId: optional(text()),
} as const;
/** Every argument of `getJobTemplate`, each optional: it takes `appId`, or `appName` (with `namespaceId` if need be). */
type GetJobTemplateFields = ObjectValue<typeof getJobTemplateArgFields>;
/**
 * The shape of `getJobTemplate`'s arguments, both forms in one: `appId`, or `appName` and
 * `namespaceId` (which form is given is the lookup's own check).
 */
export const getJobTemplateArgsShape = object(getJobTemplateArgFields);

/** `getJobTemplate`'s arguments to look a template up by its ID. */
export interface GetJobTemplateByIdArgs
  extends
    Readonly<Required<Pick<GetJobTemplateFields, "appId">>>,
    Readonly<Pick<GetJobTemplateFields, "regionId">> {
  /** Not with `appId`: look up by one or the other. */
  readonly appName?: never;
  /** Not with `appId`: the ID names one template in the region already. */
  readonly namespaceId?: never;
}

/** `getJobTemplate`'s arguments to look a template up by its name. */
export interface GetJobTemplateByNameArgs
  extends
    Readonly<Required<Pick<GetJobTemplateFields, "appName">>>,
    Readonly<Pick<GetJobTemplateFields, "namespaceId" | "regionId">> {
  /** Not with `appName`: look up by one or the other. */
  readonly appId?: never;
}

const listJobTemplatesArgFields = {
  /** Only templates in this namespace, such as `cn-hangzhou:reports`. */
  namespaceId: optional(text()),
  /**
   * Only templates whose name contains this text, as ListJobs matches names (loosely, as the SAE
   * console's search box does). `getJobTemplate` matches a name exactly.
   */
  appName: optional(text()),
  /** Only templates carrying every one of these tags (key to value), ListJobs' `Tags` filter. */
  tags: optional(stringMap()),
  /** The region to look in, such as `cn-beijing`, when not the stack's `sae:region` (its endpoint as `sae:endpoints` says). */
  regionId: optional(text()),
} as const;
/** `listJobTemplates`'s filters; all optional, and all must match. */
export interface ListJobTemplatesArgs extends Readonly<ObjectValue<typeof listJobTemplatesArgFields>> {}
/** The shape of {@link ListJobTemplatesArgs}. */
export const listJobTemplatesArgsShape = object(listJobTemplatesArgFields);

const jobTemplateSummaryFields = {
  /** The job template's ID (AppId). */
  appId: required(text()),
  /** The job template's name. */
  appName: required(text()),
  /** The namespace it lives in (the region's default namespace has the region's ID). */
  namespaceId: required(text()),
  /** Its tags, key to value; `{}` when it has none. */
  tags: required(tagsShape),
  /**
   * Its package type, when ListJobs reports it. The ListJobs model of the official SDK has no
   * package fields but `ImageUrl`: read the template with `getJobTemplate` to be sure.
   */
  packageType: optional(text()),
  /** Its image, for an Image template. */
  imageUrl: optional(text()),
  /** Its package's URL, when ListJobs reports it (see `packageType`). */
  packageUrl: optional(text()),
  /** True when it is suspended: its trigger starts no runs. */
  suspend: required(flag()),
  /**
   * The state of its last run, in the words of JobRun's `state` output (`pending`, `running`,
   * `succeeded`, `failed`). SAE reports "not run yet" for a template that has never run, which
   * reads `pending` too.
   */
  lastJobState: optional(oneOf(jobRunStates)),
} as const;
/** One job template as ListJobs reports it. */
export interface JobTemplateSummary extends Readonly<ObjectValue<typeof jobTemplateSummaryFields>> {}
/** The shape of {@link JobTemplateSummary}. */
export const jobTemplateSummaryShape = object(jobTemplateSummaryFields);

const listJobRunsArgFields = {
  /** The job template's ID (AppId), such as a JobTemplate's `appId` output. */
  appId: required(text()),
  /** The region to look in, such as `cn-beijing`, when not the stack's `sae:region` (its endpoint as `sae:endpoints` says). */
  regionId: optional(text()),
  /** Only runs in this state (`pending`, `running`, `succeeded`, `failed`). */
  state: optional(oneOf(jobRunStates)),
  /** How many runs to give at most, the most recent first; a whole number, at least 1. Optional. Defaults to 20. */
  limit: optional(integer({ min: 1 })),
} as const;
/** `listJobRuns`'s arguments. */
export interface ListJobRunsArgs extends Readonly<ObjectValue<typeof listJobRunsArgFields>> {}
/** The shape of {@link ListJobRunsArgs}. */
export const listJobRunsArgsShape = object(listJobRunsArgFields);
