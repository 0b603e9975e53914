/**
 * A failed JobRun's error names the template's last runs (job ID, state in words, start time),
 * from one DescribeJobHistory call that never keeps the failure from being reported.
 */
import { isoTime } from "../../provider/resources/jobRun/runStatus";
import { deployTemplate, program, startRunStack } from "../jobRun/support";
import type { SaeStack } from "../support/saeStack";

let stack: SaeStack;
let appId: string;
beforeEach(async () => {
  stack = await startRunStack();
  appId = await deployTemplate(stack);
});
afterEach(async () => {
  await stack?.dispose();
});

const runs = { report: { commandArgs: ["--tenant", "acme-private"] } };

it("names the last runs, most recent first, without any parameter value", async () => {
  const { emulator, engine } = stack;
  const earlier = [
    emulator.startScheduledRun(appId, { durationMs: 0 }),
    emulator.startScheduledRun(appId, { durationMs: 0, fail: true }),
  ];
  emulator.clearRequests();
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "OOMKilled: exit code 137" });
  const result = await engine.up(program(appId, runs));
  expect(result.ok).toBe(false);
  const failed = emulator.listRuns(appId)[2];
  const started = (run: { startAt: number }) => isoTime(Math.floor(run.startAt / 1000));
  const message = result.errors.join("\n");
  expect(message).toContain(
    `job ${failed.jobId} of job template ${appId} ended failed (State 2): OOMKilled: exit code 137. Pulumi ` +
      "records the failed run: the next `pulumi up` runs it again as a new job. The last runs of job template " +
      `${appId}, most recent first: ${failed.jobId} failed (started ${started(failed)}), ` +
      `${earlier[1].jobId} failed (started ${started(earlier[1])}), ` +
      `${earlier[0].jobId} succeeded (started ${started(earlier[0])}).`,
  );
  expect(message).not.toMatch(/acme-private|--tenant/);
  expect(stack.sent("DescribeJobHistory")).toEqual([{ AppId: appId, CurrentPage: "1", PageSize: "5" }]);
});

it("reports the failed run as before when the history cannot be read", async () => {
  const { emulator, engine } = stack;
  emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "OOMKilled: exit code 137" });
  emulator.faults.add({ action: "DescribeJobHistory", kind: "error", status: 403, code: "Forbidden.RAM" });
  const result = await engine.up(program(appId, runs));
  expect(result.ok).toBe(false);
  const [failed] = emulator.listRuns(appId);
  const message = result.errors.join("\n");
  expect(message).toContain(
    `job ${failed.jobId} of job template ${appId} ended failed (State 2): OOMKilled: exit code 137. Pulumi ` +
      "records the failed run: the next `pulumi up` runs it again as a new job.",
  );
  expect(message).not.toMatch(/last runs|Forbidden/);
  expect(emulator.requestsFor("DescribeJobHistory").map((r) => r.status)).toEqual([403]);
  expect(stack.engine.resource("report")).toMatchObject({ id: failed.jobId, outputs: { state: "failed" } });
});
