/**
 * Test support: an emulator on loopback and SAE clients pointed at it.
 */
import { type Emulator, type EmulatorOptions, start } from "../../emulator";
import { SaeClient, type SaeClientOptions } from "../../provider/api/client";
import { parseEndpoint } from "../../provider/api/settings";

/**
 * Starts an emulator with quick change orders and runs, for tests: 20 ms, over before the
 * provider's first poll on the tests' schedule (35 ms, see setup-env.ts). A test that needs one
 * still going while something happens makes it open-ended and ends it itself (an Infinity
 * `changeOrderDuration` or `jobRunDuration` fault, `finishChangeOrder`, `finishRun`).
 */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return start({ changeOrderDurationMs: 20, jobRunDurationMs: 20, ...options });
}

/**
 * A client for `emulator` with its keys, near-instant retries (a busy template retried every
 * 2 ms as well), and any overrides; `retry` overrides are merged into those.
 */
export function clientFor(
  emulator: Emulator,
  overrides: Partial<Omit<SaeClientOptions, "connection">> & {
    accessKeyId?: string;
    accessKeySecret?: string;
    url?: string;
  } = {},
): SaeClient {
  const { accessKeyId, accessKeySecret, url, retry, ...options } = overrides;
  return new SaeClient({
    ...options,
    retry: { baseDelayMs: 1, maxDelayMs: 5, pace: { minGapMs: 2, gapShare: 0.1 }, ...retry },
    connection: {
      endpoint: parseEndpoint(url ?? emulator.url, "test endpoint"),
      credentials: {
        kind: "static",
        accessKeyId: accessKeyId ?? emulator.accessKeyId,
        accessKeySecret: accessKeySecret ?? emulator.accessKeySecret,
        source: "test",
      },
    },
  });
}

/** Waits until a change order started outside the provider (by a test's own client) has succeeded. */
export async function changeOrderDone(client: SaeClient, changeOrderId: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await client.describeChangeOrder({ ChangeOrderId: changeOrderId })).Data.Status === 2) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`change order ${changeOrderId} did not finish`);
}
