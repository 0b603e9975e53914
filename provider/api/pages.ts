/**
 * Walking SAE's paged listings (ListJobs, DescribeJobHistory): CurrentPage 1, 2, … with one
 * PageSize, until a short page, the reported TotalSize, or as many items as asked for.
 */
import type { SaeClient } from "./client";
import type { JobStatus, ListedJob, ListJobsRequest, Page } from "./types";

/** ListJobs' largest PageSize (the reference: "Valid values: 0 to 200"). */
export const listJobsMaxPageSize = 200;

/** How many runs one DescribeJobHistory page asks for at most (the reference allows 10000). */
export const historyPageSize = 100;

/**
 * Every item of a listing, page by page, up to `limit` items. Stops at a page shorter than
 * `pageSize` (an empty one included) or once TotalSize items came, so it never asks for a page
 * past the end when SAE says where the end is.
 */
export async function collectPages<K extends string, T>(
  key: K,
  pageSize: number,
  fetchPage: (currentPage: number) => Promise<Page<K, T>>,
  limit = Infinity,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; items.length < limit; page++) {
    const answer = await fetchPage(page);
    const pageItems = answer[key] ?? [];
    items.push(...pageItems);
    const total = answer.TotalSize;
    if (pageItems.length < pageSize || (typeof total === "number" && items.length >= total)) {
      break;
    }
  }
  return items.slice(0, limit);
}

/**
 * Every template ListJobs lists for `filter`, all pages of {@link listJobsMaxPageSize}. Workload is
 * `job`, as the reference says ListJobs must be sent.
 */
export function listAllJobs(
  client: SaeClient,
  filter: Omit<ListJobsRequest, "CurrentPage" | "PageSize" | "Workload">,
): Promise<ListedJob[]> {
  return collectPages("Applications", listJobsMaxPageSize, async (page) => {
    const response = await client.listJobs({
      ...filter,
      CurrentPage: page,
      PageSize: listJobsMaxPageSize,
      Workload: "job",
    });
    return response.Data;
  });
}

/**
 * Every template named exactly `appName` (ListJobs matches names loosely: a part of the name is
 * enough), in `namespaceId` when one is given.
 */
export async function jobsNamed(
  client: SaeClient,
  appName: string,
  namespaceId: string | undefined,
): Promise<ListedJob[]> {
  const listed = await listAllJobs(client, { AppName: appName, NamespaceId: namespaceId });
  return listed.filter(
    (app) => app.AppName === appName && (namespaceId === undefined || app.NamespaceId === namespaceId),
  );
}

/** A template's last `limit` runs, most recent first, optionally only those in one State code. */
export function recentRuns(
  client: SaeClient,
  appId: string,
  limit: number,
  stateCode?: string,
): Promise<JobStatus[]> {
  const pageSize = Math.min(limit, historyPageSize);
  const fetchPage = async (page: number) => {
    const request = { AppId: appId, State: stateCode, CurrentPage: page, PageSize: pageSize };
    return (await client.describeJobHistory(request)).Data;
  };
  return collectPages("Jobs", pageSize, fetchPage, limit);
}
