/**
 * Preview fails on every provider-configuration mistake that needs no network to be found: the
 * check of both JobTemplate and JobRun reports it, naming the setting and the form to write,
 * beside the resource's own input failures, and nothing reaches SAE. "No region and no endpoint"
 * is a mistake only for a resource that names no region of its own.
 */
import type { Emulator } from "../../emulator";
import { Engine, ProviderHost } from "../../harness";
import { JobRun, JobTemplate } from "../../provider";
import { startEmulator } from "../support/emulatorClient";
import { configMistakes, validConfig } from "../support/configMistakes";
import { imageJob } from "../support/saeStack";

let emulator: Emulator;
const hosts: ProviderHost[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  emulator.clearRequests();
});
afterAll(async () => {
  await emulator?.stop();
});

/** An engine whose provider host runs with `env` and is configured with `config`. */
async function engineWith(config: Record<string, string>, env: Record<string, string> = {}): Promise<Engine> {
  const host = await ProviderHost.start({ env });
  hosts.push(host);
  return new Engine({ host, project: "sae-test", stack: "dev", config });
}

const templateProgram = (regionId?: string) => () => {
  new JobTemplate("job", { ...imageJob, regionId });
};
const runProgram = (regionId?: string) => () => {
  new JobRun("run", { appId: "0f1c0000-0000-0000-0000-000000000001", regionId });
};

/** The names of the mistakes, for the tests' titles (the emulator's address is not known yet). */
const mistakeNames = configMistakes({ url: "http://127.0.0.1:1", accessKeyId: "", accessKeySecret: "" }).map(
  (mistake) => mistake.name,
);

it.each(mistakeNames)(
  "fails the preview on %s, for JobTemplate and JobRun, before any call",
  async (name) => {
    const mistake = configMistakes(emulator).find((m) => m.name === name)!;
    const engine = await engineWith(mistake.config, mistake.env);
    for (const program of [templateProgram(), runProgram()]) {
      const result = await engine.preview(program);
      expect(result.ok).toBe(false);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toBe(`one or more inputs failed to validate:\n  ${mistake.message}`);
    }
    expect(emulator.requests).toEqual([]);
  },
);

it("previews a valid configuration as before, with no call", async () => {
  const engine = await engineWith(validConfig(emulator));
  for (const program of [templateProgram(), runProgram()]) {
    const result = await engine.preview(program);
    expect(result.errors).toEqual([]);
    expect(result.steps.map((step) => step.op)).toEqual(["create"]);
  }
  expect(emulator.requests).toEqual([]);
});

it("reports every setting at fault at once, beside the resource's own input failures", async () => {
  const engine = await engineWith({
    ...validConfig(emulator),
    "sae:endpoint": "localhost:9000",
    "sae:region": "cn_hangzhou",
    "sae:changeOrderTimeout": "1h",
  });
  const result = await engine.preview(() => {
    new JobTemplate("job", { ...imageJob, appName: "9lives" });
  });
  expect(result.ok).toBe(false);
  const lines = result.errors.join("\n").split("\n");
  expect(lines[0]).toBe("one or more inputs failed to validate:");
  expect(lines[1]).toMatch(/^ {2}appName: must start with a letter/);
  expect(lines.slice(2)).toEqual([
    '  stack config sae:endpoint is "localhost:9000", which has no scheme: write it as http://localhost:9000 ' +
      "(http:// only for loopback hosts such as the local emulator, https:// for anything else).",
    '  stack config sae:region is "cn_hangzhou", which is not a region ID: write it as cn-hangzhou.',
    '  stack config sae:changeOrderTimeout is "1h", which is not a whole number of seconds, at least 1: ' +
      "write it as 3600.",
  ]);
  expect(emulator.requests).toEqual([]);
});

it("needs no stack region or endpoint for a resource that names its own region", async () => {
  const { "sae:endpoint": _endpoint, ...keysOnly } = validConfig(emulator);
  const engine = await engineWith(keysOnly);
  for (const program of [templateProgram("cn-beijing"), runProgram("cn-beijing")]) {
    const result = await engine.preview(program);
    expect(result.errors).toEqual([]);
    expect(result.steps.map((step) => step.op)).toEqual(["create"]);
  }
  expect((await engine.preview(templateProgram())).errors.join("\n")).toContain(
    "No SAE region is configured",
  );
  expect(emulator.requests).toEqual([]);
});
