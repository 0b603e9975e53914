/**
 * Each example, copied alone out of the repository into an empty directory, installs with the
 * packed tarball, type-checks with the TypeScript it installs, and goes through up, refresh and destroy
 * against the emulator: its compiled program runs on its own `@pulumi/pulumi` (in a child process,
 * as Pulumi's language host runs it) and the provider runs in that project's dynamic-provider host.
 */
import { realpathSync } from "node:fs";
import { readFile, symlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { Engine, ProviderHost, projectProgram } from "../../harness";
import { clientFor, startEmulator } from "../support/emulatorClient";
import {
  type CommandResult,
  copyRepositoryFolder,
  npmInstall,
  packedTarball,
  removePackedTarball,
  projectTsc,
  type ScratchProject,
  scratchProject,
} from "../support/packedPackage";
import { emulatorConfig, readPulumiProject, stackConfig } from "./pulumiProject";

/** An example and the stack config it is deployed with (keys as `pulumi config set` takes them). */
interface Example {
  name: string;
  config: Record<string, string>;
  /** Inputs that come from secret config and must stay secret in the state. */
  secrets?: string[];
  /** A config change that must end in one in-place update, e.g. a `pulumi config rm`. */
  change?: { without: string; clears: string[] };
  /** JobRun resources it declares after its template; each runs once on the first up. */
  runs?: number;
}

const examples: Example[] = [
  {
    name: "scheduled-image-job",
    config: { nas: JSON.stringify({ id: "nas-1", mountHost: "nas-1.example.com", mountPath: "/mnt/r" }) },
    // `pulumi config rm nas`: the declared default {} takes over and means "no NAS".
    change: { without: "nas", clears: ["NasId", "MountHost", "MountDesc"] },
  },
  {
    name: "fatjar-nas-oss",
    config: {
      nasId: "nas-1",
      nasMountHost: "nas-1.example.com",
      ossAkId: "LTAI-oss",
      ossAkSecret: "oss-secret",
    },
    secrets: ["ossAkId", "ossAkSecret"],
  },
  { name: "python-zip", config: {} },
  { name: "http-triggered", config: {} },
  { name: "migration-job", config: {}, runs: 1 },
];

const env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };

/** An example's scratch copy, installed, with what its compiler said. */
interface Prepared {
  project: ScratchProject;
  /** The files copied out of the repository. */
  files: string[];
  /** The lines the compiler printed about this example's files. */
  diagnostics: string[];
}

const prepared = new Map<string, Prepared>();
const scratch: ScratchProject[] = [];

/** What the one compile of every example printed, and how it ended. */
let compile: CommandResult;

beforeAll(async () => {
  const tarball = await packedTarball();
  const copies = await Promise.all(
    examples.map(async ({ name }) => {
      const project = await scratchProject();
      scratch.push(project);
      const files = await copyRepositoryFolder(join("examples", name), project.dir);
      return { name, project, files };
    }),
  );
  // The examples list the same dependencies, so the first's `npm install` (the tarball replacing
  // its spec) is every example's install, and the others link its node_modules. Were they to
  // differ, the shared install would test the wrong thing: then stop here.
  const [first, ...others] = copies;
  const manifests = await Promise.all(copies.map(({ project }) => dependenciesOf(project.dir)));
  const differing = copies.filter((_, i) => JSON.stringify(manifests[i]) !== JSON.stringify(manifests[0]));
  if (differing.length > 0) {
    throw new Error(
      `examples ${differing.map((copy) => copy.name).join(", ")} list other dependencies than ` +
        `${first.name}: give every example the same ones, or install each on its own here`,
    );
  }
  await npmInstall(first.project.dir, [tarball]);
  await Promise.all(
    others.map(({ project }) =>
      symlink(join(first.project.dir, "node_modules"), join(project.dir, "node_modules"), "dir"),
    ),
  );
  // One compiler process for all five (`tsc -b`, each example built by its own tsconfig.json) reads
  // the SDK's declarations once instead of five times. Its diagnostics are the type check's, and it
  // writes each program to deploy; each line it prints names the file it is about.
  const parent = dirname(first.project.dir);
  compile = await projectTsc(
    first.project.dir,
    ["-b", ...copies.map(({ project }) => relative(parent, project.dir))],
    parent,
  );
  const printed = `${compile.stdout}${compile.stderr}`.split("\n").filter((line) => line.trim() !== "");
  for (const { name, project, files } of copies) {
    const own = printed.filter((line) => line.startsWith(`${basename(project.dir)}/`));
    prepared.set(name, { project, files, diagnostics: own });
  }
}, 600_000);

/** An example's dependencies and devDependencies, as its package.json lists them. */
async function dependenciesOf(dir: string): Promise<unknown> {
  const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  return { dependencies: manifest.dependencies, devDependencies: manifest.devDependencies };
}

afterAll(async () => {
  await Promise.all(scratch.map((project) => project.remove()));
  await removePackedTarball();
});

describe.each(examples)(
  "examples/$name, copied alone into an empty directory",
  ({ name, config, secrets, change, runs = 0 }) => {
    const dir = () => prepared.get(name)!.project.dir;

    it("is a whole Pulumi project: Pulumi.yaml, package.json, tsconfig.json, index.ts and a README", () => {
      expect(prepared.get(name)!.files).toEqual([
        "Pulumi.yaml",
        "README.md",
        "index.ts",
        "package.json",
        "tsconfig.json",
      ]);
    });

    it("type-checks with the TypeScript it installs (the compiler prints nothing about it)", () => {
      expect(prepared.get(name)!.diagnostics).toEqual([]);
      expect(compile.stdout + compile.stderr).toBe("");
      expect(compile.code).toBe(0);
    });

    it("compiles, then deploys, refreshes with no diff and is destroyed against the emulator", async () => {
      expect(prepared.get(name)!.diagnostics).toEqual([]);

      const project = readPulumiProject(dir());
      const emulator = await startEmulator();
      let host: ProviderHost | undefined;
      try {
        host = await ProviderHost.start({ projectDir: dir(), env });
        // The host is the example's own, so the provider in state loads the example's package.
        expect(host.script.startsWith(realpathSync(join(dir(), "node_modules", "@pulumi", "pulumi")))).toBe(
          true,
        );
        const engine = new Engine({
          host,
          project: project.name,
          stack: "dev",
          config: { ...emulatorConfig(emulator), ...stackConfig(project, config) },
          // As under `pulumi up`, a registration waits for its step and gets the real outputs: the
          // JobRun takes its template's appId, which is not an input.
          resolveOutputs: true,
        });
        const program = projectProgram(dir(), { entry: "bin/index.js", env });
        const client = clientFor(emulator);

        const up = await engine.up(program);
        expect(up.errors).toEqual([]);
        expect(up.steps.map((s) => s.op)).toEqual(Array(1 + runs).fill("create"));
        const appId = engine.state[0].id;
        // Each run was started once, on this template, and had succeeded when up finished.
        expect(emulator.requestsFor("ExecJob").map((r) => r.params.AppId)).toEqual(Array(runs).fill(appId));
        expect(engine.state.slice(1).map((entry) => entry.outputs.state)).toEqual(
          Array(runs).fill("succeeded"),
        );
        expect(engine.state[0].secretOutputs).toEqual(expect.arrayContaining(secrets ?? []));
        expect((await client.describeJob({ AppId: appId })).Data).toMatchObject({
          AppId: appId,
          AppName: engine.state[0].inputs.appName,
        });

        // Read back from SAE, the template matches the program: nothing to change.
        const refreshed = await engine.refresh();
        expect(refreshed.errors).toEqual([]);
        for (const step of refreshed.steps) {
          expect(step.diff).toMatchObject({ providerChanges: "none", changes: "none" });
        }

        if (change) {
          const without = { ...config };
          delete without[change.without];
          const key = `${project.name}:${change.without}`;
          engine.setConfig(key, stackConfig(project, without)[key]);
          const updated = await engine.up(program);
          expect(updated.errors).toEqual([]);
          expect(updated.steps.map((s) => s.op)).toEqual(["update"]);
          const [update] = emulator.requestsFor("UpdateJob");
          expect(Object.fromEntries(change.clears.map((param) => [param, update.params[param]]))).toEqual(
            Object.fromEntries(change.clears.map((param) => [param, ""])),
          );
        }

        const destroyed = await engine.destroy();
        expect(destroyed.errors).toEqual([]);
        expect(destroyed.steps.map((s) => s.op)).toEqual(Array(1 + runs).fill("delete"));
        expect(engine.state).toEqual([]);
        expect((await client.listJobs({})).Data.Applications).toEqual([]);
      } finally {
        await host?.stop();
        await emulator.stop();
      }
    }, 120_000);
  },
);
