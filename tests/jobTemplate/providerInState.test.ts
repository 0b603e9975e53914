/**
 * The provider text each resource stores in state: small, free of configuration, and old texts keep
 * working. A stack written by 0.1.0 holds that version's `__provider` (a saved copy is in
 * tests/fixtures), and the engine runs it from state at refresh and destroy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { JobTemplate } from "../../provider";
import { runProgram } from "../../harness";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

const provider010 = readFileSync(join(__dirname, "..", "fixtures", "jobTemplate-provider-0.1.0.txt"), "utf8");

let stack: SaeStack;
afterEach(async () => {
  await stack?.dispose();
});

it("is at most 1 KB as a program writes it, and holds no configuration or credentials", async () => {
  const [registration] = await runProgram(template(imageJob), {
    config: { "sae:accessKeyId": "LTAI-key-id", "sae:accessKeySecret": "very-secret" },
  });
  const text = String(registration.inputs.__provider);
  expect(text.length).toBeLessThanOrEqual(1024);
  expect(text.length).toBeLessThan(provider010.length / 2);
  expect(text).toContain('"pulumi-sae-job/dynamic").jobTemplate');
  expect(text).not.toMatch(/LTAI-key-id|very-secret|127\.0\.0\.1/);
});

it("refreshes and destroys a template whose state was written by 0.1.0", async () => {
  stack = await startSaeStack();
  const { host, emulator } = stack;
  const created = await stack.engine.up(template(imageJob));
  expect(created.errors).toEqual([]);
  const [entry] = stack.engine.state;
  // The same resource as 0.1.0 wrote it: its provider text in inputs and outputs.
  const inputs = { ...entry.inputs, __provider: provider010 };
  const outputs = { ...entry.outputs, __provider: provider010 };

  emulator.clearRequests();
  const read = await host.read(entry.urn, entry.id, outputs, inputs);
  expect(read.id).toBe(entry.id);
  expect(read.properties).toMatchObject({ appId: entry.id, appName: imageJob.appName, replicas: 1 });
  expect(emulator.requestsFor("DescribeJob")).toHaveLength(1);

  await host.delete(entry.urn, entry.id, outputs, inputs);
  expect(emulator.requestsFor("DeleteJob").map((r) => r.params.AppId)).toEqual([entry.id]);
  await expect(stack.client.describeJob({ AppId: entry.id })).rejects.toMatchObject({ status: 404 });
});

it("is a Pulumi dynamic resource, as a program may check", async () => {
  let created: unknown;
  await runProgram(() => {
    created = new JobTemplate("job", imageJob);
  });
  expect(created).toBeInstanceOf(pulumi.dynamic.Resource);
  expect(created).toBeInstanceOf(pulumi.CustomResource);
  expect(pulumi.CustomResource.isInstance(created)).toBe(true);
});
