/**
 * Row 5: how long after a change order ends the provider notices, for several lengths L. The
 * emulator knows when it ends (created + L); the provider notices with the DescribeChangeOrder
 * that sees Status 2, its last poll of that change order, and the step finishes a little later.
 * The target: a change order ending at L is noticed by max(L + 1 s, 1.1 L) after it started.
 */
import type { Emulator, RecordedRequest } from "../../emulator";
import { formatMs } from "./measure";
import type { Report } from "./report";
import { benchClient, smallTemplate, startStack, templateProgram } from "./stack";

/** Lengths to try: quick, the emulator's default, a slow one, one long enough to reach slow polling. */
const lengthsMs = [300, 1500, 5000, 12000];

/** By when, after it started, a change order of length `L` should be noticed. */
export function noticeBoundMs(L: number): number {
  return Math.round(Math.max(L + 1000, 1.1 * L));
}

export async function noticeDelay(report: Report): Promise<void> {
  for (const L of lengthsMs) {
    const stack = await startStack({ changeOrderDurationMs: L });
    try {
      const result = await stack.engine.up(templateProgram(smallTemplate));
      // Same process, same clock as the emulator's timestamps.
      const stepDone = Date.now();
      if (!result.ok) {
        throw new Error(`bench create with a ${L} ms change order failed: ${result.errors.join("; ")}`);
      }
      const polls = stack.emulator.requestsFor("DescribeChangeOrder");
      const lastPoll = polls.at(-1);
      if (lastPoll === undefined) {
        throw new Error("the provider never polled its change order");
      }
      const createdAt = await changeOrderStart(stack.emulator, lastPoll);
      const ends = createdAt + L;
      const delay = Date.parse(lastPoll.time) - ends;
      const bound = noticeBoundMs(L);
      report.add({
        id: `noticeDelay.${L}ms`,
        section: "5 notice delay",
        what: `change order of ${formatMs(L)} noticed after its end`,
        detail: `${polls.length} polls; step done +${formatMs(stepDone - ends)}`,
        measured: { value: delay, unit: "ms" },
        floor: { value: L, unit: "ms", label: "L" },
        goal: {
          text: `by max(L + 1 s, 1.1 L) = ${formatMs(bound)}, got ${formatMs(L + delay)}`,
          met: L + delay <= bound,
        },
        extra: { polls: polls.length, stepDelayMs: stepDone - ends, boundMs: bound },
      });
    } finally {
      await stack.dispose();
    }
  }
}

/** When the polled change order was created (epoch ms), as the emulator reports it: its pipeline's start. */
async function changeOrderStart(emulator: Emulator, poll: RecordedRequest): Promise<number> {
  const order = await benchClient(emulator).describeChangeOrder({ ChangeOrderId: poll.params.ChangeOrderId });
  const started = Number(order.Data.Pipelines?.[0]?.StartTime);
  if (!Number.isFinite(started)) {
    throw new Error("the emulator's change order has no pipeline StartTime");
  }
  return started;
}
