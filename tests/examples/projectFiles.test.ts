/**
 * Every example is a standalone Pulumi project, as in Pulumi's own examples: a Pulumi.yaml that
 * declares each config key its program reads (described, secrets marked, defaults where the
 * program has them), a package.json depending on the package, a tsconfig.json and a README.
 * The root Pulumi.yaml runs the built scheduled-image-job example, which deploys from there.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Engine, ProviderHost, projectProgram } from "../../harness";
import { findRepoRoot } from "../../harness/providerHost";
import { clientFor, startEmulator } from "../support/emulatorClient";
import { configReads, emulatorConfig, readPulumiProject, stackConfig } from "./pulumiProject";

const root = findRepoRoot();
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
};
const examples = readdirSync(join(root, "examples"));

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(root, ...path), "utf8")) as T;
}

it("has the five examples", () => {
  expect(examples.sort()).toEqual([
    "fatjar-nas-oss",
    "http-triggered",
    "migration-job",
    "python-zip",
    "scheduled-image-job",
  ]);
});

describe.each(examples)("examples/%s", (name) => {
  const dir = join(root, "examples", name);
  const project = readPulumiProject(dir);
  const reads = configReads(readFileSync(join(dir, "index.ts"), "utf8"));

  it("has a Pulumi.yaml naming a Node.js TypeScript project", () => {
    expect(project).toMatchObject({ name, runtime: { name: "nodejs", options: { typescript: true } } });
    expect(project.description).toEqual(expect.any(String));
  });

  it("declares every config key index.ts reads, described, secrets marked, defaults unless required", () => {
    expect(Object.keys(project.config).sort()).toEqual([...new Set(reads.map((r) => r.key))].sort());
    for (const read of reads) {
      const declaration = project.config[read.key];
      expect({ key: read.key, description: typeof declaration.description }).toEqual({
        key: read.key,
        description: "string",
      });
      expect({ key: read.key, secret: declaration.secret ?? false }).toEqual({
        key: read.key,
        secret: read.secret,
      });
      // Pulumi requires a declared key without a default, so only required keys may lack one.
      expect({ key: read.key, hasDefault: declaration.default !== undefined }).toEqual({
        key: read.key,
        hasDefault: !read.required,
      });
    }
    // Pulumi's config types have no object: a key read as one is declared without a type.
    const declaredType = { string: "string", boolean: "boolean", number: "integer", object: undefined };
    for (const read of reads) {
      expect({ key: read.key, type: project.config[read.key].type }).toEqual({
        key: read.key,
        type: declaredType[read.as],
      });
    }
  });

  it("has a package.json depending on the package and on the @pulumi/pulumi it supports", () => {
    const manifest = readJson<{
      name: string;
      private: boolean;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    }>("examples", name, "package.json");
    expect(manifest).toMatchObject({ name, private: true });
    expect(manifest.dependencies).toEqual({
      "@pulumi/pulumi": rootManifest.peerDependencies["@pulumi/pulumi"],
      "pulumi-sae-job": `^${rootManifest.version}`,
    });
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(["@types/node", "typescript"]);
  });

  it("has a tsconfig.json like Pulumi's TypeScript templates", () => {
    const tsconfig = readJson<{ compilerOptions: Record<string, unknown>; files: string[] }>(
      "examples",
      name,
      "tsconfig.json",
    );
    expect(tsconfig).toMatchObject({
      compilerOptions: { strict: true, outDir: "bin", module: "commonjs", moduleResolution: "node" },
      files: ["index.ts"],
    });
  });

  it("has a README with the install, the config lines and `pulumi up` on the emulator and an account", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const read of reads) {
      expect(readme).toContain(`pulumi config set ${read.secret ? "--secret " : ""}${read.key} `);
    }
    for (const line of [
      "npm install /path/to/pulumi-sae-job-",
      "npx sae-emulator",
      "SAE_ENDPOINT=http://127.0.0.1:9000",
      "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
      "pulumi config set sae:region",
      "pulumi config set --secret sae:accessKeySecret",
      "pulumi up",
    ]) {
      expect(readme).toContain(line);
    }
  });
});

describe("the root Pulumi.yaml", () => {
  const project = readPulumiProject(root);

  it("runs the built scheduled-image-job as JavaScript, with the same config declarations", () => {
    expect(project.main).toBe("dist/examples/scheduled-image-job/");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: false } });
    expect(project.config).toEqual(readPulumiProject(join(root, "examples", "scheduled-image-job")).config);
  });

  it("has a program that loads from a clone and deploys, with only the declared defaults", async () => {
    const emulator = await startEmulator();
    const env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
    const host = await ProviderHost.start({ env });
    try {
      const engine = new Engine({
        host,
        project: project.name,
        stack: "dev",
        config: { ...emulatorConfig(emulator), ...stackConfig(project, {}) },
      });
      // As the Pulumi CLI runs it: `main` loaded from the project directory, here in its own process.
      const program = projectProgram(root, { entry: project.main, env });
      const up = await engine.up(program);
      expect(up.errors).toEqual([]);
      expect(up.steps.map((s) => s.op)).toEqual(["create"]);
      const created = (await clientFor(emulator).describeJob({ AppId: engine.state[0].id })).Data;
      expect(created).toMatchObject({
        AppName: "nightly-report",
        ImageUrl: expect.stringMatching(/:1\.4\.2$/),
      });
      // The defaults mean "none": no NAS, the default namespace.
      expect(emulator.requestsFor("CreateJob")[0].params).not.toHaveProperty("NasId");
      expect(emulator.requestsFor("CreateJob")[0].params).not.toHaveProperty("NamespaceId");
      const destroyed = await engine.destroy();
      expect(destroyed.errors).toEqual([]);
    } finally {
      await host.stop();
      await emulator.stop();
    }
  });
});
