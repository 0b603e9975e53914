// The handler for each operation.

import type { ActionName } from "../routes";
import { describeChangeOrder } from "./changeOrder";
import type { Handler } from "./context";
import { listJobs } from "./listJobs";
import { deleteHistoryJob, describeJobHistory, describeJobStatus, execJob } from "./runs";
import { listTagResources, tagResources, untagResources } from "./tags";
import { createJob, deleteJob, describeJob, suspendJob, updateJob } from "./templates";

/** Operation name to handler. */
export const handlers: Readonly<Record<ActionName, Handler>> = {
  CreateJob: createJob,
  UpdateJob: updateJob,
  DescribeJob: describeJob,
  DeleteJob: deleteJob,
  ExecJob: execJob,
  ListJobs: listJobs,
  DescribeJobStatus: describeJobStatus,
  SuspendJob: suspendJob,
  DescribeJobHistory: describeJobHistory,
  DeleteHistoryJob: deleteHistoryJob,
  DescribeChangeOrder: describeChangeOrder,
  TagResources: tagResources,
  UntagResources: untagResources,
  ListTagResources: listTagResources,
};
