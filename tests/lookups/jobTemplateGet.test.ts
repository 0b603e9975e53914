/**
 * `JobTemplate.get` through the engine: the engine sends the provider a Read for it (in a preview
 * too), the program gets the template's outputs, and Pulumi never changes or deletes it.
 */
import { Engine } from "../../harness";
import { JobTemplate } from "../../provider";
import { imageJob, type SaeStack, startSaeStack } from "../support/saeStack";
import { createOutOfBand } from "./support";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack?.dispose();
});

const withOss = {
  ...imageJob,
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss" }],
  ossAkId: "LTAI-oss-key-id",
  ossAkSecret: "oss-secret-value",
};

it("reads the template with DescribeJob, keeps it as external, and never changes or deletes it", async () => {
  const appId = await createOutOfBand(stack, withOss);
  const { engine } = stack;
  const program = () => void JobTemplate.get("shared", appId);

  const preview = await engine.preview(program);
  expect(preview.steps).toEqual([expect.objectContaining({ op: "read", id: appId })]);

  stack.emulator.clearRequests();
  const result = await engine.up(program);
  expect(result.errors).toEqual([]);
  expect(result.providerCalls).toEqual([expect.objectContaining({ operation: "Read", id: appId })]);
  expect(stack.sent("DescribeJob")).toEqual([{ AppId: appId }]);
  const [entry] = engine.state;
  expect(entry).toMatchObject({
    id: appId,
    external: true,
    outputs: {
      appId,
      appName: imageJob.appName,
      imageUrl: imageJob.imageUrl,
      ossAkSecret: "oss-secret-value",
    },
  });
  expect(entry.secretOutputs).toEqual(expect.arrayContaining(["ossAkId", "ossAkSecret"]));
  expect(engine.render(result)).not.toContain("oss-secret-value");

  expect((await engine.up(() => undefined)).steps.map((s) => s.op)).toEqual(["discard"]);
  await engine.up(program);
  expect((await engine.destroy()).steps.map((s) => s.op)).toEqual(["discard"]);
  const changes = stack.emulator.requests.filter((r) =>
    ["UpdateJob", "SuspendJob", "DeleteJob"].includes(r.action),
  );
  expect(changes).toEqual([]);
  expect((await stack.client.describeJob({ AppId: appId })).Data.AppName).toBe(imageJob.appName);
});

it("gives the program the template's outputs", async () => {
  const appId = await createOutOfBand(stack, imageJob);
  const engine = new Engine({ host: stack.host, config: stack.config, resolveOutputs: true });
  let seen: unknown;
  const result = await engine.up(() => {
    const shared = JobTemplate.get("shared", appId);
    shared.imageUrl.apply((imageUrl) => (seen = imageUrl));
  });
  expect(result.errors).toEqual([]);
  expect(seen).toBe(imageJob.imageUrl);
});

it("fails when no template has that ID", async () => {
  const result = await stack.engine.up(
    () => void JobTemplate.get("ghost", "0f1c0000-dead-beef-0000-000000000000"),
  );
  expect(result.errors).toEqual(["resource '0f1c0000-dead-beef-0000-000000000000' does not exist"]);
  expect(stack.engine.state).toEqual([]);
});
