import { SaeError } from "../../provider/api/errors";
import { type Progress, waitFor, WaitError, type WaitOptions } from "../../provider/resources/waiting";

/** A status as a recorded answer might hold it. */
interface Status {
  readonly state: "queued" | "running" | "done" | "broken";
  readonly note?: string;
}

/** The pure condition under test: reads one status. */
function condition(status: Status): Progress {
  const description = `${status.state}`;
  if (status.state === "done") {
    return { done: true, ok: true, description };
  }
  if (status.state === "broken") {
    return { done: true, ok: false, description, message: status.note };
  }
  return { done: false, ok: false, description };
}

/** A wait over recorded answers (the last one repeats), with an injected clock and sleep. */
function recordedWait(answers: Status[], overrides: Partial<WaitOptions<Status>> = {}) {
  let clock = 0;
  let polled = 0;
  const lines: string[] = [];
  const sleeps: number[] = [];
  const options: WaitOptions<Status> = {
    poll: async () => answers[Math.min(polled++, answers.length - 1)],
    condition,
    label: "sae: thing t-1",
    log: (line) => lines.push(line),
    timeoutMs: 60_000,
    error: (end) => new WaitError("SAE thing t-1", end),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...overrides,
  };
  return { run: () => waitFor(options), lines, sleeps, polls: () => polled };
}

describe("waitFor", () => {
  it("announces each new state once, with the time waited, and resolves with the final state", async () => {
    const wait = recordedWait([
      { state: "queued" },
      { state: "running" },
      { state: "running" },
      { state: "done" },
    ]);
    await expect(wait.run()).resolves.toEqual({
      status: { state: "done" },
      progress: { done: true, ok: true, description: "done" },
    });
    expect(wait.lines).toEqual([
      "sae: thing t-1: queued (0.0s)",
      "sae: thing t-1: running (0.3s)",
      "sae: thing t-1: done (1.2s)",
    ]);
  });

  it("polls fast at first and slower later, up to the longest interval", async () => {
    const answers: Status[] = [...Array<Status>(8).fill({ state: "running" }), { state: "done" }];
    const wait = recordedWait(answers, { maxIntervalMs: 1000 });
    await wait.run();
    expect(wait.sleeps).toEqual([250, 375, 563, 845, 1000, 1000, 1000, 1000]);
  });

  it("fails at once when the condition says it ended badly, with the state and SAE's message", async () => {
    const ends: unknown[] = [];
    const wait = recordedWait(
      [{ state: "running" }, { state: "broken", note: "quota exceeded" }, { state: "done" }],
      {
        error: (end) => {
          ends.push(end);
          return new WaitError("SAE thing t-1", end);
        },
      },
    );
    await expect(wait.run()).rejects.toThrow("SAE thing t-1 ended broken: quota exceeded");
    expect(wait.polls()).toBe(2);
    expect(ends).toEqual([
      {
        progress: { done: true, ok: false, description: "broken", message: "quota exceeded" },
        status: { state: "broken", note: "quota exceeded" },
        timedOut: false,
        waitedMs: 250,
      },
    ]);
  });

  it("times out before the next poll would pass the deadline, naming the last state", async () => {
    const wait = recordedWait([{ state: "queued" }, { state: "running" }], { timeoutMs: 1000 });
    const error = await wait.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect((error as WaitError).message).toBe("SAE thing t-1 did not finish within 1s; last state: running");
    expect(error).toMatchObject({ timedOut: true, progress: { description: "running" } });
    // Polled at 0, 250 and 625 ms; a fourth poll would come after 1188 ms.
    expect(wait.polls()).toBe(3);
    expect(wait.lines).toEqual(["sae: thing t-1: queued (0.0s)", "sae: thing t-1: running (0.3s)"]);
  });

  it("resolves with a bad end when it is an outcome to record, not a failure", async () => {
    const wait = recordedWait([{ state: "running" }, { state: "broken", note: "exit 1" }], {
      throwOnFailure: false,
    });
    await expect(wait.run()).resolves.toEqual({
      status: { state: "broken", note: "exit 1" },
      progress: { done: true, ok: false, description: "broken", message: "exit 1" },
    });
  });

  it("hands back what the condition says beyond Progress, and the last status on a timeout", async () => {
    const ends: unknown[] = [];
    const error = await waitFor({
      poll: async () => ({ State: "3" }),
      condition: () => ({ done: false, ok: false, description: "running (State 3)", state: "running" }),
      label: "sae: job run r",
      log: () => {},
      timeoutMs: 1500,
      firstIntervalMs: 2000,
      error: (end) => {
        ends.push(end);
        return new WaitError("job j-1", end);
      },
      now: () => 0,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("job j-1 did not finish within 2s; last state: running (State 3)");
    expect(ends).toEqual([
      {
        progress: { done: false, ok: false, description: "running (State 3)", state: "running" },
        status: { State: "3" },
        timedOut: true,
        waitedMs: 1500,
      },
    ]);
  });

  it("lets a failed poll end the wait with its own error", async () => {
    const refused = new Error("InvalidChangeOrderId.NotFound");
    const wait = recordedWait([], {
      poll: async () => {
        throw refused;
      },
    });
    await expect(wait.run()).rejects.toBe(refused);
    expect(wait.lines).toEqual([]);
  });
});

describe("WaitError", () => {
  it("leaves out the explanation when SAE gives none", () => {
    const error = new WaitError("SAE thing t-1", {
      progress: { done: true, ok: false, description: "broken" },
      timedOut: false,
      waitedMs: 10,
    });
    expect(error.message).toBe("SAE thing t-1 ended broken");
    expect(error.name).toBe("WaitError");
    expect(error).toBeInstanceOf(SaeError);
  });
});
