/**
 * Secrets stay secret: OSS keys are secret outputs (also after a refresh), never sent in a URL,
 * never printed; credentials are not captured in the serialized provider, which stays small.
 */
import { runProgram } from "../../harness";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

const withOss = {
  ...imageJob,
  ossMountDescs: [{ bucketName: "bucket", bucketPath: "data/", mountPath: "/mnt/oss" }],
  ossAkId: "LTAI-oss-key-id",
  ossAkSecret: "oss-secret-value",
};

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack.dispose();
});

it("marks the OSS keys secret in state, also after a refresh, and masks them in the transcript", async () => {
  const { engine } = stack;
  const result = await engine.up(template(withOss));
  expect(result.errors).toEqual([]);
  expect(engine.state[0].secretOutputs).toEqual(expect.arrayContaining(["ossAkId", "ossAkSecret"]));
  expect(engine.state[0].outputs.ossAkSecret).toBe("oss-secret-value");
  const inputsBefore = engine.state[0].inputs;
  await engine.refresh();
  expect(engine.state[0].secretOutputs).toEqual(expect.arrayContaining(["ossAkId", "ossAkSecret"]));
  // A refresh takes in outputs only: the inputs (and how the program marked them) stay as they were.
  expect(engine.state[0].inputs).toEqual(inputsBefore);
  const transcript = engine.transcript.join("\n");
  expect(transcript).toContain("ossAkSecret");
  expect(transcript).not.toContain("oss-secret-value");
});

it("never puts a secret in a URL or in what the provider prints", async () => {
  const { engine, emulator, host } = stack;
  await engine.up(template(withOss));
  await engine.up(template({ ...withOss, ossAkSecret: "rotated-secret-value" }));
  expect(stack.sent("UpdateJob")[0]).toMatchObject({ OssAkSecret: "rotated-secret-value" });
  for (const request of emulator.requests) {
    expect(JSON.stringify(request.query)).not.toMatch(/secret-value|sae-secret|emulator-secret/);
    expect(JSON.stringify(request.headers)).not.toMatch(/secret-value/);
  }
  expect(host.output.join("\n")).not.toMatch(/secret-value|emulator-secret/);
});

it("serializes a small provider that holds no configuration or credentials", async () => {
  const [registration] = await runProgram(template(withOss), {
    config: { "sae:accessKeyId": "LTAI-config-key", "sae:accessKeySecret": "config-secret-value" },
  });
  const text = registration.inputs.__provider as string;
  // A few KB at most: it is stored with every JobTemplate in state.
  expect(text.length).toBeLessThan(4096);
  expect(text).not.toMatch(/config-secret-value|LTAI-config-key|oss-secret-value/);
  // It loads the implementation at run time instead of carrying it.
  expect(text).toContain("pulumi-sae-job/dynamic");
  console.log(`serialized provider: ${text.length} bytes`);
});
