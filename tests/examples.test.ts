/**
 * Every example program is valid and deploys: run once as a Pulumi program would be (loading the
 * module runs it), then taken through up, refresh and destroy against the emulator.
 */
import { join } from "node:path";
import { type SaeStack, startSaeStack } from "./support/saeStack";

const examples: [string, Record<string, string>][] = [
  [
    "scheduled-image-job",
    { nas: JSON.stringify({ id: "nas-1", mountHost: "nas-1.example.com", mountPath: "/mnt/r" }) },
  ],
  [
    "fatjar-nas-oss",
    { nasId: "nas-1", nasMountHost: "nas-1.example.com", ossAkId: "LTAI-oss", ossAkSecret: "oss-secret" },
  ],
  ["python-zip", {}],
  ["http-triggered", {}],
];

let stack: SaeStack;
afterEach(async () => {
  await stack.dispose();
});

it.each(examples)("examples/%s deploys, reads back with no diff, and is destroyed", async (name, config) => {
  stack = await startSaeStack({
    emulator: { changeOrderDurationMs: 40 },
    config: Object.fromEntries(Object.entries(config).map(([key, value]) => [`sae-test:${key}`, value])),
  });
  // Loading the module runs the program, as Pulumi's language host does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = () => void require(join(__dirname, "..", "examples", name, "index.ts"));
  const up = await stack.engine.up(program);
  expect(up.errors).toEqual([]);
  expect(up.steps.map((s) => s.op)).toEqual(["create"]);
  const appId = stack.engine.state[0].id;
  expect((await stack.client.describeJob({ AppId: appId })).Data.AppId).toBe(appId);

  // Read back from SAE, the template matches the program: nothing to change.
  const refreshed = await stack.engine.refresh();
  expect(refreshed.steps[0].diff).toMatchObject({ providerChanges: "none", changes: "none" });

  const destroyed = await stack.engine.destroy();
  expect(destroyed.errors).toEqual([]);
});
