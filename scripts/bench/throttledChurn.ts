/**
 * Row 9, PLACEHOLDER until the emulator's rate limit is merged: 100 templates created and deleted
 * concurrently through one host, against an emulator that throttles above 20 requests/s. Success
 * count, requests sent and wall time, each against its floor (the fewest requests the work needs,
 * and that count ÷ 20 per second).
 *
 * The work counting ({@link churnFloor}) and the run are written; what is missing is the emulator
 * option `EmulatorOptions.rateLimit` (throttled requests recorded with `fault: "rateLimit"`).
 * Until it exists the emulator ignores the option and throttles nothing, so the bench runs this
 * row only when asked: `BENCH_RATE_LIMIT=1 npm run bench`.
 */
import type { EmulatorOptions } from "../../emulator";
import { stepFloors } from "./apiCalls";
import { timed } from "./measure";
import type { Report } from "./report";
import { checkedTemplates, configuredHost, startEmulator } from "./stack";

/** The emulator's rate limit, as it will be declared in `EmulatorOptions.rateLimit`. */
export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

/** The least the work needs: what success looks like, its fewest requests, and their fastest pace. */
export interface ChurnFloor {
  /** Every create and every delete succeeds. */
  readonly successes: number;
  /** Each create and delete with its fewest calls (see {@link stepFloors}), none sent twice. */
  readonly requests: number;
  /** Those requests at the limit's pace, and never less than one change order. */
  readonly wallMs: number;
}

/** The floor of creating and deleting `templates` templates under `limit`, change orders of `changeOrderMs`. */
export function churnFloor(templates: number, limit: RateLimit, changeOrderMs: number): ChurnFloor {
  const requests = templates * (stepFloors.create + stepFloors.delete);
  // A token bucket lets `burst` requests through at once, then `requestsPerSecond`; without a
  // burst this is the count ÷ the rate.
  const paced = Math.max(0, requests - (limit.burst ?? 0));
  const rateBoundMs = (paced / limit.requestsPerSecond) * 1000;
  // However fast the sending, a create waits for its change order before its delete can start.
  return { successes: templates * 2, requests, wallMs: Math.max(rateBoundMs, changeOrderMs) };
}

const templates = 100;
const limit: RateLimit = { requestsPerSecond: 20 };
const changeOrderMs = 300;

export async function throttledChurn(report: Report): Promise<void> {
  // TODO(rate-limit): drop the intersection once EmulatorOptions has `rateLimit`.
  const options: EmulatorOptions & { rateLimit: RateLimit } = {
    changeOrderDurationMs: changeOrderMs,
    rateLimit: limit,
  };
  const emulator = await startEmulator(options);
  const host = await configuredHost(emulator).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  try {
    // Checked first, as the engine does, so checks are not part of the churn.
    const checked = await checkedTemplates(host, templates, "churn");

    emulator.clearRequests();
    let successes = 0;
    const [, wall] = await timed(() =>
      Promise.allSettled(
        checked.map(async ({ urn, inputs }) => {
          const created = await host.create(urn, inputs);
          successes++;
          await host.delete(urn, created.id, created.properties);
          successes++;
        }),
      ),
    );
    const requests = emulator.requests;
    const throttled = requests.filter((r) => r.fault?.split(",").includes("rateLimit")).length;
    const floor = churnFloor(templates, limit, changeOrderMs);
    const section = "9 throttled churn";
    const detail =
      throttled === 0
        ? "the emulator throttled nothing: no rateLimit support yet?"
        : `${throttled} throttled by the emulator`;
    report.add({
      id: "throttledChurn.successes",
      section,
      what: `creates and deletes that succeeded, ${templates} templates at ${limit.requestsPerSecond}/s`,
      detail,
      measured: { value: successes, unit: "count" },
      floor: { value: floor.successes, unit: "count", label: "all" },
      goal: { text: "all", met: successes === floor.successes },
    });
    report.add({
      id: "throttledChurn.requests",
      section,
      what: "requests sent",
      measured: { value: requests.length, unit: "calls" },
      floor: { value: floor.requests, unit: "calls" },
      extra: { throttled },
    });
    report.add({
      id: "throttledChurn.wall",
      section,
      what: "wall time",
      measured: { value: wall, unit: "ms" },
      floor: { value: floor.wallMs, unit: "ms", label: `fewest requests at ${limit.requestsPerSecond}/s` },
    });
  } finally {
    await host.stop();
    await emulator.stop();
  }
}
