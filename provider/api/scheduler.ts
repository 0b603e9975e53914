/**
 * One request scheduler per SAE endpoint and AccessKey for the whole provider process: every
 * attempt of every call goes through it, whichever resource or serialized provider made it.
 *
 * SAE limits requests per account (`Throttling.User`) and per operation (`Throttling.Api`). A
 * `pulumi up` sends the steps of independent resources at once, and Pulumi's host builds a fresh
 * provider (and client) for each serialized provider it loads, so a limit kept per client would
 * not hold. The scheduler bounds the requests in flight (p-limit) and paces them adaptively (see
 * `pace.ts`): unpaced until a throttling answer, then a rate that drops once per round of
 * throttling answers, climbs back on success, and is dropped once throttling has stopped.
 *
 * The time an attempt waits here is the client's own doing, not SAE's: each attempt is told how
 * long it waited, and the retry budget gives that time back, so pacing never starves an operation.
 */
import pLimit from "p-limit";
import { AdaptivePace, type PaceClock, type ThrottlePace } from "./pace";

/** The most requests one scheduler has in flight at once. */
export const defaultMaxInFlight = 8;

/** How one attempt ended, as the pace needs to know it. */
export type AttemptOutcome = "throttled" | "answered";

/** Options of a {@link RequestScheduler}. */
export interface SchedulerOptions extends PaceClock {
  /** @default defaultMaxInFlight */
  readonly maxInFlight?: number;
  /** The durations of the adaptive pace. */
  readonly pace: ThrottlePace;
}

/** Paces the attempts sent to one endpoint with one AccessKey. */
export class RequestScheduler {
  private readonly slots: pLimit.Limit;
  private readonly pace: AdaptivePace;
  private throttledCount = 0;

  constructor(options: SchedulerOptions) {
    this.slots = pLimit(options.maxInFlight ?? defaultMaxInFlight);
    this.pace = new AdaptivePace(options.pace, options);
  }

  /**
   * Sends one attempt when a slot is free and the pace allows, and tells the pace how it ended:
   * `outcome` reads the attempt's error (undefined on success).
   */
  send<T>(attempt: () => Promise<T>, outcome: (error: unknown) => AttemptOutcome): Promise<T> {
    return this.slots(async () => {
      const round = await this.pace.acquire();
      try {
        const result = await attempt();
        this.pace.answered(round, false);
        return result;
      } catch (error) {
        const throttled = outcome(error) === "throttled";
        if (throttled) {
          this.throttledCount++;
        }
        this.pace.answered(round, throttled);
        throw error;
      }
    });
  }

  /** Attempts answered with throttling so far (for the console and the benchmark). */
  get throttled(): number {
    return this.throttledCount;
  }

  /** Attempts waiting for a slot. */
  get queued(): number {
    return this.slots.pendingCount;
  }

  /** Requests per second the pace allows now; undefined while unpaced. */
  get ratePerSecond(): number | undefined {
    return this.pace.ratePerSecond;
  }
}

const schedulers = new Map<string, RequestScheduler>();

/**
 * The process's scheduler for one endpoint URL and AccessKey ID (or credential source, when the
 * key is only known to the credential chain), made on first use with the first caller's pace
 * (every client of a process reads the same timing).
 */
export function sharedScheduler(
  endpointUrl: string,
  principal: string,
  pace: ThrottlePace,
): RequestScheduler {
  const key = `${endpointUrl}\n${principal}`;
  let scheduler = schedulers.get(key);
  if (!scheduler) {
    scheduler = new RequestScheduler({ pace });
    schedulers.set(key, scheduler);
  }
  return scheduler;
}
