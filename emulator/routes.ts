// Method and pathname per operation, as OPERATIONS.md lists them. The emulator routes by
// method + path (as the real ROA gateway does) and cross-checks the x-acs-action header.

/** Operation names the emulator serves. */
export type ActionName =
  | "CreateJob"
  | "UpdateJob"
  | "DescribeJob"
  | "DeleteJob"
  | "ExecJob"
  | "ListJobs"
  | "DescribeJobStatus"
  | "SuspendJob"
  | "DescribeJobHistory"
  | "DeleteHistoryJob"
  | "DescribeChangeOrder"
  | "TagResources"
  | "UntagResources"
  | "ListTagResources";

/** One operation's wire address. */
export interface Route {
  action: ActionName;
  method: "GET" | "POST" | "DELETE";
  path: string;
  /**
   * Parameters that travel in the form body (POST operations only); every other parameter of the
   * operation travels in the URL query. From OPERATIONS.md's "Where parameters go".
   */
  formBody?: readonly string[];
}

/** CreateJob's form-body parameters; UpdateJob's are these plus Php. */
const createJobFormBody: readonly string[] = [
  "AcrInstanceId",
  "ConfigMapMountDesc",
  "EnableImageAccl",
  "OssAkId",
  "OssAkSecret",
  "OssMountDescs",
  "PhpConfig",
];

/** Every route, from the OPERATIONS.md table. */
export const routes: readonly Route[] = [
  { action: "CreateJob", method: "POST", path: "/pop/v1/sam/job/createJob", formBody: createJobFormBody },
  {
    action: "UpdateJob",
    method: "POST",
    path: "/pop/v1/sam/job/updateJob",
    formBody: [...createJobFormBody, "Php"],
  },
  { action: "DescribeJob", method: "GET", path: "/pop/v1/sam/job/describeJob" },
  { action: "DeleteJob", method: "DELETE", path: "/pop/v1/sam/job/deleteJob" },
  { action: "ExecJob", method: "GET", path: "/pop/v1/sam/job/execJob" },
  { action: "ListJobs", method: "GET", path: "/pop/v1/sam/job/listJobs" },
  { action: "DescribeJobStatus", method: "GET", path: "/pop/v1/sam/job/describeJobStatus" },
  { action: "SuspendJob", method: "GET", path: "/pop/v1/sam/job/suspendJob" },
  { action: "DescribeJobHistory", method: "GET", path: "/pop/v1/sam/job/describeJobHistory" },
  { action: "DeleteHistoryJob", method: "DELETE", path: "/pop/v1/sam/job/deleteHistoryJob" },
  { action: "DescribeChangeOrder", method: "GET", path: "/pop/v1/sam/changeorder/DescribeChangeOrder" },
  // The tag operations share one path; the method tells them apart.
  {
    action: "TagResources",
    method: "POST",
    path: "/tags",
    formBody: ["RegionId", "ResourceIds", "ResourceType", "Tags"],
  },
  { action: "UntagResources", method: "DELETE", path: "/tags" },
  { action: "ListTagResources", method: "GET", path: "/tags" },
];

/** The route for a method and path, or undefined (an unknown API: answered 404). */
export function findRoute(method: string, path: string): Route | undefined {
  return routes.find((r) => r.method === method && r.path === path);
}

/** The route at a path under any method; used to explain a wrong method in the 404 message. */
export function routeAtPath(path: string): Route | undefined {
  return routes.find((r) => r.path === path);
}
