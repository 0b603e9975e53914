/**
 * The package as published: `npm pack`'s tarball holds what a consumer needs and nothing broken,
 * and installs into an empty project outside the repository, where its entry points load, its
 * types resolve and its command runs.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";
import {
  npmInstall,
  packedTarball,
  removePackedTarball,
  type ScratchProject,
  scratchProject,
} from "../support/packedPackage";

const run = promisify(execFile);
const repoRoot = findRepoRoot();
const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  types: string;
  main: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  peerDependencies: Record<string, string>;
};

/** Every file path in the tarball, relative to the package root. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball]);
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("package/") && !line.endsWith("/"))
    .map((line) => line.slice("package/".length));
}

afterAll(removePackedTarball);

describe("the packed tarball", () => {
  let files: string[];
  let unpacked: string;

  beforeAll(async () => {
    const tarball = await packedTarball();
    files = await tarballFiles(tarball);
    unpacked = await mkdtemp(join(tmpdir(), "sae-job-unpacked-"));
    await run("tar", ["-xzf", tarball, "-C", unpacked]);
    // Packing builds the whole package: on a loaded machine it takes minutes, not seconds.
  }, 300_000);
  afterAll(() => rm(unpacked, { recursive: true, force: true }));

  it("ships the provider, the emulator, their sources and the README, and no tests or scripts", () => {
    for (const file of [
      "package.json",
      "README.md",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/dynamic.js",
      "dist/emulator/index.js",
      "dist/emulator/cli.js",
      "provider/index.ts",
      "emulator/server.ts",
    ]) {
      expect(files).toContain(file);
    }
    const stray = files.filter(
      (f) => /^(dist\/)?(tests|scripts|examples)\//.test(f) || f.endsWith(".tsbuildinfo"),
    );
    expect(stray).toEqual([]);
  });

  it("points every entry point, type and command at a file it ships", () => {
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin)];
    for (const target of Object.values(manifest.exports)) {
      targets.push(...(typeof target === "string" ? [target] : Object.values(target)));
    }
    for (const target of targets) {
      expect(files).toContain(posix.normalize(target));
    }
  });

  it("has no source map that points at a file missing from the tarball", async () => {
    const maps = files.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(join(unpacked, "package", map), "utf8")) as {
        sources: string[];
      };
      for (const source of sources) {
        const resolved = posix.normalize(posix.join(posix.dirname(map), source));
        if (!files.includes(resolved)) {
          missing.push(`${map} → ${source}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("has declarations that import only what the tarball or its dependencies hold", async () => {
    const broken: string[] = [];
    for (const declaration of files.filter((f) => f.endsWith(".d.ts"))) {
      const text = await readFile(join(unpacked, "package", declaration), "utf8");
      for (const [, specifier] of text.matchAll(/from "(\.[^"]+)"/g)) {
        const base = posix.normalize(posix.join(posix.dirname(declaration), specifier));
        if (![`${base}.d.ts`, `${base}/index.d.ts`].some((candidate) => files.includes(candidate))) {
          broken.push(`${declaration}: ${specifier}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("installed from the tarball into an empty project", () => {
  let project: ScratchProject;
  let installLog: string;

  beforeAll(async () => {
    project = await scratchProject({ name: "consumer", version: "1.0.0", private: true });
    const tarball = await packedTarball();
    const output = await npmInstall(project.dir, [tarball, "@pulumi/pulumi", "@types/node@22"]);
    installLog = output.stdout + output.stderr;
  }, 300_000);
  afterAll(() => project.remove());

  it("installs without building anything (no prepare, no TypeScript needed)", () => {
    expect(installLog).not.toMatch(/prepare|tsc -p|> pulumi-sae-job/);
    expect(
      existsSync(join(project.dir, "node_modules", "pulumi-sae-job", "dist", "provider", "index.js")),
    ).toBe(true);
    expect(existsSync(join(project.dir, "node_modules", "typescript"))).toBe(false);
  });

  it("loads every entry point by its public name", async () => {
    const script = [
      'const main = require("pulumi-sae-job");',
      'const dynamic = require("pulumi-sae-job/dynamic");',
      'const emulator = require("pulumi-sae-job/emulator");',
      "console.log(JSON.stringify({ version: main.version, template: typeof main.JobTemplate,",
      "  provider: typeof dynamic.jobTemplate.create, start: typeof emulator.start }));",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: project.dir });
    expect(JSON.parse(stdout)).toEqual({
      version: manifest.version,
      template: "function",
      provider: "function",
      start: "function",
    });
  });

  it("type-checks a program that uses the package, its declarations included", async () => {
    await writeFile(
      join(project.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "node16", target: "ES2022", noEmit: true, types: ["node"] },
        files: ["index.ts"],
      }),
    );
    await writeFile(
      join(project.dir, "index.ts"),
      [
        'import { JobTemplate, type EnvVar } from "pulumi-sae-job";',
        'import { start } from "pulumi-sae-job/emulator";',
        'const envs: EnvVar[] = [{ name: "A", value: "1" }];',
        'const job = new JobTemplate("job", { appName: "a", packageType: "Image", imageUrl: "r/i:1", replicas: 1, envs });',
        "export const appId = job.appId;",
        "export const emulator = start;",
        "",
      ].join("\n"),
    );
    // The repository's compiler, the consumer's node_modules: resolution starts at the project.
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", project.dir]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe("");
  });

  it("puts the emulator's command on the path", async () => {
    const bin = join(project.dir, "node_modules", ".bin", "sae-emulator");
    const { stdout } = await run(bin, ["--help"]);
    expect(stdout).toMatch(/^Usage: sae-emulator/);
  });
});
