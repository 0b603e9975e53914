import { SaeApiError, SaeError } from "../../provider/api/errors";
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
      "sae: thing t-1: queued (0.7s)",
      "sae: thing t-1: running (1.6s)",
      "sae: thing t-1: done (3.5s)",
    ]);
  });

  it("polls about once a second for ten seconds, then a tenth of the time waited", async () => {
    const answers: Status[] = [...Array<Status>(14).fill({ state: "running" }), { state: "done" }];
    const wait = recordedWait(answers);
    await wait.run();
    // Each poll goes out 50 ms early, as timers fire late on a busy machine, and the first one
    // also allows for an answer that takes 250 ms.
    expect(wait.sleeps).toEqual([700, ...Array<number>(10).fill(950), 970, 1067, 1174, 1291]);
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
        waitedMs: 1650,
      },
    ]);
  });

  it("times out at the deadline after a last poll just before it, naming the last state", async () => {
    const wait = recordedWait([{ state: "queued" }, { state: "running" }], { timeoutMs: 5000 });
    const error = await wait.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect((error as WaitError).message).toBe("SAE thing t-1 did not finish within 5s; last state: running");
    expect(error).toMatchObject({ timedOut: true, progress: { description: "running" } });
    // Polled at 0.7, 1.65, 2.6, 3.55, 4.5 and, the last, 4.95 s.
    expect(wait.sleeps).toEqual([700, 950, 950, 950, 950, 450]);
    expect(wait.lines).toEqual(["sae: thing t-1: queued (0.7s)", "sae: thing t-1: running (1.6s)"]);
  });

  it("hands each poll the wait's deadline, so its retries end with the wait", async () => {
    const deadlines: number[] = [];
    const wait = recordedWait([], {
      timeoutMs: 3000,
      poll: async (deadlineMs) => {
        deadlines.push(deadlineMs);
        return { state: deadlines.length === 2 ? "done" : "running" };
      },
    });
    await wait.run();
    expect(deadlines).toEqual([3000, 3000]);
  });

  it("polls through a poll that failed for a reason that passes, and says so once", async () => {
    const throttled = new SaeApiError({
      action: "DescribeChangeOrder",
      code: "Throttling.User",
      status: 400,
      apiMessage: "Request was denied due to user flow control.",
    });
    let polls = 0;
    const wait = recordedWait([], {
      poll: async () => {
        polls++;
        if (polls === 2 || polls === 3) {
          throw throttled;
        }
        return { state: polls < 5 ? "running" : "done" };
      },
    });
    await expect(wait.run()).resolves.toMatchObject({ status: { state: "done" } });
    expect(polls).toBe(5);
    expect(wait.lines.filter((line) => line.includes("a poll failed"))).toEqual([
      `sae: thing t-1: a poll failed (${throttled.message}); still waiting`,
    ]);
  });

  it("names the last poll's failure when the deadline passes while polls keep failing", async () => {
    const reset = new SaeApiError({
      action: "DescribeChangeOrder",
      code: "ServiceUnavailable",
      status: 503,
      apiMessage: "The request has failed due to a temporary failure of the server.",
    });
    const wait = recordedWait([], {
      timeoutMs: 2000,
      poll: async () => {
        throw reset;
      },
    });
    const error = await wait.run().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `SAE thing t-1 did not finish within 2s; no poll was answered; the last poll failed: ${reset.message}`,
    );
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
    let clock = 0;
    const error = await waitFor({
      poll: async () => ({ State: "3" }),
      condition: () => ({ done: false, ok: false, description: "running (State 3)", state: "running" }),
      label: "sae: job run r",
      log: () => {},
      timeoutMs: 1500,
      error: (end) => {
        ends.push(end);
        return new WaitError("job j-1", end);
      },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
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

  it("lets a failed poll end the wait with its own error when waiting cannot help", async () => {
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

describe("the polling schedule", () => {
  /** The fewest polls that notice an end at L by max(L + 1 s, 1.1 L) with answers that take no time. */
  function fewestPolls(endMs: number): number {
    let polls = 1;
    for (let at = 1000; at < endMs; at = Math.max(at + 1000, 1.1 * at)) {
      polls++;
    }
    return polls;
  }

  it.each([0, 200, 999, 1000, 1300, 5300, 9990, 10_000, 12_345, 47_000, 100_000, 333_000, 599_000])(
    "notices an end at %i ms by max(L + 1 s, 1.1 L), with few polls, when answers take 80 ms",
    async (endMs) => {
      const latencyMs = 80;
      let clock = 0;
      let polls = 0;
      const { progress } = await waitFor<number>({
        // SAE reads the state halfway through the answer's time.
        poll: async () => {
          polls++;
          clock += latencyMs;
          return clock - latencyMs / 2;
        },
        condition: (readAt) =>
          readAt >= endMs
            ? { done: true, ok: true, description: "done" }
            : { done: false, ok: false, description: "running" },
        label: "sae: thing t-1",
        log: () => {},
        timeoutMs: 3_600_000,
        error: (end) => new WaitError("SAE thing t-1", end),
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      });
      expect(progress.ok).toBe(true);
      expect(clock).toBeLessThanOrEqual(Math.max(endMs + 1000, 1.1 * endMs));
      expect(polls).toBeLessThanOrEqual(Math.ceil(fewestPolls(endMs) * 1.2));
    },
  );
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
