/**
 * Every example is a standalone Pulumi project, as in Pulumi's own examples. A TypeScript one has a
 * Pulumi.yaml that declares each config key its program reads (described, secrets marked, defaults
 * where the program has them), a package.json depending on the package, a tsconfig.json and a
 * README. Its twins in Python, Go, C# and YAML (`<name>-python`, `-go`, `-csharp`, `-yaml`) declare
 * what the TypeScript one declares, read those keys, export the same outputs in their language's
 * case, name the `sae` package in Pulumi.yaml's `packages:` as `pulumi package add` records it, link
 * the SDK it generates as it links it (requirements.txt, a go.mod `replace`, a .csproj reference),
 * and say in their README how to install the plugin and SDK and run `pulumi up` on the emulator and
 * on an account. What their programs send is checked against the schema in polyglot.test.ts.
 * The root Pulumi.yaml runs the built scheduled-image-job example, which deploys from there.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Engine, ProviderHost, projectProgram } from "../../harness";
import { findRepoRoot } from "../../harness/providerHost";
import { clientFor, startEmulator } from "../support/emulatorClient";
import {
  configKeysRead,
  configReads,
  emulatorConfig,
  exportedNames,
  isTypeScriptProject,
  readPulumiProject,
  stackConfig,
} from "./pulumiProject";

const root = findRepoRoot();
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
};
const examples = readdirSync(join(root, "examples")).sort();
const typescriptExamples = examples.filter((name) => isTypeScriptProject(join(root, "examples", name)));
const schema = JSON.parse(readFileSync(join(root, "schema.json"), "utf8")) as {
  version: string;
  language: { go: { importBasePath: string }; csharp: { rootNamespace: string } };
};

/** The twins of each TypeScript example, by language: folder suffix, runtime and program file. */
const twins = {
  python: {
    runtime: { name: "python", options: { toolchain: "pip", virtualenv: "venv" } },
    program: "__main__.py",
  },
  go: { runtime: "go", program: "main.go" },
  csharp: { runtime: "dotnet", program: "Program.cs" },
  yaml: { runtime: "yaml", program: "Pulumi.yaml" },
} as const;
type Language = keyof typeof twins;
const twinned = ["migration-job", "scheduled-image-job"];
const polyglotExamples = twinned.flatMap((base) =>
  (Object.keys(twins) as Language[]).map((language) => ({ name: `${base}-${language}`, base, language })),
);

/**
 * Config keys a YAML twin leaves out, with the reason: Pulumi YAML has no conditionals, so what the
 * TypeScript program makes optional is fixed at its default there (its README says so).
 */
const leftOutOfYaml: Record<string, string[]> = {
  "scheduled-image-job-yaml": ["collectLogs", "namespaceId", "nas"],
};

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(root, ...path), "utf8")) as T;
}

it("has the five TypeScript examples, and two of them in Python, Go, C# and YAML", () => {
  expect(typescriptExamples).toEqual([
    "fatjar-nas-oss",
    "http-triggered",
    "migration-job",
    "python-zip",
    "scheduled-image-job",
  ]);
  expect(examples.filter((name) => !typescriptExamples.includes(name))).toEqual(
    polyglotExamples.map(({ name }) => name).sort(),
  );
});

describe.each(typescriptExamples)("examples/%s", (name) => {
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

describe.each(polyglotExamples)("examples/$name", ({ name, base, language }) => {
  const dir = join(root, "examples", name);
  const twinDir = join(root, "examples", base);
  const project = readPulumiProject(dir);
  const twin = readPulumiProject(twinDir);
  const program = readFileSync(join(dir, twins[language].program), "utf8");
  const leftOut = leftOutOfYaml[name] ?? [];

  it("has a Pulumi.yaml with its name, the TypeScript twin's description and its language's runtime", () => {
    expect(project).toMatchObject({ name, description: twin.description });
    expect(project.runtime).toEqual(twins[language].runtime);
  });

  it("names the sae package in `packages:` as `pulumi package add sae@<version>` records it", () => {
    expect(schema.version).toBe(rootManifest.version);
    expect(project.packages).toEqual({ sae: `sae@${rootManifest.version}` });
  });

  it("declares the TypeScript twin's config keys as it does, and reads each", () => {
    const expected = Object.fromEntries(
      Object.entries(twin.config).filter(([key]) => !leftOut.includes(key)),
    );
    expect(project.config).toEqual(expected);
    expect(configKeysRead(program, language)).toEqual(Object.keys(expected).sort());
  });

  it("exports what the TypeScript twin exports, in its language's case", () => {
    const names = exportedNames(readFileSync(join(twinDir, "index.ts"), "utf8"), "typescript");
    const snakeCase = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    expect(exportedNames(program, language)).toEqual(
      (language === "python" ? names.map(snakeCase) : names).sort(),
    );
  });

  it("has its language's files, linking the SDK that `pulumi package add` generates into sdks/sae", () => {
    const files = readdirSync(dir).sort();
    const importBasePath = schema.language.go.importBasePath;
    const assembly = `${schema.language.csharp.rootNamespace}.Sae`;
    switch (language) {
      case "python":
        expect(files).toEqual(["Pulumi.yaml", "README.md", "__main__.py", "requirements.txt"]);
        expect(readFileSync(join(dir, "requirements.txt"), "utf8").split("\n")).toEqual([
          `pulumi>=${rootManifest.peerDependencies["@pulumi/pulumi"].replace(/^\^/, "")},<4.0.0`,
          "sdks/sae",
          "",
        ]);
        break;
      case "go": {
        expect(files).toEqual(["Pulumi.yaml", "README.md", "go.mod", "main.go"]);
        const goMod = readFileSync(join(dir, "go.mod"), "utf8");
        // The SDK's module is the import path's parent, as the Go language host's Link computes it.
        const modulePath = importBasePath.slice(0, importBasePath.lastIndexOf("/"));
        expect(goMod).toContain(`module ${name}\n`);
        expect(goMod).toContain(`replace ${modulePath} => ./sdks/sae\n`);
        expect(goMod).toContain(`\t${modulePath} v0.0.0-00010101000000-000000000000\n`);
        break;
      }
      case "csharp": {
        expect(files).toEqual(["Program.cs", "Pulumi.yaml", "README.md", `${name}.csproj`]);
        const csproj = readFileSync(join(dir, `${name}.csproj`), "utf8");
        expect(csproj).toContain(`<ProjectReference Include="sdks\\sae\\${assembly}.csproj" />`);
        expect(csproj).toContain('<PackageReference Include="Pulumi" Version="3.*" />');
        expect(csproj).toContain(
          "<DefaultItemExcludes>$(DefaultItemExcludes);sdks/**/*.cs</DefaultItemExcludes>",
        );
        break;
      }
      case "yaml":
        expect(files).toEqual(["Pulumi.yaml", "README.md"]);
        break;
    }
  });

  it("has a README with the plugin, the SDK, the config lines and `pulumi up` on the emulator and an account", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const key of Object.keys(project.config)) {
      expect(readme).toContain(`pulumi config set ${key} `);
    }
    for (const line of [
      `pulumi plugin install resource sae ${rootManifest.version} --file pulumi-resource-sae-v${rootManifest.version}-linux-amd64.tar.gz`,
      ...(language === "yaml" ? [] : ["pulumi install"]),
      "pulumi config set sae:endpoint http://127.0.0.1:9000",
      "pulumi config set sae:accessKeyId emulator-key",
      "pulumi config set --secret sae:accessKeySecret emulator-secret",
      "pulumi config set sae:region",
      "ALICLOUD_ACCESS_KEY=",
      "pulumi up",
      `(../${base})`,
      ...leftOut.map((key) => `\`${key}\``),
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
