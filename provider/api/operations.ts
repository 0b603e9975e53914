/**
 * Wire facts of the SAE 2019-05-06 job operations: method, path, body encoding, which
 * parameters travel in the form body, and whether a call may be repeated safely.
 *
 * Source: the official Alibaba Cloud SDK for SAE 2019-05-06 (`sae20190506`), whose request
 * definitions the SAE API reference pages leave out. Every operation is ROA style, signed with AK
 * credentials, and answers JSON. Which parameters go in the form body is declared on each
 * parameter (`body`) in its table; the lists here are derived from it.
 */
import { parameterList, takenByCreateJob, takenByUpdateJob } from "../schema/jobTemplateParameters";
import { bodyParams } from "../schema/parameterTable";

/** How safe it is to send a call again when its outcome is unknown (the response was lost). */
export type Idempotency =
  /** Repeating it cannot change anything beyond what the first call did. */
  | "idempotent"
  /** Repeating it may do the work twice; the caller must find out what happened instead. */
  | "not-idempotent"
  /** Idempotent only when the request carries an `EventId` (ExecJob). */
  | "with-event-id"
  /**
   * Repeating it ends in the same state, but not for free: a lost answer is settled by reading
   * that state, not by sending it again blindly (UpdateJob, DeleteJob; see
   * `resources/jobTemplate/lostAnswers.ts`).
   */
  | "verify";

/** One operation's wire description. */
export interface OperationSpec {
  readonly method: "GET" | "POST" | "DELETE";
  readonly pathname: string;
  readonly reqBodyType: "formData" | "json";
  /** Parameters sent in the form body; every other parameter goes in the query string. */
  readonly bodyParams: readonly string[];
  readonly idempotency: Idempotency;
}

/** Every job operation this package calls, keyed by its action name. */
export const operations = {
  CreateJob: {
    method: "POST",
    pathname: "/pop/v1/sam/job/createJob",
    reqBodyType: "formData",
    // Secrets and long values never go in a URL: the `body` parameters of the table it takes.
    bodyParams: bodyParams(parameterList.filter(takenByCreateJob)),
    idempotency: "not-idempotent",
  },
  UpdateJob: {
    method: "POST",
    pathname: "/pop/v1/sam/job/updateJob",
    reqBodyType: "formData",
    bodyParams: bodyParams(parameterList.filter(takenByUpdateJob)),
    // The same values twice leave the template as one call would, but a repeat opens a second
    // change order (or is refused while the first runs): a lost answer is read back instead.
    idempotency: "verify",
  },
  DescribeJob: {
    method: "GET",
    pathname: "/pop/v1/sam/job/describeJob",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  DeleteJob: {
    method: "DELETE",
    pathname: "/pop/v1/sam/job/deleteJob",
    reqBodyType: "json",
    bodyParams: [],
    // A repeat finds the template gone, but a lost answer may have used up the call's budget:
    // DescribeJob tells whether it is gone.
    idempotency: "verify",
  },
  ExecJob: {
    method: "GET",
    pathname: "/pop/v1/sam/job/execJob",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "with-event-id",
  },
  ListJobs: {
    method: "GET",
    pathname: "/pop/v1/sam/job/listJobs",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  DescribeJobStatus: {
    method: "GET",
    pathname: "/pop/v1/sam/job/describeJobStatus",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  SuspendJob: {
    method: "GET",
    pathname: "/pop/v1/sam/job/suspendJob",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  DescribeJobHistory: {
    method: "GET",
    pathname: "/pop/v1/sam/job/describeJobHistory",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  DeleteHistoryJob: {
    method: "DELETE",
    pathname: "/pop/v1/sam/job/deleteHistoryJob",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  DescribeChangeOrder: {
    method: "GET",
    pathname: "/pop/v1/sam/changeorder/DescribeChangeOrder",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
  // Tags live in Alibaba Cloud's tag service, on the same endpoint: one path, a method each.
  TagResources: {
    method: "POST",
    pathname: "/tags",
    reqBodyType: "formData",
    bodyParams: ["RegionId", "ResourceIds", "ResourceType", "Tags"],
    // Tagging a key that exists sets its value: a repeat leaves the same tags.
    idempotency: "idempotent",
  },
  UntagResources: {
    method: "DELETE",
    pathname: "/tags",
    reqBodyType: "json",
    bodyParams: [],
    idempotency: "idempotent",
  },
} as const satisfies Record<string, OperationSpec>;

/** The name of an operation this package calls. */
export type Action = keyof typeof operations;

/** The API version every job operation belongs to. */
export const apiVersion = "2019-05-06";
