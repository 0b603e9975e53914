/**
 * Errors carry no values: across a matrix of faults, no error, step log or provider output line holds an environment value, an OSS key, a query string or a request URL. Every case runs through the dynamic class; the main ones through the plugin by token too.
 */
import type { FaultRule } from "../../emulator";
import { type Door, type DoorStack, startDoorStack } from "../support/doors";
import { imageJob } from "../support/saeStack";

const dbPassword = "s3cr3t-value";
const ossAkId = "LTAI-oss-key-id-42";
const ossAkSecret = "oss-secret-value-42";
const withSecrets = {
  ...imageJob,
  envs: [{ name: "DB_PASSWORD", value: dbPassword }],
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss" }],
  ossAkId,
  ossAkSecret,
};

let stack: DoorStack;
afterEach(async () => {
  await stack?.dispose();
});

/**
 * Every text the provider produced: errors, step logs, its output, init errors. (Not the
 * transcript: it renders the outputs, where the program left `envs` in plain text.)
 */
function visibleText(result: { errors: string[]; steps: { logs: string[] }[] }): string {
  return [
    ...result.errors,
    ...result.steps.flatMap((step) => step.logs),
    ...stack.output(),
    ...stack.engine.state.flatMap((entry) => entry.initErrors ?? []),
  ].join("\n");
}

function expectNoValues(text: string): void {
  const port = new URL(stack.emulator.url).port;
  for (const value of [dbPassword, ossAkId, ossAkSecret, encodeURIComponent(dbPassword)]) {
    expect(text).not.toContain(value);
  }
  expect(text).not.toContain(`127.0.0.1:${port}/pop`);
  expect(text).not.toMatch(/https?:\/\/[^\s]*\/pop/);
  expect(text).not.toMatch(/\?[A-Za-z]+=/);
  expect(text).not.toMatch(/Envs=|OssAkSecret=/);
}

type Case = {
  name: string;
  faults: FaultRule[];
  /** Fault the update (a second `up` with more replicas) instead of the creation. */
  onUpdate?: boolean;
  ok: boolean;
  /** What the run must show, so the case is known to have hit the fault. */
  shows: RegExp;
  /** A main case, run through the plugin too. */
  plugin?: true;
};

const cases: Case[] = [
  {
    name: "throttled CreateJob",
    faults: [{ action: "CreateJob", kind: "throttle", times: 2 }],
    ok: true,
    plugin: true,
    shows: /CreateJob was refused with Throttling\.User \(.*\); retrying/,
  },
  {
    name: "CreateJob answered HTTP 500",
    faults: [{ action: "CreateJob", kind: "serverError" }],
    ok: true,
    shows: /not created; sending CreateJob again/,
  },
  {
    name: "change order lookups unavailable",
    faults: [{ action: "DescribeChangeOrder", kind: "serviceUnavailable", times: 2 }],
    ok: true,
    shows: /DescribeChangeOrder was refused with ServiceUnavailable \(.*\); retrying/,
  },
  {
    name: "CreateJob rejected with a message that echoes the values",
    faults: [
      {
        action: "CreateJob",
        kind: "error",
        status: 400,
        code: "InvalidParameter.WithMessage",
        message: `Envs value ${dbPassword} and OssAkSecret ${ossAkSecret} are not accepted for nightly-report`,
      },
    ],
    ok: false,
    plugin: true,
    shows:
      /InvalidParameter\.WithMessage \(HTTP 400\): Envs value <redacted> and OssAkSecret <redacted> are not accepted for nightly-report/,
  },
  {
    name: "connection reset before SAE acted on CreateJob",
    faults: [{ action: "CreateJob", kind: "drop" }],
    ok: true,
    shows: /not created; sending CreateJob again/,
  },
  {
    name: "connection reset after SAE created the template",
    faults: [{ action: "CreateJob", kind: "drop", dropAfterProcessing: true }],
    ok: true,
    shows: /SAE did create it/,
  },
  {
    name: "connection reset on UpdateJob, before and after SAE acted",
    faults: [
      { action: "UpdateJob", kind: "drop" },
      { action: "UpdateJob", kind: "drop", dropAfterProcessing: true },
    ],
    onUpdate: true,
    ok: true,
    plugin: true,
    shows:
      /UpdateJob's answer was lost \(SAE UpdateJob got no answer from 127\.0\.0\.1:\d+: socket hang up \(ECONNRESET\)\); reading the template to see whether SAE applied it[^]*SAE did apply it/,
  },
  {
    name: "gateway 503 after SAE created the template",
    faults: [{ action: "CreateJob", kind: "serviceUnavailable", afterProcessing: true }],
    ok: true,
    shows: /SAE did create it/,
  },
  {
    name: "UpdateJob refused while an earlier change order runs",
    faults: [
      {
        action: "UpdateJob",
        kind: "error",
        status: 400,
        code: "Application.ChangerOrderRunning",
        message: "An application change process is in progress. Please try again later.",
        times: 2,
      },
    ],
    onUpdate: true,
    ok: true,
    shows:
      /UpdateJob was refused with Application\.ChangerOrderRunning \(an earlier change order is still running on it\); retrying/,
  },
  {
    name: "slow answers",
    faults: [
      { action: "CreateJob", kind: "delay", delayMs: 300 },
      { action: "DescribeChangeOrder", kind: "delay", delayMs: 300 },
      // A create reads the template back once.
      { action: "DescribeJob", kind: "delay", delayMs: 300 },
    ],
    ok: true,
    // Slow, not lost: each answer comes well within the attempt's timeout, so nothing is retried.
    shows: /sae: job template "nightly-report": created \(AppId \S+\)/,
  },
  {
    name: "a failed change order",
    faults: [{ action: "CreateJob", kind: "failChangeOrder" }],
    ok: false,
    plugin: true,
    shows: /was created \(AppId \S+\) but is not ready: SAE change order \S+ ended failed/,
  },
];

/** Each case through the dynamic class, and the main ones through the plugin. */
const runs: [string, Door, Case][] = [
  ...cases.map((c): [string, Door, Case] => [c.name, "dynamic class", c]),
  ...cases.filter((c) => c.plugin).map((c): [string, Door, Case] => [c.name, "plugin", c]),
];

describe.each(runs)("%s, through the %s", (_name, door, { faults, onUpdate, ok, shows }) => {
  it("shows no value, query string or request URL", async () => {
    stack = await startDoorStack(door);
    let program = stack.template(withSecrets);
    if (onUpdate) {
      expect((await stack.engine.up(program)).errors).toEqual([]);
      program = stack.template({ ...withSecrets, replicas: 2 });
    }
    for (const fault of faults) {
      stack.emulator.faults.add(fault);
    }
    const result = await stack.engine.up(program);
    expect(result.ok).toBe(ok);
    // Every fault was met, or the case proves nothing.
    expect(stack.emulator.faults.pending()).toEqual([]);
    const text = visibleText(result);
    expect(text).toMatch(shows);
    expectNoValues(text);
  });
});

it("a stuck change order: shows no value, query string or request URL", async () => {
  stack = await startDoorStack("dynamic class", { "sae:changeOrderTimeout": "1" });
  stack.emulator.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: Infinity });
  const result = await stack.engine.up(stack.template(withSecrets));
  expect(result.ok).toBe(false);
  const text = visibleText(result);
  expect(text).toMatch(/did not finish within 1s/);
  expectNoValues(text);
});

it("a request too large: fails at once naming the largest parameter, with no values and no lookup", async () => {
  stack = await startDoorStack("dynamic class");
  const envs = Array.from({ length: 400 }, (_, i) => ({
    name: `DB_PASSWORD_${i}`,
    value: `${dbPassword}-${i}`,
  }));
  const result = await stack.engine.up(stack.template({ ...withSecrets, envs }));
  expect(result.ok).toBe(false);
  const text = visibleText(result);
  expect(result.errors.join("\n")).toMatch(
    /RequestHeaderFieldsTooLarge \(HTTP 431\): the request is too large; its largest parameter is Envs \(\d+ characters URL-encoded\)/,
  );
  expectNoValues(text);
  expect(stack.emulator.requestsFor("ListJobs")).toHaveLength(0);
  expect(stack.engine.state).toEqual([]);
});
