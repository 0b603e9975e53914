/**
 * The scheduler's adaptive pace on a fake clock: unpaced until throttled, one cut per round from
 * the rate actually sent, a floor, the climb back, and the end of pacing once throttling stops.
 */
import { AdaptivePace, beta } from "../../provider/api/pace";
import { RequestScheduler } from "../../provider/api/scheduler";
import { productTiming } from "../../provider/api/timing";

/** A fake clock whose sleeps move it on at once, recording each wait. */
function fakeClock(start = 1_000_000) {
  const clock = {
    t: start,
    waits: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

const timing = productTiming.throttlePace;

/** Sends `count` requests one after another, each answered `latencyMs` later; returns the time taken. */
async function sendSequentially(
  pace: AdaptivePace,
  clock: ReturnType<typeof fakeClock>,
  count: number,
  throttled: (i: number) => boolean = () => false,
  latencyMs = 50,
): Promise<number> {
  const started = clock.t;
  for (let i = 0; i < count; i++) {
    const round = await pace.acquire();
    clock.t += latencyMs;
    pace.answered(round, throttled(i));
  }
  return clock.t - started;
}

describe("AdaptivePace", () => {
  it("sends unpaced until a throttling answer", async () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(timing, clock);
    await sendSequentially(pace, clock, 50);
    expect(clock.waits).toEqual([]);
    expect(pace.ratePerSecond).toBeUndefined();
  });

  it("cuts once per round to 0.7 of the rate sent over the last second: answers to requests sent before the cut cut nothing more", async () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(timing, clock);
    // 20 requests over the last second, then eight in flight together, all throttled.
    for (let i = 0; i < 20; i++) {
      pace.answered(await pace.acquire(), false);
      clock.t += 50;
    }
    const rounds = await Promise.all(Array.from({ length: 8 }, () => pace.acquire()));
    clock.t += 10;
    rounds.forEach((round) => pace.answered(round, true));
    // Requests sent in the last second: the 20 less the one that fell out of it, and the 8.
    expect(pace.ratePerSecond).toBeCloseTo(beta * 27, 5);

    // A throttling answer to a request sent after the cut is a new round: it cuts again.
    const round = await pace.acquire();
    pace.answered(round, true);
    expect(pace.ratePerSecond).toBeLessThan(beta * 27 * beta + 1e-9);
  });

  it("never goes slower than one request per minGapMs, however often it is throttled", async () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(timing, clock);
    await sendSequentially(pace, clock, 40, () => true);
    expect(pace.ratePerSecond).toBe(1000 / timing.minGapMs);
    expect(Math.max(...clock.waits)).toBeLessThanOrEqual(timing.minGapMs);
  });

  it("climbs back between throttling answers, past the rate that was throttled", async () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(timing, clock);
    // Ten requests in 0.95 s, the last one throttled.
    await sendSequentially(pace, clock, 10, (i) => i === 9, 95);
    const cut = pace.ratePerSecond!;
    expect(cut).toBeCloseTo(beta * 10, 5);
    // Successes for 4 s (under calmMs): the rate is back above the 10 a second it was cut from.
    const until = clock.t + 4000;
    while (clock.t < until) {
      const round = await pace.acquire();
      clock.t += 20;
      pace.answered(round, false);
    }
    expect(pace.ratePerSecond).toBeGreaterThan(10);
  });

  it("comes back with few requests: unpaced calmMs after the last throttling answer", async () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(timing, clock);
    // The first burst of an up is throttled before any rate is known.
    await sendSequentially(pace, clock, 16, (i) => i % 2 === 1);
    expect(pace.ratePerSecond).toBeDefined();
    const lastThrottle = clock.t;

    // Few requests: a poll every 2 s.
    let unpacedAt: number | undefined;
    for (let i = 0; i < 10 && unpacedAt === undefined; i++) {
      clock.t += 2000;
      await sendSequentially(pace, clock, 1);
      if (pace.ratePerSecond === undefined) {
        unpacedAt = clock.t;
      }
    }
    expect(unpacedAt).toBeDefined();
    expect(unpacedAt! - lastThrottle).toBeLessThanOrEqual(timing.calmMs + 2100);

    // A burst of 20 then waits for nothing.
    clock.waits.length = 0;
    await sendSequentially(pace, clock, 20);
    expect(clock.waits).toEqual([]);
  });
});

describe("RequestScheduler", () => {
  it("sends one attempt per slot: the next starts when one ends", async () => {
    const clock = fakeClock();
    const scheduler = new RequestScheduler({
      maxInFlight: 1,
      pace: timing,
      now: clock.now,
      sleep: clock.sleep,
    });
    let release: () => void = () => {};
    const started: string[] = [];
    const first = scheduler.send(
      () =>
        new Promise<void>((resolve) => {
          started.push("first");
          release = resolve;
        }),
      () => "answered",
    );
    const second = scheduler.send(
      async () => {
        started.push("second");
      },
      () => "answered",
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["first"]);
    release();
    await Promise.all([first, second]);
    expect(started).toEqual(["first", "second"]);
  });

  it("counts throttling answers and paces after them", async () => {
    const clock = fakeClock();
    const scheduler = new RequestScheduler({ pace: timing, now: clock.now, sleep: clock.sleep });
    const throttled = new Error("Throttling.User");
    await expect(
      scheduler.send(
        () => Promise.reject(throttled),
        (error) => (error === throttled ? "throttled" : "answered"),
      ),
    ).rejects.toBe(throttled);
    expect(scheduler.throttled).toBe(1);
    expect(scheduler.ratePerSecond).toBeDefined();
  });
});
