/**
 * The engine stand-in's project programs, which the example tests run: a program in its own
 * project directory runs in a child process on that project's `@pulumi/pulumi`, and the engine
 * sees what an in-process program would give it (inputs, secrets, options, config, preview mode),
 * or the program's own error.
 */
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, ProviderHost, projectProgram, runProjectProgram, UNKNOWN_VALUE } from "../../harness";
import { findRepoRoot } from "../../harness/providerHost";

/** A program that registers one dynamic resource, with a secret input and a few options from config. */
const programSource = `const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const provider = { async create(inputs) { return { id: "thing-1", outs: inputs }; } };
new pulumi.dynamic.Resource(
  provider,
  "thing",
  {
    title: config.require("title"),
    secretText: pulumi.secret("hush"),
    dryRun: pulumi.runtime.isDryRun(),
    later: pulumi.runtime.isDryRun() ? pulumi.output(pulumi.unknown) : "known",
  },
  { import: config.get("importId"), ignoreChanges: ["later"], additionalSecretOutputs: ["title"] },
);
`;

/**
 * Two dynamic resources, the second taking the first's ID and `serial`, an output that is not an
 * input (declared as `serial: undefined` so the resource has the property), made secret by
 * `additionalSecretOutputs`. With the stack config `fail: true`, creating the first one fails.
 */
const chainedSource = `const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const provider = {
  async create(inputs) {
    if (inputs.fail) throw new Error("the first resource could not be created");
    return { id: inputs.name + "-1", outs: { ...inputs, serial: "serial-of-" + inputs.name } };
  },
};
const first = new pulumi.dynamic.Resource(
  provider,
  "first",
  { name: "first", fail: config.getBoolean("fail") ?? false, serial: undefined },
  { additionalSecretOutputs: ["serial"] },
);
new pulumi.dynamic.Resource(provider, "second", { name: "second", after: first.serial, firstId: first.id });
`;

let dir: string;
let empty: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sae-job-program-"));
  empty = await mkdtemp(join(tmpdir(), "sae-job-no-sdk-"));
  // The project's node_modules: this repository's, so its @pulumi/pulumi is the program's SDK.
  await symlink(join(findRepoRoot(), "node_modules"), join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "index.js"), programSource);
  await writeFile(join(dir, "throws.js"), 'throw new Error("the program gave up");\n');
  await writeFile(join(dir, "exportsFunction.js"), `module.exports = async () => { ${programSource} };\n`);
  await writeFile(join(dir, "chained.js"), chainedSource);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

it("captures registrations with inputs as serialized, secrets and options, seeing the stack config", async () => {
  const [reg, ...others] = await runProjectProgram(projectProgram(dir), {
    project: "proj",
    stack: "dev",
    config: { "proj:title": "hello", "proj:importId": "thing-7" },
  });
  expect(others).toEqual([]);
  expect(reg).toMatchObject({
    type: "pulumi-nodejs:dynamic:Resource",
    name: "thing",
    urn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic:Resource::thing",
    inputs: {
      title: "hello",
      dryRun: false,
      later: "known",
      __provider: expect.stringContaining("exports.handler"),
    },
    secretInputs: ["secretText"],
    options: { importId: "thing-7", ignoreChanges: ["later"], additionalSecretOutputs: ["title"] },
  });
});

it("runs as a preview when asked, with unknowns as the SDK's sentinel", async () => {
  const [reg] = await runProjectProgram(projectProgram(dir), {
    preview: true,
    config: { "project:title": "t" },
  });
  expect(reg.inputs).toMatchObject({ dryRun: true, later: UNKNOWN_VALUE });
});

it("runs a module that exports a function by calling it, as Pulumi's language host does", async () => {
  const regs = await runProjectProgram(projectProgram(dir, { entry: "exportsFunction.js" }), {
    config: { "project:title": "t" },
  });
  expect(regs.map((r) => r.name)).toEqual(["thing"]);
});

it("hands the engine the program's own error", async () => {
  const host = await ProviderHost.start({ projectDir: dir });
  try {
    const engine = new Engine({ host });
    const result = await engine.up(projectProgram(dir, { entry: "throws.js" }));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(["the program gave up"]);
    expect(engine.state).toEqual([]);
    // A missing required config key is the SDK's error, as with `pulumi up`.
    const missing = await engine.up(projectProgram(dir));
    expect(missing.errors).toEqual([
      expect.stringContaining("Missing required configuration variable 'project:title'"),
    ]);
  } finally {
    await host.stop();
  }
});

describe("with resolveOutputs, the child asks the engine for each registration's answer", () => {
  let host: ProviderHost;

  beforeEach(async () => {
    host = await ProviderHost.start({ projectDir: dir });
  });

  afterEach(async () => {
    await host.stop();
  });

  it("gets real outputs in up, secrets kept secret, and unknowns in preview", async () => {
    const engine = new Engine({ host, resolveOutputs: true });
    const program = projectProgram(dir, { entry: "chained.js" });

    const preview = await engine.preview(program);
    expect(preview.errors).toEqual([]);
    const planned = preview.outputs.find((r) => r.name === "second");
    expect(planned?.outputs.after).toBe(UNKNOWN_VALUE);

    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    expect(up.steps.map((s) => [s.name, s.op, s.id])).toEqual([
      ["first", "create", "first-1"],
      ["second", "create", "second-1"],
    ]);
    expect(engine.resource("second")).toMatchObject({
      inputs: { after: "serial-of-first", firstId: "first-1" },
      secretInputs: ["after"],
    });
  });

  it("ends the run with a failed step's error, and the child does not hang", async () => {
    const engine = new Engine({ host, resolveOutputs: true, config: { "project:fail": "true" } });
    const result = await engine.up(projectProgram(dir, { entry: "chained.js", timeoutMs: 20_000 }));
    expect(result.errors).toEqual(["the first resource could not be created"]);
    expect(result.steps.map((s) => [s.name, s.op])).toEqual([["first", "create"]]);
    expect(engine.state).toEqual([]);

    // The child stopped the program and answered, rather than crashing or waiting for "second".
    const refused = runProjectProgram(projectProgram(dir, { entry: "chained.js" }), {}, async (reg) => {
      throw new Error(`no step for ${reg.name}`);
    });
    await expect(refused).rejects.toThrow("resource registration failed: Error: no step for first");
  });
});

it("says so when the project has no @pulumi/pulumi installed, for the program and for the host", async () => {
  await expect(runProjectProgram(projectProgram(empty))).rejects.toThrow(
    `no @pulumi/pulumi is installed for the project in ${empty}: run npm install there`,
  );
  await expect(ProviderHost.start({ projectDir: empty })).rejects.toThrow(
    `no @pulumi/pulumi is installed for the project in ${empty}: run npm install there`,
  );
});
