import { SaeApiError, SaeConfigError, SaeNetworkError } from "../../provider/api/errors";
import {
  backoffDelay,
  classifyFailure,
  neverReachedServer,
  retryPolicy,
  withRetries,
} from "../../provider/api/retry";
import { scaledTiming } from "../../provider/api/timing";

const apiError = (code: string, status = 400) =>
  new SaeApiError({ action: "UpdateJob", code, status, apiMessage: "m", requestId: "r" });
const networkError = (code: string, mayHaveBeenApplied: boolean) =>
  new SaeNetworkError({
    action: "CreateJob",
    endpoint: "http://127.0.0.1:1",
    cause: Object.assign(new Error(code), { code }),
    mayHaveBeenApplied,
  });

describe("classifyFailure", () => {
  it.each([
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
    "ServiceUnavailable",
    "System.Upgrading",
    "Application.ChangerOrderRunning",
    "Application.InvalidStatus",
  ])("retries %s, even for a call that is not idempotent (SAE refused it before doing anything)", (code) => {
    expect(classifyFailure(apiError(code), "idempotent")).toBe("retry");
    expect(classifyFailure(apiError(code), "not-idempotent")).toBe("retry");
  });

  it("retries 5xx for idempotent calls, and reports the outcome as unknown for CreateJob", () => {
    expect(classifyFailure(apiError("InternalError", 500), "idempotent")).toBe("retry");
    expect(classifyFailure(apiError("InternalError", 500), "not-idempotent")).toBe("outcome-unknown");
    // A gateway answers 503 even when the backend did the work.
    expect(classifyFailure(apiError("ServiceUnavailable", 503), "idempotent")).toBe("retry");
    expect(classifyFailure(apiError("ServiceUnavailable", 503), "not-idempotent")).toBe("outcome-unknown");
  });

  it.each([
    "InvalidParameter.WithMessage",
    "InvalidAppId.NotFound",
    "SignatureDoesNotMatch",
    "JobForbidPolicy",
  ])("never retries %s", (code) => {
    expect(classifyFailure(apiError(code), "idempotent")).toBe("fail");
  });

  it("retries a lost answer only when the call may be repeated (idempotent, or ExecJob with EventId)", () => {
    const reset = networkError("ECONNRESET", true);
    expect(classifyFailure(reset, "idempotent")).toBe("retry");
    expect(classifyFailure(reset, "not-idempotent")).toBe("outcome-unknown");
    expect(classifyFailure(reset, "with-event-id", false)).toBe("outcome-unknown");
    expect(classifyFailure(reset, "with-event-id", true)).toBe("retry");
  });

  it("retries any call whose connection never opened", () => {
    expect(classifyFailure(networkError("ECONNREFUSED", false), "not-idempotent")).toBe("retry");
  });

  it("reads httpx's timeouts by the socket's state, not their name", () => {
    // httpx's two timeouts, as thrown: no code, the kind at the start of the message.
    const timeout = (message: string) => Object.assign(new Error(message), { name: "RequestTimeoutError" });
    const connectTimeout = timeout(
      "ConnectTimeout: Connect http://127.0.0.1:1/pop/v1/sam/job/createJob failed.",
    );
    expect(neverReachedServer(connectTimeout, false)).toBe(true);
    // The same timer is the socket's idle timer once the request was written.
    expect(neverReachedServer(connectTimeout, true)).toBe(false);
    expect(neverReachedServer(connectTimeout)).toBe(false);
    expect(neverReachedServer(timeout("ReadTimeout(30000). POST http://127.0.0.1:1/x failed."), true)).toBe(
      false,
    );
    expect(neverReachedServer(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);

    const lost = new SaeNetworkError({
      action: "UpdateJob",
      endpoint: "127.0.0.1:1",
      cause: connectTimeout,
      mayHaveBeenApplied: false,
    });
    expect(lost.networkCode).toBe("ConnectTimeout");
    expect(lost.message).not.toContain("/pop");
    expect(classifyFailure(lost, "not-idempotent")).toBe("retry");
  });

  it("does not retry configuration errors or foreign errors", () => {
    expect(classifyFailure(new SaeConfigError("no keys"), "idempotent")).toBe("fail");
    expect(classifyFailure(new TypeError("bug"), "idempotent")).toBe("fail");
  });
});

describe("backoff", () => {
  it("doubles from the base up to the cap, with full jitter", () => {
    const top = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(top, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const bottom = retryPolicy({ baseDelayMs: 100, random: () => 0 });
    expect(backoffDelay(bottom, 3)).toBe(0);
  });
});

describe("withRetries", () => {
  const fastPolicy = (extra: Parameters<typeof retryPolicy>[0] = {}) => {
    const waits: number[] = [];
    const policy = retryPolicy({ random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...extra });
    return { policy, waits };
  };

  it("stops after maxAttempts and rethrows the last error", async () => {
    const { policy, waits } = fastPolicy({ maxAttempts: 4 });
    let calls = 0;
    await expect(
      withRetries(
        policy,
        async () => {
          calls++;
          throw apiError("Throttling.User");
        },
        () => "retry",
      ),
    ).rejects.toThrow(/Throttling.User/);
    expect(calls).toBe(4);
    expect(waits).toEqual([250, 500, 1000]);
  });

  it("cuts the last wait short so that a last attempt goes out just before the budget ends", async () => {
    let clock = 0;
    const waits: number[] = [];
    const { policy } = fastPolicy({
      maxElapsedMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    let calls = 0;
    await expect(
      withRetries(
        policy,
        async () => {
          calls++;
          throw apiError("Throttling");
        },
        () => "retry",
      ),
    ).rejects.toThrow();
    // Waits of 250 and 500; the next (1000) is cut to what is left less 100 ms for the attempt.
    expect(waits).toEqual([250, 500, 150]);
    expect(calls).toBe(4);
  });

  it("gives back the time an attempt waited in the client's own queue: queueing never starves a call", async () => {
    let clock = 0;
    const { policy } = fastPolicy({
      maxElapsedMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const remaining: number[] = [];
    const value = await withRetries(
      policy,
      async (attempt, budget) => {
        // Each attempt waits 2 s for a slot and the pace: twice the whole budget.
        clock += 2000;
        budget.giveBack(2000);
        remaining.push(budget.remainingMs());
        if (attempt < 3) {
          throw apiError("Throttling.User");
        }
        return "sent";
      },
      () => "retry",
    );
    expect(value).toBe("sent");
    // What is left when each attempt goes out: the budget less the backoffs (250, then 500).
    expect(remaining).toEqual([1000, 750, 250]);
  });

  it("retries a busy template on the polling pace, not a growing backoff", async () => {
    let clock = 0;
    const waits: number[] = [];
    const { policy } = fastPolicy({
      maxAttempts: 16,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    await expect(
      withRetries(
        policy,
        async () => {
          throw apiError("Application.ChangerOrderRunning");
        },
        () => "retry",
      ),
    ).rejects.toThrow();
    // A second apart for the first ten seconds, then a tenth of the time waited.
    expect(waits.slice(0, 11)).toEqual(Array<number>(11).fill(1000));
    expect(waits.slice(11)).toEqual([1100, 1210, 1331, 1464]);
  });

  it("retries a busy template on the pace it is given: a scaled one, in proportion", async () => {
    let clock = 0;
    const waits: number[] = [];
    const { policy } = fastPolicy({
      maxAttempts: 16,
      pace: scaledTiming(0.05).pace,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    await expect(
      withRetries(
        policy,
        async () => {
          throw apiError("Application.ChangerOrderRunning");
        },
        () => "retry",
      ),
    ).rejects.toThrow();
    expect(waits.slice(0, 11)).toEqual(Array<number>(11).fill(50));
    expect(waits.slice(11)).toEqual([55, 61, 67, 73]);
  });

  it("returns the value once an attempt succeeds, reporting each retry", async () => {
    const { policy } = fastPolicy();
    const events: number[] = [];
    const value = await withRetries(
      policy,
      async (attempt) => {
        if (attempt < 3) {
          throw apiError("System.Upgrading");
        }
        return "done";
      },
      () => "retry",
      (event) => events.push(event.attempt),
    );
    expect(value).toBe("done");
    expect(events).toEqual([1, 2]);
  });

  it("gives up at once on a verdict other than retry", async () => {
    const { policy } = fastPolicy();
    let calls = 0;
    await expect(
      withRetries(
        policy,
        async () => {
          calls++;
          throw apiError("InvalidParameter.WithMessage");
        },
        () => "fail",
      ),
    ).rejects.toThrow(/InvalidParameter/);
    expect(calls).toBe(1);
  });
});
