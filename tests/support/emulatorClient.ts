/**
 * Test support: an emulator on loopback and SAE clients pointed at it.
 */
import { type Emulator, type EmulatorOptions, start } from "../../emulator";
import { SaeClient, type SaeClientOptions } from "../../provider/api/client";
import { parseEndpoint } from "../../provider/api/settings";

/** Starts an emulator with quick change orders and runs, for tests. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return start({ changeOrderDurationMs: 150, jobRunDurationMs: 150, ...options });
}

/** A client for `emulator` with its keys, near-instant retries, and any overrides. */
export function clientFor(
  emulator: Emulator,
  overrides: Partial<Omit<SaeClientOptions, "connection">> & {
    accessKeyId?: string;
    accessKeySecret?: string;
    url?: string;
  } = {},
): SaeClient {
  const { accessKeyId, accessKeySecret, url, ...options } = overrides;
  return new SaeClient({
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
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
