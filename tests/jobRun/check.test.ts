/**
 * Checking job run inputs: every problem at once, naming the field and the rule, before any API
 * call; values unknown at preview pass. And the EventId check computes: kept while the run is the
 * same, chained through the previous one when it changes, unset while an input is unknown.
 */
import { type EnvVarInput, JobRun, JobTemplate } from "../../provider";
import { checkJobRun } from "../../provider/resources/jobRun/check";
import {
  afterFailedJob,
  deriveEventId,
  ReplacementChains,
  runKey,
} from "../../provider/resources/jobRun/eventId";
import { UNKNOWN_VALUE } from "../../harness";
import { imageJob, type SaeStack } from "../support/saeStack";
import { deployTemplate, program, startRunStack } from "./support";

const identity = "urn:pulumi:dev::sae-test::pulumi-nodejs:dynamic/sae:JobRun::report";
const base = { __identity: identity, appId: "app-1" };

describe("through the host", () => {
  let stack: SaeStack;
  beforeEach(async () => {
    stack = await startRunStack();
  });
  afterEach(async () => {
    await stack.dispose();
  });

  it("reports every problem at once, naming the field and the rule, and calls nothing", async () => {
    const result = await stack.engine.up(() => {
      new JobRun("bad", {
        appId: "",
        replicas: 0,
        time: "tomorrow",
        commandArgs: [1 as unknown as string],
        envs: [{ value: "x" } as EnvVarInput],
        triggers: "x" as unknown as unknown[],
        waitTimeoutSeconds: 0,
      });
    });
    expect(result.ok).toBe(false);
    const message = result.errors.join("\n");
    for (const line of [
      "appId: must not be empty (it is usually template.appId)",
      "commandArgs[0]: must be a string",
      "envs[0].name: is required (a string)",
      "replicas: must be at least 1 (got 0)",
      'time: must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, such as 2024-05-01T02:00:00Z (got "tomorrow")',
      "triggers: must be a list (of any values: a change to any of them starts a new run)",
      "waitTimeoutSeconds: must be at least 1 (got 0)",
    ]) {
      expect(message).toContain(line);
    }
    expect(stack.emulator.requests).toHaveLength(0);
    expect(stack.engine.state).toEqual([]);
  });

  it("previews a run of a template not created yet, with no EventId until its inputs are known", async () => {
    const preview = await stack.engine.preview(() => {
      const template = new JobTemplate("job", imageJob);
      new JobRun("report", { appId: template.appId, triggers: [template.imageUrl] });
    });
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.name, s.op])).toEqual([
      ["job", "create"],
      ["report", "create"],
    ]);
    const planned = preview.outputs.find((o) => o.name === "report")!.outputs;
    expect(planned.appId).toBe(UNKNOWN_VALUE);
    expect(planned).not.toHaveProperty("eventId");
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("previews a replacement when a run input is not known yet, and calls nothing", async () => {
    const appId = await deployTemplate(stack);
    expect((await stack.engine.up(program(appId, { report: {} }))).errors).toEqual([]);
    stack.emulator.clearRequests();
    const preview = await stack.engine.preview(() => {
      const template = new JobTemplate("job", imageJob);
      new JobRun("report", { appId: template.appId });
    });
    expect(preview.errors).toEqual([]);
    expect(preview.steps[1]).toMatchObject({ op: "replace", diff: { replaces: ["appId"] } });
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe("checkJobRun", () => {
  it("requires appId and the identity the JobRun class sets", () => {
    expect(checkJobRun({}, {}).failures).toEqual([
      { property: "appId", reason: "is required" },
      {
        property: "__identity",
        reason: "is missing: create job runs with the JobRun class of pulumi-sae-job, which sets it",
      },
    ]);
  });

  it("coerces values to their shapes and keeps what it does not validate", () => {
    const { inputs, failures } = checkJobRun(
      {},
      { ...base, replicas: "3", commandArgs: '["a","b"]', triggers: [{ any: ["thing"] }], __provider: "p" },
    );
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      replicas: 3,
      commandArgs: ["a", "b"],
      triggers: [{ any: ["thing"] }],
      __provider: "p",
      __identity: identity,
    });
  });

  it("refuses unknown inputs, with a suggestion, and outputs", () => {
    const { failures } = checkJobRun({}, { ...base, Replicas: 1, commandArg: ["a"], jobId: "j", state: "x" });
    expect(failures).toEqual([
      { property: "Replicas", reason: "is not a JobRun input (did you mean replicas?)" },
      { property: "commandArg", reason: "is not a JobRun input (did you mean commandArgs?)" },
      { property: "jobId", reason: "is an output of JobRun, reported by SAE; it cannot be set" },
      { property: "state", reason: "is an output of JobRun, reported by SAE; it cannot be set" },
    ]);
  });

  it("checks time: the form ExecJob takes, and a date that exists", () => {
    expect(checkJobRun({}, { ...base, time: "2024-05-01T02:00:00Z" }).failures).toEqual([]);
    expect(checkJobRun({}, { ...base, time: "2024-05-01 02:00:00" }).failures).toEqual([
      {
        property: "time",
        reason:
          'must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, such as 2024-05-01T02:00:00Z (got "2024-05-01 02:00:00")',
      },
    ]);
    expect(checkJobRun({}, { ...base, time: "2024-02-30T00:00:00Z" }).failures).toEqual([
      { property: "time", reason: 'is not a date that exists (got "2024-02-30T00:00:00Z")' },
    ]);
  });

  it("checks environment variables as the JobTemplate does", () => {
    const { failures } = checkJobRun(
      {},
      {
        ...base,
        envs: [
          { name: "A", value: "1" },
          { name: "A", value: "2" },
        ],
      },
    );
    expect(failures).toEqual([{ property: "envs", reason: expect.stringMatching(/name/) }]);
    expect(checkJobRun({}, { ...base, envs: [{ name: "A", valueFrom: "configMapRef" }] }).failures).toEqual([
      { property: "envs[0].configMapId", reason: 'is required when valueFrom is "configMapRef"' },
    ]);
  });

  it("lets unknown values pass, and sets no EventId while a run input is unknown", () => {
    for (const news of [
      { ...base, appId: UNKNOWN_VALUE },
      { ...base, replicas: UNKNOWN_VALUE, time: UNKNOWN_VALUE, envs: UNKNOWN_VALUE },
      { ...base, triggers: ["v1", UNKNOWN_VALUE] },
      { ...base, __identity: UNKNOWN_VALUE },
    ]) {
      const { inputs, failures } = checkJobRun({}, news);
      expect(failures).toEqual([]);
      expect(inputs).not.toHaveProperty("eventId");
    }
  });

  it("derives the EventId from the identity and the run, and keeps it while the run is the same", () => {
    const first = checkJobRun({}, { ...base, commandArgs: ["v1"] }).inputs;
    expect(first.eventId).toBe(deriveEventId(identity, runKey(first)!, ""));
    // An interrupted create checks again from nothing: the same EventId.
    expect(checkJobRun({}, { ...base, commandArgs: ["v1"] }).inputs.eventId).toBe(first.eventId);
    // Another resource with the same arguments: another run.
    const other = checkJobRun({}, { ...base, __identity: `${identity}-2`, commandArgs: ["v1"] }).inputs;
    expect(other.eventId).not.toBe(first.eventId);
    // The same run again, settings aside: the old EventId.
    const same = checkJobRun(first, { ...base, commandArgs: ["v1"], waitTimeoutSeconds: 5 }).inputs;
    expect(same.eventId).toBe(first.eventId);
  });

  it("chains the EventId through the previous one, so v1 → v2 → v1 is three runs", () => {
    const v1 = checkJobRun({}, { ...base, commandArgs: ["v1"] }).inputs;
    const v2 = checkJobRun(v1, { ...base, commandArgs: ["v2"] }).inputs;
    const v1again = checkJobRun(v2, { ...base, commandArgs: ["v1"] }).inputs;
    expect(v2.eventId).toBe(deriveEventId(identity, runKey(v2)!, v1.eventId as string));
    expect(new Set([v1.eventId, v2.eventId, v1again.eventId]).size).toBe(3);
  });

  it("derives a failed run's re-run from the failed job, in the replacement's second check", () => {
    const chains = new ReplacementChains();
    const first = checkJobRun({}, { ...base, commandArgs: ["v1"] }, chains).inputs;
    // The engine's first check keeps the EventId (the run is the same); the diff sees the failed job.
    expect(checkJobRun(first, { ...base, commandArgs: ["v1"] }, chains).inputs.eventId).toBe(first.eventId);
    chains.rememberRerun(identity, runKey(first)!, "manual-1");
    const rerun = checkJobRun({}, { ...base, commandArgs: ["v1"] }, chains).inputs;
    expect(rerun.eventId).toBe(deriveEventId(identity, runKey(first)!, afterFailedJob("manual-1")));
    expect(rerun.eventId).not.toBe(first.eventId);
    // The create that follows learns which job it runs again, once.
    expect(chains.rerunOf(rerun.eventId as string)).toBe("manual-1");
    expect(chains.rerunOf(rerun.eventId as string)).toBeUndefined();
    // A check that finds the run unchanged drops a re-run the engine did not go on with.
    chains.rememberRerun(identity, runKey(first)!, "manual-1");
    checkJobRun(first, { ...base, commandArgs: ["v1"] }, chains);
    expect(checkJobRun({}, { ...base, commandArgs: ["v1"] }, chains).inputs.eventId).toBe(first.eventId);
  });

  it("carries the chain to the engine's second check of a replacement, which has no old inputs", () => {
    const chains = new ReplacementChains();
    const v1 = checkJobRun({}, { ...base, commandArgs: ["v1"] }, chains).inputs;
    const v2 = checkJobRun(v1, { ...base, commandArgs: ["v2"] }, chains).inputs;
    const replacement = checkJobRun({}, { ...base, commandArgs: ["v2"] }, chains).inputs;
    expect(replacement.eventId).toBe(v2.eventId);
    // Taken once: a later create from nothing starts from nothing.
    expect(checkJobRun({}, { ...base, commandArgs: ["v2"] }, chains).inputs.eventId).toBe(
      deriveEventId(identity, runKey(v2)!, ""),
    );
    // Only for the same run inputs, and dropped by a check that finds the run unchanged.
    checkJobRun(v1, { ...base, commandArgs: ["v2"] }, chains);
    expect(checkJobRun({}, { ...base, commandArgs: ["v3"] }, chains).inputs.eventId).toBe(
      deriveEventId(identity, runKey({ ...base, commandArgs: ["v3"] })!, ""),
    );
    checkJobRun(v1, { ...base, commandArgs: ["v2"] }, chains);
    checkJobRun(v1, { ...base, commandArgs: ["v1"] }, chains);
    expect(checkJobRun({}, { ...base, commandArgs: ["v2"] }, chains).inputs.eventId).toBe(
      deriveEventId(identity, runKey(v2)!, ""),
    );
  });
});
