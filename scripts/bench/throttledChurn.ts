/**
 * Row 9: 100 templates each created then deleted, all at once through one host, against an
 * emulator that throttles above 20 requests/s (SAE's `Throttling.User`). Success count, requests
 * sent (and the share the emulator throttled), and wall time, each against its floor: every step
 * succeeds, the fewest requests the work needs, and those requests at the limit's pace.
 *
 * The goals say how close to the floor the provider's pacing must get: at most 1.5 times the
 * requests (retries of throttled requests included) and 1.3 times the wall time.
 */
import type { RateLimit } from "../../emulator";
import { stepFloors } from "./apiCalls";
import { timed } from "./measure";
import type { Report } from "./report";
import { callSummary, checkedTemplates, configuredHost, startEmulator } from "./stack";

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
export function churnFloor(templates: number, limit: Required<RateLimit>, changeOrderMs: number): ChurnFloor {
  const requests = templates * (stepFloors.create + stepFloors.delete);
  // The emulator's bucket starts full: `burst` requests pass at once, the rest at the rate.
  const paced = Math.max(0, requests - limit.burst);
  const rateBoundMs = (paced / limit.requestsPerSecond) * 1000;
  // However fast the sending, a create waits for its change order before its delete can start.
  return { successes: templates * 2, requests, wallMs: Math.max(rateBoundMs, changeOrderMs) };
}

const templates = 100;
/** The emulator's default burst (`requestsPerSecond`), given here so the floor counts it. */
const limit: Required<RateLimit> = { requestsPerSecond: 20, burst: 20 };
const changeOrderMs = 300;
/** At most this many times the fewest requests, throttled ones included. */
const requestsGoal = 1.5;
/** At most this many times the fewest requests' time at the limit's pace. */
const wallGoal = 1.3;

export async function throttledChurn(report: Report): Promise<void> {
  const emulator = await startEmulator({ changeOrderDurationMs: changeOrderMs, rateLimit: limit });
  const host = await configuredHost(emulator).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  try {
    // Checked first, as the engine does, so checks are not part of the churn. They send nothing
    // to SAE, so the emulator's bucket is still full, as the floor takes it.
    const checked = await checkedTemplates(host, templates, "churn");

    emulator.clearRequests();
    let successes = 0;
    const [outcomes, wall] = await timed(() =>
      Promise.allSettled(
        checked.map(async ({ urn, inputs }) => {
          const created = await host.create(urn, inputs);
          successes++;
          await host.delete(urn, created.id, created.properties, inputs);
          successes++;
        }),
      ),
    );
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const requests = emulator.requests;
    const throttled = requests.filter((r) => r.fault?.split(",").includes("rateLimit"));
    const share = requests.length === 0 ? 0 : throttled.length / requests.length;
    const floor = churnFloor(templates, limit, changeOrderMs);
    const section = "9 throttled churn";

    report.add({
      id: "throttledChurn.successes",
      section,
      what: `creates and deletes that succeeded, ${templates} templates at ${limit.requestsPerSecond}/s`,
      ...(failures.length > 0 && { detail: `${failures.length} failed; first: ${failures[0]}` }),
      measured: { value: successes, unit: "count" },
      floor: { value: floor.successes, unit: "count", label: "all" },
      goal: { text: "all", met: successes === floor.successes },
    });
    report.add({
      id: "throttledChurn.requests",
      section,
      what: "requests sent",
      detail: `${throttled.length} throttled, ${(share * 100).toFixed(1)}%: ${callSummary(throttled)}`,
      measured: { value: requests.length, unit: "calls" },
      floor: { value: floor.requests, unit: "calls", label: "fewest the work needs" },
      goal: { text: `≤ ${requestsGoal}x`, met: requests.length / floor.requests <= requestsGoal },
      extra: { throttled: throttled.length, throttledShare: share, sent: callSummary(requests) },
    });
    report.add({
      id: "throttledChurn.wall",
      section,
      what: "wall time",
      measured: { value: wall, unit: "ms" },
      floor: {
        value: floor.wallMs,
        unit: "ms",
        label: `fewest requests at ${limit.requestsPerSecond}/s after a burst of ${limit.burst}`,
      },
      goal: { text: `≤ ${wallGoal}x`, met: wall / floor.wallMs <= wallGoal },
    });
  } finally {
    await host.stop();
    await emulator.stop();
  }
}
