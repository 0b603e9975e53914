/**
 * `listJobRuns` in a program: a template's last runs from DescribeJobHistory, most recent first,
 * read as a JobRun's outputs read a run, filtered by state and cut at `limit`.
 */
import { listJobRuns, listJobRunsOutput } from "../../provider";
import { isoTime } from "../../provider/resources/jobRun/runStatus";
import { imageJob, type SaeStack, startSaeStack } from "../support/saeStack";
import { createOutOfBand, inProgram, programError, unwrap } from "./support";

let stack: SaeStack;
let appId: string;
beforeEach(async () => {
  stack = await startSaeStack();
  appId = await createOutOfBand(stack, imageJob);
});
afterEach(async () => {
  await stack?.dispose();
});

/** Runs of the template, oldest first: succeeded, failed, succeeded, failed, and one still running. */
function runHistory() {
  const { emulator } = stack;
  const ended = [false, true, false, true].map((fail) =>
    emulator.startScheduledRun(appId, { durationMs: 0, fail, message: "OOMKilled: exit code 137" }),
  );
  const running = emulator.startScheduledRun(appId, { durationMs: Infinity });
  return { ended, running };
}

it("gives the last 20 runs by default, most recent first, as JobRun outputs say them", async () => {
  const { ended, running } = runHistory();
  const runs = await inProgram(stack, () => listJobRuns({ appId }));
  const startTime = (startAt: number) => isoTime(Math.floor(startAt / 1000));
  expect(runs).toEqual([
    {
      jobId: running.jobId,
      state: "running",
      startTime: startTime(running.startAt),
      active: 1,
      succeeded: 0,
      failed: 0,
    },
    ...[...ended].reverse().map((run) =>
      run.outcome === "1"
        ? {
            jobId: run.jobId,
            state: "succeeded",
            startTime: startTime(run.startAt),
            completionTime: startTime(run.endsAt),
            active: 0,
            succeeded: 1,
            failed: 0,
          }
        : {
            jobId: run.jobId,
            state: "failed",
            message: "OOMKilled: exit code 137",
            startTime: startTime(run.startAt),
            active: 0,
            succeeded: 0,
            failed: 1,
          },
    ),
  ]);
  expect(stack.sent("DescribeJobHistory")).toEqual([{ AppId: appId, CurrentPage: "1", PageSize: "20" }]);
});

it("filters by state and stops at the limit", async () => {
  const { ended } = runHistory();
  const runs = await inProgram(stack, () => listJobRuns({ appId, state: "failed", limit: 1 }));
  expect(runs.map((run) => [run.jobId, run.state])).toEqual([[ended[3].jobId, "failed"]]);
  expect(stack.sent("DescribeJobHistory")).toEqual([
    { AppId: appId, State: "2", CurrentPage: "1", PageSize: "1" },
  ]);

  const succeeded = await inProgram(stack, () => listJobRuns({ appId, state: "succeeded", limit: 5 }));
  expect(succeeded.map((run) => run.jobId)).toEqual([ended[2].jobId, ended[0].jobId]);
});

it("walks the history page by page up to the limit", async () => {
  for (let i = 0; i < 120; i++) {
    stack.emulator.startScheduledRun(appId, { durationMs: 0 });
  }
  const newest = stack.emulator.listRuns(appId).reverse();
  const runs = await inProgram(stack, () => listJobRuns({ appId, limit: 110 }));
  expect(runs.map((run) => run.jobId)).toEqual(newest.slice(0, 110).map((run) => run.jobId));
  expect(stack.sent("DescribeJobHistory").map((p) => [p.CurrentPage, p.PageSize])).toEqual([
    ["1", "100"],
    ["2", "100"],
  ]);
});

it("refuses a limit or state it cannot use, and says when the template does not exist", async () => {
  expect(await programError(stack, () => listJobRuns({ appId, limit: 0 }))).toContain(
    "listJobRuns: limit must be a whole number, at least 1",
  );
  expect(await programError(stack, () => listJobRuns({ appId, state: "done" as never }))).toContain(
    "listJobRuns: state must be one of pending, running, succeeded, failed",
  );
  expect(stack.sent("DescribeJobHistory")).toEqual([]);
  expect(
    await programError(stack, () => listJobRuns({ appId: "0f1c0000-dead-beef-0000-000000000000" })),
  ).toContain(
    "listJobRuns: no job template with AppId 0f1c0000-dead-beef-0000-000000000000 exists " +
      "(DescribeJobHistory answered InvalidAppId.NotFound)",
  );
});

it("has an Output form", async () => {
  const { running } = runHistory();
  const seen = await inProgram(stack, () => unwrap(listJobRunsOutput({ appId, limit: 1 })));
  expect(seen).toEqual({
    value: [expect.objectContaining({ jobId: running.jobId, state: "running" })],
    secret: false,
  });
});
