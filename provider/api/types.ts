/**
 * Typed requests and responses of the SAE job operations, as they travel: parameter names are
 * the API's, values are already encoded (JSON-typed parameters are JSON text).
 *
 * The job template's own parameters are not listed here a second time: their API names come
 * from the one parameter table (`schema/jobTemplateParameters.ts`).
 */
import type { JobTemplateApiName } from "../schema/jobTemplateParameters";

/** A parameter value on the wire. `undefined` leaves the parameter out; `""` is sent as `Name=`. */
export type WireValue = string | number | boolean | undefined;

/** Parameters of one call, by API name. */
export type WireParams = Readonly<Record<string, WireValue>>;

/** Job template parameters by API name, as CreateJob and UpdateJob take them. */
export type JobTemplateWireParams = Readonly<Partial<Record<JobTemplateApiName, WireValue>>>;

/** Fields every SAE answer has. */
export interface Envelope<D> {
  readonly RequestId: string;
  readonly Code?: string | number;
  readonly Message?: string;
  readonly Success?: boolean;
  readonly TraceId?: string;
  readonly ErrorCode?: string;
  readonly Data: D;
}

export type CreateJobRequest = JobTemplateWireParams & {
  readonly AppName: string;
  readonly PackageType: string;
  readonly Replicas: WireValue;
};
export type UpdateJobRequest = JobTemplateWireParams & { readonly AppId: string };
/** CreateJob and UpdateJob both answer with the template and the change order they opened. */
export type ChangeOrderStarted = Envelope<{ readonly AppId: string; readonly ChangeOrderId: string }>;

export interface DescribeJobRequest {
  readonly AppId: string;
  readonly JobId?: string;
}
/**
 * DescribeJob's `Data`: the template's parameters by API name (each decoded by its parameter
 * description, since some come back as arrays and others as JSON text), plus what only
 * DescribeJob reports.
 */
export type DescribeJobData = Readonly<Partial<Record<JobTemplateApiName, unknown>>> & {
  readonly AppId: string;
  readonly RegionId?: string;
  readonly Suspend?: boolean;
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly RefedAppIds?: readonly string[];
  readonly PublicWebHookUrls?: readonly string[];
  readonly VpcWebHookUrls?: readonly string[];
};
export type DescribeJobResponse = Envelope<DescribeJobData>;

export interface AppIdRequest {
  readonly AppId: string;
}
/** DeleteJob and SuspendJob answer with a small JSON text in `Data` and open no change order. */
export type PlainResponse = Envelope<string | Record<string, unknown>>;

export interface SuspendJobRequest {
  readonly AppId: string;
  readonly Suspend: boolean;
}

export interface ExecJobRequest {
  readonly AppId: string;
  /** Makes the call idempotent: SAE creates one job per EventId. */
  readonly EventId?: string;
  readonly Command?: string;
  /** JSON array text. */
  readonly CommandArgs?: string;
  /** JSON array text. */
  readonly Envs?: string;
  readonly JarStartArgs?: string;
  readonly JarStartOptions?: string;
  readonly WarStartOptions?: string;
  /** `yyyy-MM-dd'T'HH:mm:ss'Z'`. */
  readonly Time?: string;
  readonly Replicas?: WireValue;
}
export type ExecJobResponse = Envelope<{
  readonly Code?: string;
  /** The ID of the job that was started, such as `manual-…`. */
  readonly Data: string;
  readonly Msg?: string;
  readonly Success?: string | boolean;
}>;

export interface ListJobsRequest {
  readonly AppName?: string;
  readonly NamespaceId?: string;
  readonly CurrentPage?: number;
  readonly PageSize?: number;
  readonly FieldType?: string;
  readonly FieldValue?: string;
  readonly OrderBy?: string;
  readonly Reverse?: boolean;
  readonly Tags?: string;
  readonly Workload?: string;
}
/** One template as ListJobs reports it. */
export interface ListedJob {
  readonly AppId: string;
  readonly AppName: string;
  readonly AppDescription?: string;
  readonly NamespaceId?: string;
  readonly RegionId?: string;
  readonly Cpu?: number;
  readonly Mem?: number;
  readonly ImageUrl?: string;
  /** Not in the official SDK's ListJobs model (it has ImageUrl only): read if SAE sends them. */
  readonly PackageType?: string;
  readonly PackageUrl?: string;
  readonly Suspend?: boolean;
  readonly TriggerConfig?: string;
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly Active?: number;
  readonly Succeeded?: number;
  readonly Failed?: number;
  readonly LastJobState?: string;
  readonly LastStartTime?: number | string;
  readonly CompletionTime?: number | string;
  /** "0" failed, "1" succeeded. */
  readonly LastChangeorderState?: string;
  readonly Message?: string;
}
/** A page of a listing: the items under `K`, and where the page sits. */
export type Page<K extends string, T> = { readonly [P in K]: readonly T[] } & {
  readonly CurrentPage?: number;
  readonly PageSize?: number;
  readonly TotalSize?: number;
};
export type ListJobsResponse = Envelope<Page<"Applications", ListedJob>>;

export interface JobStatusRequest {
  readonly AppId: string;
  readonly JobId: string;
}
/** State "0" not run yet, "1" succeeded, "2" failed, "3" running. */
export interface JobStatus {
  readonly JobId: string;
  readonly State: string;
  readonly Active?: number;
  readonly Succeeded?: number;
  readonly Failed?: number;
  readonly StartTime?: number | string;
  readonly CompletionTime?: number | string;
  readonly Message?: string;
}
export type DescribeJobStatusResponse = Envelope<JobStatus>;

export interface DescribeJobHistoryRequest {
  readonly AppId: string;
  readonly CurrentPage?: number;
  readonly PageSize?: number;
  readonly State?: string;
}
export type DescribeJobHistoryResponse = Envelope<Page<"Jobs", JobStatus>>;

export interface DescribeChangeOrderRequest {
  readonly ChangeOrderId: string;
}
/**
 * Status: 0 preparing, 1 in progress, 2 succeeded, 3 failed, 6 terminated, 8 waiting for manual
 * confirmation, 9 waiting for automatic confirmation, 10 failed by a system error, 11 pending
 * approval, 12 approved and waiting to run.
 */
export interface ChangeOrder {
  readonly ChangeOrderId?: string;
  readonly Status: number;
  readonly SubStatus?: number;
  readonly AppId?: string;
  readonly Description?: string;
  readonly ErrorMessage?: string;
  readonly Message?: string;
  readonly Pipelines?: readonly Record<string, unknown>[];
}
export type DescribeChangeOrderResponse = Envelope<ChangeOrder>;

/** What tags are on: SAE job templates are applications to the tag service. */
export interface TaggedResources {
  readonly RegionId: string;
  /** JSON text of an array of AppIds, at most 50. */
  readonly ResourceIds: string;
  readonly ResourceType: "application";
}
/** TagResources: sets the tags (`Tags`: JSON text of `[{"key": …, "value": …}]`). */
export type TagResourcesRequest = TaggedResources & { readonly Tags: string };
/** UntagResources: removes the keys named (`TagKeys`: JSON text of an array), or every user tag. */
export type UntagResourcesRequest = TaggedResources &
  (
    | { readonly TagKeys: string; readonly DeleteAll?: never }
    | { readonly DeleteAll: true; readonly TagKeys?: never }
  );
