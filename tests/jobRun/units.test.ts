/**
 * The pure parts of JobRun: the EventId, the wait's condition on DescribeJobStatus answers, the
 * outputs an answer gives, the ExecJob request, the diff; and the run wait, which is the shared
 * waiting loop with that condition, on recorded answers.
 */
import type { SaeClient } from "../../provider/api/client";
import { SaeApiError } from "../../provider/api/errors";
import { productTiming } from "../../provider/api/timing";
import type { JobStatus } from "../../provider/api/types";
import { diffJobRun, failedJobToRunAgain } from "../../provider/resources/jobRun/diff";
import { afterFailedJob, deriveEventId, runKey } from "../../provider/resources/jobRun/eventId";
import {
  isoTime,
  RunGoneError,
  runProgress,
  RunWaitTimeoutError,
  statusOutputs,
  waitForRun,
} from "../../provider/resources/jobRun/runStatus";
import { WaitError } from "../../provider/resources/waiting";
import {
  definedOnly,
  execJobRequest,
  runOutputs,
  withInputs,
  withStatus,
} from "../../provider/resources/jobRun/wire";
import { UNKNOWN_VALUE } from "../../harness";

// DescribeJobStatus answers (their Data) as SAE gives them at each stage of a run of 2 replicas.
const recorded: Record<string, JobStatus> = {
  pending: { JobId: "manual-1", State: "0", Active: 0, Succeeded: 0, Failed: 0, Message: "" },
  running: {
    JobId: "manual-1",
    State: "3",
    Active: 2,
    Succeeded: 0,
    Failed: 0,
    StartTime: 1657522800,
    Message: "",
  },
  succeeded: {
    JobId: "manual-1",
    State: "1",
    Active: 0,
    Succeeded: 2,
    Failed: 0,
    StartTime: 1657522800,
    CompletionTime: 1657522839,
    Message: "",
  },
  failed: {
    JobId: "manual-1",
    State: "2",
    Active: 0,
    Succeeded: 0,
    Failed: 2,
    StartTime: 1657522800,
    Message: "BackoffLimitExceeded: Job has reached the specified backoff limit",
  },
};

describe("the EventId", () => {
  const identity = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/sae:JobRun::r";

  it("is a fixed function of the identity, the run and the previous EventId", () => {
    const run = runKey({ appId: "a", commandArgs: ["x"] })!;
    const id = deriveEventId(identity, run, "");
    expect(id).toMatch(/^pulumi-[0-9a-f]{32}$/);
    expect(deriveEventId(identity, run, "")).toBe(id);
    expect(deriveEventId(`${identity}2`, run, "")).not.toBe(id);
    expect(deriveEventId(identity, runKey({ appId: "a", commandArgs: ["y"] })!, "")).not.toBe(id);
    expect(deriveEventId(identity, run, id)).not.toBe(id);
    expect(deriveEventId(identity, run, afterFailedJob("manual-1"))).not.toBe(
      deriveEventId(identity, run, afterFailedJob("manual-2")),
    );
  });

  it("depends on what the run is, not on how it is spelled", () => {
    expect(runKey({ appId: "a", envs: [{ value: "1", name: "A" }], waitTimeoutSeconds: 9 })).toBe(
      runKey({ envs: [{ name: "A", value: "1" }], appId: "a" }),
    );
    expect(runKey({ appId: "a", triggers: [1] })).not.toBe(runKey({ appId: "a", triggers: ["1"] }));
    expect(runKey({ appId: "a", triggers: [UNKNOWN_VALUE] })).toBeUndefined();
  });
});

describe("the condition on DescribeJobStatus answers", () => {
  it("waits while pending or running, and ends on success or failure", () => {
    expect(runProgress(recorded.pending)).toEqual({
      done: false,
      ok: false,
      state: "pending",
      description: "not started yet (State 0)",
    });
    expect(runProgress(recorded.running)).toEqual({
      done: false,
      ok: false,
      state: "running",
      description: "running (State 3)",
    });
    expect(runProgress(recorded.succeeded)).toEqual({
      done: true,
      ok: true,
      state: "succeeded",
      description: "succeeded (State 1)",
    });
    expect(runProgress(recorded.failed)).toEqual({
      done: true,
      ok: false,
      state: "failed",
      description: "failed (State 2)",
      message: "BackoffLimitExceeded: Job has reached the specified backoff limit",
    });
  });

  it("keeps waiting on a state it does not know, and on a run not reported yet", () => {
    expect(runProgress({ ...recorded.running, State: "7" })).toMatchObject({
      done: false,
      description: "unknown state (State 7)",
    });
    expect(runProgress(undefined)).toMatchObject({ done: false, description: "not reported by SAE yet" });
  });
});

describe("the outputs of an answer", () => {
  it("says the state in words, times in ISO 8601, and the counts", () => {
    expect(statusOutputs(recorded.succeeded)).toEqual({
      state: "succeeded",
      startTime: "2022-07-11T07:00:00Z",
      completionTime: "2022-07-11T07:00:39Z",
      active: 0,
      succeeded: 2,
      failed: 0,
    });
    expect(statusOutputs(recorded.failed)).toMatchObject({
      state: "failed",
      message: "BackoffLimitExceeded: Job has reached the specified backoff limit",
      failed: 2,
    });
    expect(statusOutputs(recorded.pending)).not.toHaveProperty("startTime");
    expect(statusOutputs(undefined)).toEqual({ state: "pending" });
  });

  it("reads epoch seconds and milliseconds, as numbers or text", () => {
    expect(isoTime(1657522800)).toBe("2022-07-11T07:00:00Z");
    expect(isoTime("1657522800")).toBe("2022-07-11T07:00:00Z");
    expect(isoTime(1657522800123)).toBe("2022-07-11T07:00:00Z");
    expect(isoTime("2022-07-11T07:00:00Z")).toBe("2022-07-11T07:00:00Z");
    expect(isoTime(undefined)).toBeUndefined();
    expect(isoTime(0)).toBeUndefined();
    expect(isoTime("soon")).toBeUndefined();
  });

  it("replaces the status part of earlier outputs, dropping what the answer leaves out", () => {
    const before = { appId: "a", jobId: "manual-1", ...statusOutputs(recorded.failed) };
    expect(withStatus(before, recorded.running)).toEqual({
      appId: "a",
      jobId: "manual-1",
      state: "running",
      startTime: "2022-07-11T07:00:00Z",
      active: 2,
      succeeded: 0,
      failed: 0,
    });
  });

  it("leave the internal __identity out, and an update drops the one 0.1.0 wrote, while a refresh keeps it", () => {
    const inputs = { __identity: "urn:r", __provider: "p", appId: "a", commandArgs: ["x"], eventId: "e" };
    const outs = runOutputs(inputs, { jobId: "manual-1", eventId: "e" }, recorded.succeeded);
    expect(outs).toMatchObject({ appId: "a", commandArgs: ["x"], jobId: "manual-1", state: "succeeded" });
    expect(outs).not.toHaveProperty("__identity");
    const written010 = { ...outs, __identity: "urn:r" };
    expect(withInputs(written010, { ...inputs, waitTimeoutSeconds: 60 })).toEqual({
      ...outs,
      waitTimeoutSeconds: 60,
    });
    expect(withStatus(written010, recorded.succeeded)).toEqual(written010);
  });

  it("never holds undefined, which the host cannot encode", () => {
    expect(definedOnly({ a: undefined, b: [undefined, { c: undefined, d: 1 }] })).toEqual({
      b: [null, { d: 1 }],
    });
  });
});

it("sends ExecJob only what the program set, structures as JSON text", () => {
  expect(execJobRequest({ appId: "a", __identity: "u", triggers: [1], waitTimeoutSeconds: 5 }, "e")).toEqual({
    AppId: "a",
    EventId: "e",
  });
  expect(
    execJobRequest(
      {
        appId: "a",
        command: "sh",
        commandArgs: ["-c", "echo hi"],
        envs: [{ name: "A", valueFrom: "configMapRef", configMapId: 7 }],
        replicas: 3,
        time: "2024-05-01T02:00:00Z",
      },
      "e",
    ),
  ).toEqual({
    AppId: "a",
    EventId: "e",
    Command: "sh",
    CommandArgs: '["-c","echo hi"]',
    Envs: '[{"configMapId":7,"name":"A","valueFrom":"configMapRef"}]',
    Replicas: "3",
    Time: "2024-05-01T02:00:00Z",
  });
  // An empty override overrides the template's value with nothing, so it is sent.
  expect(execJobRequest({ appId: "a", command: "", commandArgs: [] }, "e")).toEqual({
    AppId: "a",
    EventId: "e",
    Command: "",
    CommandArgs: "[]",
  });
});

describe("the diff", () => {
  const outputs = { appId: "a", commandArgs: ["x"], jobId: "manual-1", eventId: "e", state: "succeeded" };

  it("is none for the same run, whatever the EventId in the inputs", () => {
    expect(diffJobRun(outputs, { appId: "a", commandArgs: ["x"], eventId: "other" })).toEqual({
      changes: false,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
    expect(diffJobRun(outputs, { appId: "a", commandArgs: ["x"], waitTimeoutSeconds: 3600 }).changes).toBe(
      false,
    );
  });

  it("replaces for a changed or unknown run input, triggers included", () => {
    expect(diffJobRun(outputs, { appId: "b", commandArgs: ["x"] }).replaces).toEqual(["appId"]);
    expect(diffJobRun(outputs, { appId: "a" }).replaces).toEqual(["commandArgs"]);
    expect(diffJobRun(outputs, { appId: "a", commandArgs: ["x"], triggers: [1] }).replaces).toEqual([
      "triggers",
    ]);
    expect(diffJobRun(outputs, { appId: UNKNOWN_VALUE, commandArgs: ["x"] }).replaces).toEqual(["appId"]);
  });

  it("replaces a failed run with the same inputs, on eventId, running the job it follows again", () => {
    const failed = { ...outputs, state: "failed" };
    expect(diffJobRun(failed, { appId: "a", commandArgs: ["x"], waitTimeoutSeconds: 60 })).toEqual({
      changes: true,
      replaces: ["eventId"],
      updates: [],
      deleteBeforeReplace: false,
    });
    expect(failedJobToRunAgain("manual-1", failed, { appId: "a", commandArgs: ["x"] })).toBe("manual-1");
    // State written by 0.1.0 after a re-run: the ID names the first job, jobId the one that failed last.
    expect(failedJobToRunAgain("manual-0", failed, { appId: "a", commandArgs: ["x"] })).toBe("manual-1");
    // Changed inputs are a new run, replaced on what changed, and no re-run of the failed job.
    expect(diffJobRun(failed, { appId: "a", commandArgs: ["y"] }).replaces).toEqual(["commandArgs"]);
    expect(failedJobToRunAgain("manual-1", failed, { appId: "a", commandArgs: ["y"] })).toBeUndefined();
    expect(failedJobToRunAgain("manual-1", outputs, { appId: "a", commandArgs: ["x"] })).toBeUndefined();
  });

  it("updates in place for a run that has not finished, and for the settings alone", () => {
    for (const state of ["running", "pending"]) {
      expect(diffJobRun({ ...outputs, state }, { appId: "a", commandArgs: ["x"] })).toEqual({
        changes: true,
        replaces: [],
        updates: ["state"],
        deleteBeforeReplace: false,
      });
    }
    expect(diffJobRun(outputs, { appId: "a", commandArgs: ["x"], waitTimeoutSeconds: 60 })).toMatchObject({
      changes: true,
      replaces: [],
      updates: ["waitTimeoutSeconds"],
    });
    expect(
      diffJobRun(outputs, { appId: "a", commandArgs: ["x"], deleteHistoryOnDestroy: true }),
    ).toMatchObject({
      changes: true,
      replaces: [],
      updates: ["deleteHistoryOnDestroy"],
    });
  });
});

describe("the run wait", () => {
  /**
   * A client on the product's schedule whose DescribeJobStatus answers from a script, a clock that moves only when slept, and
   * the progress lines the wait writes.
   */
  function scripted(answers: (JobStatus | Error)[]) {
    let clock = 0;
    const calls: number[] = [];
    const lines: string[] = [];
    const client = {
      timing: productTiming,
      describeJobStatus: async () => {
        calls.push(clock);
        const answer = answers.length > 1 ? answers.shift()! : answers[0];
        if (answer instanceof Error) {
          throw answer;
        }
        return { RequestId: "r", Data: answer };
      },
      scoped: () => client,
    } as unknown as SaeClient;
    const options = {
      label: 'sae: job run "r": job manual-1',
      log: (line: string) => lines.push(line),
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
    };
    return { client, calls, lines, options };
  }
  const request = { AppId: "a", JobId: "manual-1" };
  const notFound = new SaeApiError({
    action: "DescribeJobStatus",
    code: "InvalidJobId.NotFound",
    status: 404,
    apiMessage: "gone",
  });

  it("announces each new state once and returns the final answer", async () => {
    const { client, lines, options } = scripted([
      recorded.pending,
      recorded.running,
      recorded.running,
      recorded.running,
      recorded.succeeded,
    ]);
    const result = await waitForRun(client, request, { ...options, timeoutMs: 60_000 });
    expect(result).toEqual({ status: recorded.succeeded, progress: runProgress(recorded.succeeded) });
    expect(lines).toEqual([
      'sae: job run "r": job manual-1: not started yet (State 0) (0.7s)',
      'sae: job run "r": job manual-1: running (State 3) (1.6s)',
      'sae: job run "r": job manual-1: succeeded (State 1) (4.5s)',
    ]);
  });

  it("returns a failed run as done and not ok, for the caller to report", async () => {
    const { client, options } = scripted([recorded.failed]);
    const result = await waitForRun(client, request, { ...options, timeoutMs: 1000 });
    expect(result.progress).toMatchObject({ done: true, ok: false, state: "failed" });
    expect(result.status).toEqual(recorded.failed);
  });

  it("polls about once a second, then a tenth of the time waited, and times out naming the last state", async () => {
    const { client, calls, options } = scripted([recorded.running]);
    const error = await waitForRun(client, request, { ...options, timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunWaitTimeoutError);
    expect(error).toBeInstanceOf(WaitError);
    expect((error as RunWaitTimeoutError).message).toBe(
      "job manual-1 did not finish within 20s; last state: running (State 3)",
    );
    expect((error as RunWaitTimeoutError).status).toEqual(recorded.running);
    expect((error as RunWaitTimeoutError).timedOut).toBe(true);
    expect(calls.slice(0, 4)).toEqual([700, 1650, 2600, 3550]);
    // The last poll goes out just before the deadline.
    expect(calls.at(-1)).toBe(19_950);
    const gaps = calls.slice(1, -1).map((at, i) => at - calls[i]);
    expect(Math.max(...gaps)).toBe(1718);
  });

  it("takes a 404 as not reported yet for a run it just started, and as gone otherwise", async () => {
    const fresh = scripted([notFound, recorded.succeeded]);
    const result = await waitForRun(fresh.client, request, {
      ...fresh.options,
      timeoutMs: 1000,
      justStarted: true,
    });
    expect(result.progress.ok).toBe(true);
    expect(fresh.lines[0]).toBe('sae: job run "r": job manual-1: not reported by SAE yet (0.7s)');

    const old = scripted([notFound]);
    await expect(waitForRun(old.client, request, { ...old.options, timeoutMs: 1000 })).rejects.toThrow(
      RunGoneError,
    );
    await expect(waitForRun(old.client, request, { ...old.options, timeoutMs: 1000 })).rejects.toThrow(
      /SAE no longer reports job manual-1 \(DescribeJobStatus answered InvalidJobId.NotFound, HTTP 404/,
    );
  });

  it("keeps the last answer for a timeout, even when the last poll found none", async () => {
    const { client, options } = scripted([recorded.running, notFound]);
    const error = await waitForRun(client, request, {
      ...options,
      timeoutMs: 1000,
      justStarted: true,
    }).catch((e: unknown) => e);
    expect((error as RunWaitTimeoutError).message).toBe(
      "job manual-1 did not finish within 1s; last state: not reported by SAE yet",
    );
    expect((error as RunWaitTimeoutError).status).toEqual(recorded.running);
  });
});
