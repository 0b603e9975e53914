/**
 * Rows 4 and 7: 50 templates created at once through one host, each waiting on a change order of
 * fixed length L. The floor of the time is L itself (no create can finish before its change order
 * does; all can finish together). And the host's memory afterwards, against the same host idle
 * after start.
 *
 * The creates go to the host directly, concurrently: the engine stand-in runs steps one at a time,
 * while `pulumi up` runs independent resources in parallel.
 */
import { hostPid, rssBytes } from "./hostProcess";
import { median, timed } from "./measure";
import type { Report } from "./report";
import { callSummary, checkedTemplates, configuredHost, startEmulator } from "./stack";
import { stepFloors } from "./apiCalls";

const templates = 50;
const changeOrderMs = 2000;
/** The memory goal: after the creates, at most this many times the idle host's. */
const rssGoal = 1.2;

export async function concurrentCreates(report: Report): Promise<void> {
  const emulator = await startEmulator({ changeOrderDurationMs: changeOrderMs });
  const host = await configuredHost(emulator).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  try {
    const pid = hostPid(host);
    const idle = rssBytes(pid);
    const checked = await checkedTemplates(host, templates, "job");
    const loaded = rssBytes(pid);

    emulator.clearRequests();
    const [perCreate, wall] = await timed(() =>
      Promise.all(checked.map(async ({ urn, inputs }) => (await timed(() => host.create(urn, inputs)))[1])),
    );
    const after = rssBytes(pid);
    const requests = emulator.requests;

    const L = { value: changeOrderMs, unit: "ms", label: "L" } as const;
    report.add({
      id: "concurrentCreates.wall",
      section: "4 50 creates",
      what: `wall time of ${templates} concurrent creates, one host`,
      measured: { value: wall, unit: "ms" },
      floor: L,
    });
    report.add({
      id: "concurrentCreates.perCreate",
      section: "4 50 creates",
      what: "time per create, median",
      detail: `slowest ${(Math.max(...perCreate) / 1000).toFixed(2)} s`,
      measured: { value: median(perCreate), unit: "ms" },
      floor: L,
      extra: { maxMs: Math.max(...perCreate), minMs: Math.min(...perCreate) },
    });
    report.add({
      id: "concurrentCreates.calls",
      section: "4 50 creates",
      what: "SAE calls of the 50 creates",
      detail: callSummary(requests),
      measured: { value: requests.length, unit: "calls" },
      floor: { value: templates * stepFloors.create, unit: "calls" },
    });
    const ratio = after !== null && idle !== null ? after / idle : null;
    report.add({
      id: "hostRss.after50Creates",
      section: "7 host RSS",
      what: `host RSS after ${templates} creates`,
      detail:
        loaded === null ? "no /proc" : `${(loaded / 1024 / 1024).toFixed(1)} MiB once the provider loaded`,
      measured: { value: after, unit: "bytes" },
      floor: { value: idle, unit: "bytes", label: "idle after start" },
      ...(ratio !== null && { goal: { text: `≤ ${rssGoal}x`, met: ratio <= rssGoal } }),
      ...(loaded !== null && { extra: { providerLoadedBytes: loaded } }),
    });
    // What the creates themselves leave behind: the same host, idle with the provider loaded.
    report.add({
      id: "hostRss.after50CreatesVsLoaded",
      section: "7 host RSS",
      what: `host RSS after ${templates} creates, against the host idle with the provider loaded`,
      measured: { value: after, unit: "bytes" },
      floor: { value: loaded, unit: "bytes", label: "idle, provider loaded" },
    });
  } finally {
    await host.stop();
    await emulator.stop();
  }
}
