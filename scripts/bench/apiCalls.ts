/**
 * Row 1: SAE calls per step, through the engine stand-in and the host, against the fewest calls
 * the step's work needs. Change orders and runs take a realistic time, so the count includes the
 * polls the provider makes while it waits (the price of noticing the end soon; see row 5).
 */
import type { OperationResult } from "../../harness";
import { JobRun, JobTemplate } from "../../provider";
import type { Report } from "./report";
import { callSummary, smallTemplate, startStack } from "./stack";

/** Change order and job run length for this row: the emulator's default change order. */
const durationMs = 1500;

/**
 * The fewest SAE calls each step needs, and why: what the work cannot do without. Waiting for a
 * change order or a run needs at least the one status call that sees it finished.
 */
export const stepFloors = {
  // CreateJob; one DescribeChangeOrder that sees Status 2; DescribeJob for the outputs.
  create: 3,
  // Check and Diff are pure: planning an unchanged stack needs no SAE at all.
  preview: 0,
  // Nothing changed: the engine runs no Create/Update, so nothing reaches SAE.
  upUnchanged: 0,
  // UpdateJob with the one changed parameter; one DescribeChangeOrder that sees Status 2; DescribeJob.
  update: 3,
  // DescribeJob, once for the one template.
  refresh: 1,
  // ExecJob; one DescribeJobStatus that sees the run finished (the template is unchanged: none).
  jobRun: 2,
  // DeleteJob; DescribeJob answering 404, the confirmation. Dropping the JobRun from the stack needs none.
  delete: 2,
  // As create, plus TagResources (CreateJob takes no tags); the tags it set need no reading back.
  createTagged: 4,
  // Tags only, some changed and one removed: TagResources, UntagResources, DescribeJob. No UpdateJob.
  retag: 3,
} as const;

type StepKey = keyof typeof stepFloors;

export async function apiCallsPerStep(report: Report): Promise<void> {
  const stack = await startStack({ changeOrderDurationMs: durationMs, jobRunDurationMs: durationMs });
  const { emulator, engine } = stack;
  const template = () => void new JobTemplate("job", smallTemplate);
  const step = async (key: StepKey, what: string, run: () => Promise<OperationResult>) => {
    emulator.clearRequests();
    const result = await run();
    if (!result.ok) {
      throw new Error(`bench step "${what}" failed: ${result.errors.join("; ")}`);
    }
    const requests = emulator.requests;
    const floor = stepFloors[key];
    report.add({
      id: `apiCalls.${key}`,
      section: "1 SAE calls",
      what,
      detail: callSummary(requests),
      measured: { value: requests.length, unit: "calls" },
      floor: { value: floor, unit: "calls" },
      ...(floor === 0 && { goal: { text: "0 calls", met: requests.length === 0 } }),
    });
  };
  try {
    await step("create", `create, ${durationMs / 1000} s change order`, () => engine.up(template));
    await step("preview", "preview, no changes", () => engine.preview(template));
    await step("upUnchanged", "up, no changes", () => engine.up(template));
    await step("update", "update of one field (replicas)", () =>
      engine.up(() => void new JobTemplate("job", { ...smallTemplate, replicas: 2 })),
    );
    await step("refresh", "refresh", () => engine.refresh());
    const appId = engine.resource("job")?.id ?? "";
    await step("jobRun", `JobRun run, ${durationMs / 1000} s run`, () =>
      engine.up(() => {
        new JobTemplate("job", { ...smallTemplate, replicas: 2 });
        new JobRun("run", { appId, commandArgs: ["--all"] });
      }),
    );
    await step("delete", "delete (destroy: template and run)", () => engine.destroy());
    const tagged = (tags: Record<string, string>) => () =>
      void new JobTemplate("tagged", { ...smallTemplate, appName: "bench-tagged", tags });
    await step("createTagged", `create with 3 tags, ${durationMs / 1000} s change order`, () =>
      engine.up(tagged({ owner: "data", env: "prod", costCentre: "cc-42" })),
    );
    await step("retag", "tags only: one changed, one added, one removed", () =>
      engine.up(tagged({ owner: "platform", env: "prod", team: "jobs" })),
    );
    await engine.destroy();
  } finally {
    await stack.dispose();
  }
}
