import type { SaeClient } from "../../provider/api/client";
import { productTiming, scaledTiming, type Timing } from "../../provider/api/timing";
import type { ChangeOrder } from "../../provider/api/types";
import {
  ChangeOrderError,
  changeOrderProgress,
  waitForChangeOrder,
} from "../../provider/resources/jobTemplate/changeOrders";

describe("changeOrderProgress", () => {
  it.each([
    [0, false, false, "preparing (Status 0)"],
    [1, false, false, "in progress (Status 1)"],
    [2, true, true, "succeeded (Status 2)"],
    [3, true, false, "failed (Status 3)"],
    [6, true, false, "terminated (Status 6)"],
    [8, false, false, "waiting for manual confirmation (Status 8)"],
    [10, true, false, "failed by a system error (Status 10)"],
    [11, false, false, "pending approval (Status 11)"],
    [42, false, false, "unknown state (Status 42)"],
  ])("reads Status %s", (status, done, ok, description) => {
    expect(changeOrderProgress({ Status: status })).toEqual({ done, ok, description });
  });

  it("takes the failure message from the answer or its pipelines", () => {
    expect(
      changeOrderProgress({ Status: 3, Pipelines: [{ ErrorMessage: "image pull failed" }] }).message,
    ).toBe("image pull failed");
  });
});

/** A client on `timing` (the product's schedule) whose DescribeChangeOrder answers from a recorded sequence. */
function recordedClient(answers: ChangeOrder[], timing: Timing = productTiming): SaeClient {
  let i = 0;
  const client = {
    timing,
    describeChangeOrder: async () => ({ RequestId: "r", Data: answers[Math.min(i++, answers.length - 1)] }),
    scoped: () => client,
  };
  return client as unknown as SaeClient;
}

describe("waitForChangeOrder", () => {
  const fakeTime = () => {
    let clock = 0;
    return { now: () => clock, sleep: async (ms: number) => void (clock += ms) };
  };
  const quiet = { label: "sae: t", log: () => {} };

  it("reports each new state once and resolves on success", async () => {
    const seen: string[] = [];
    const result = await waitForChangeOrder(
      recordedClient([{ Status: 0 }, { Status: 1 }, { Status: 1 }, { Status: 2 }]),
      "co-1",
      {
        timeoutMs: 60_000,
        label: 'sae: job template "t"',
        log: (line) => seen.push(line),
        ...fakeTime(),
      },
    );
    expect(result.ok).toBe(true);
    expect(seen).toEqual([
      'sae: job template "t": change order co-1: preparing (Status 0) (0.7s)',
      'sae: job template "t": change order co-1: in progress (Status 1) (1.6s)',
      'sae: job template "t": change order co-1: succeeded (Status 2) (3.5s)',
    ]);
  });

  it("polls on the client's schedule: a scaled one polls as often, in proportion", async () => {
    const sleeps = (timing?: Timing) => {
      let clock = 0;
      const slept: number[] = [];
      const answers = [...Array<ChangeOrder>(10).fill({ Status: 1 }), { Status: 2 }];
      const waited = waitForChangeOrder(recordedClient(answers, timing), "co-1", {
        timeoutMs: 600_000,
        ...quiet,
        now: () => clock,
        sleep: async (ms) => {
          slept.push(ms);
          clock += ms;
        },
      });
      return waited.then(() => slept);
    };
    const product = await sleeps();
    expect(product).toEqual([700, ...Array<number>(10).fill(950)]);
    expect(await sleeps(scaledTiming(0.05))).toEqual(product.map((ms) => ms * 0.05));
  });

  it("fails at once on a failed state, with SAE's message", async () => {
    await expect(
      waitForChangeOrder(recordedClient([{ Status: 1 }, { Status: 3, Message: "quota exceeded" }]), "co-2", {
        timeoutMs: 60_000,
        ...quiet,
        ...fakeTime(),
      }),
    ).rejects.toThrow("SAE change order co-2 ended failed (Status 3): quota exceeded");
  });

  it("times out naming the last state seen", async () => {
    const error = await waitForChangeOrder(recordedClient([{ Status: 8 }]), "co-3", {
      timeoutMs: 5000,
      ...quiet,
      ...fakeTime(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeOrderError);
    expect((error as ChangeOrderError).message).toBe(
      "SAE change order co-3 did not finish within 5s; last state: waiting for manual confirmation (Status 8)",
    );
  });
});
