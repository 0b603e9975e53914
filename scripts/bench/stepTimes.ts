/**
 * Row 1b: the time of create, update, read and delete through the host, against a bare client
 * making the same SAE calls: the provider's and the host's own overhead. Change orders end at
 * once here, so waiting does not hide it.
 */
import { runProgram, type PropertyMap } from "../../harness";
import type { SaeClient } from "../../provider/api/client";
import { JobTemplate, type JobTemplateArgs } from "../../provider";
import { timed } from "./measure";
import type { Report } from "./report";
import { benchClient, callSummary, configuredHost, largeTemplate, startEmulator, templateUrn } from "./stack";

export async function stepTimes(report: Report): Promise<void> {
  const emulator = await startEmulator({ changeOrderDurationMs: 0 });
  const host = await configuredHost(emulator).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  try {
    const client = benchClient(emulator);
    // The engine's own calls without the program run: Check, then Create/Update/Read/Delete.
    const urn = templateUrn("bench");
    const checkedInputs = async (args: JobTemplateArgs) => {
      const [registration] = await runProgram(() => void new JobTemplate("bench", args));
      return (await host.check(urn, {}, registration.inputs)).inputs;
    };
    const created = await checkedInputs(largeTemplate);
    const updated = await checkedInputs({
      ...largeTemplate,
      replicas: 3,
      nasId: undefined,
      mountHost: undefined,
      mountDesc: undefined,
    });

    const measure = async (what: string, run: () => Promise<unknown>, bare: () => Promise<unknown>) => {
      emulator.clearRequests();
      const [, viaProvider] = await timed(run);
      const detail = callSummary(emulator.requests);
      const [, direct] = await timed(bare);
      report.add({
        id: `stepTime.${what.toLowerCase()}`,
        section: "1b step time",
        what: `${what} through the host, 0 s change order`,
        detail,
        measured: { value: viaProvider, unit: "ms" },
        floor: { value: direct, unit: "ms", label: "bare client, same calls" },
      });
    };

    let id = "";
    let outputs: PropertyMap = {};
    let bareId = "";
    await measure(
      "Create",
      async () => ({ id, properties: outputs } = await host.create(urn, created)),
      async () => {
        const started = await client.createJob({
          AppName: "bench-bare",
          PackageType: "Image",
          ImageUrl: "x",
          Replicas: 1,
        });
        bareId = started.Data.AppId;
        await untilDone(client, started.Data.ChangeOrderId);
        await client.describeJob({ AppId: bareId });
      },
    );
    await measure(
      "Update",
      async () => ({ properties: outputs } = await host.update(urn, id, outputs, updated)),
      async () => {
        const started = await client.updateJob({
          AppId: bareId,
          Replicas: 3,
          NasId: "",
          MountHost: "",
          MountDesc: "",
        });
        await untilDone(client, started.Data.ChangeOrderId);
        await client.describeJob({ AppId: bareId });
      },
    );
    await measure(
      "Read",
      () => host.read(urn, id, outputs),
      () => client.describeJob({ AppId: bareId }),
    );
    await measure(
      "Delete",
      () => host.delete(urn, id, outputs),
      async () => {
        await client.deleteJob({ AppId: bareId });
        await client.describeJob({ AppId: bareId }).catch(() => undefined);
      },
    );
  } finally {
    await host.stop();
    await emulator.stop();
  }
}

async function untilDone(client: SaeClient, changeOrderId: string): Promise<void> {
  for (;;) {
    if ((await client.describeChangeOrder({ ChangeOrderId: changeOrderId })).Data.Status === 2) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
