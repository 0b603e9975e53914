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

it("says so when the project has no @pulumi/pulumi installed, for the program and for the host", async () => {
  await expect(runProjectProgram(projectProgram(empty))).rejects.toThrow(
    `no @pulumi/pulumi is installed for the project in ${empty}: run npm install there`,
  );
  await expect(ProviderHost.start({ projectDir: empty })).rejects.toThrow(
    `no @pulumi/pulumi is installed for the project in ${empty}: run npm install there`,
  );
});
