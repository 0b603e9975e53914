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
import { EngineLogServer } from "../../harness/engineLog";
import { findRepoRoot, ProviderHost } from "../../harness/providerHost";
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
  license: string;
  types: string;
  main: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  peerDependencies: Record<string, string>;
  files: string[];
};

/** Every file path in the tarball, relative to the package root. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball]);
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("package/") && !line.endsWith("/"))
    .map((line) => line.slice("package/".length));
}

/**
 * The targets of a Markdown text's relative links (inline, reference definitions, HTML `href` and
 * `src`), outside fenced code, as paths from the package root without their `#anchor`.
 */
function relativeLinks(markdown: string): string[] {
  const targets: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
    }
    if (fenced) {
      continue;
    }
    for (const match of line.matchAll(
      /\]\(([^)\s]+)\)|^\s{0,3}\[[^\]]+\]:\s*(\S+)|(?:href|src)="([^"]+)"/g,
    )) {
      targets.push(match[1] ?? match[2] ?? match[3]);
    }
  }
  return targets
    .filter((target) => !target.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => posix.normalize(target.replace(/[#?].*$/, "").replace(/^\/+/, "")).replace(/\/$/, ""));
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

  it("ships the provider, the emulator, their sources, the README, the CHANGELOG, the LICENSE and the package schema, and no tests or scripts", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "schema.json",
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

  it("leaves out the plugin archives: no `files` entry reaches dist/plugins (the tests pack without them)", () => {
    const reaching = manifest.files.filter((entry) =>
      "dist/plugins/".startsWith(`${entry.replace(/\/$/, "")}/`),
    );
    expect(reaching).toEqual([]);
  });

  it("carries the Apache License 2.0 text the manifest's license names, as the repository has it", async () => {
    expect(manifest.license).toBe("Apache-2.0");
    const shipped = await readFile(join(unpacked, "package", "LICENSE"), "utf8");
    expect(shipped).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
    expect(shipped).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s/);
    expect(shipped).toContain("END OF TERMS AND CONDITIONS");
    expect(shipped).toContain("APPENDIX: How to apply the Apache License to your work.");
  });

  it("has a README whose relative links all lead to files it ships, and that still names the others", async () => {
    const packed = await readFile(join(unpacked, "package", "README.md"), "utf8");
    const leadsNowhere = (path: string): boolean =>
      !files.some((file) => file === path || file.startsWith(`${path}/`));
    expect(relativeLinks(packed).filter(leadsNowhere)).toEqual([]);
    // The repository's README links to examples and CI files the tarball leaves out; the packed one
    // gives their paths as text, so a reader still learns where they are.
    const repositoryOnly = relativeLinks(readFileSync(join(repoRoot, "README.md"), "utf8")).filter(
      leadsNowhere,
    );
    expect(repositoryOnly).toEqual(expect.arrayContaining(["examples/migration-job/README.md"]));
    for (const path of repositoryOnly) {
      expect(packed).toContain(path.replace(/\/(README\.md|index\.ts)$/, ""));
    }
  });

  it("carries the package schema as the repository has it", async () => {
    const shipped = await readFile(join(unpacked, "package", "schema.json"), "utf8");
    expect(shipped).toBe(readFileSync(join(repoRoot, "schema.json"), "utf8"));
    expect(JSON.parse(shipped)).toMatchObject({ name: "sae", version: manifest.version });
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

  it("gives the package schema by its public name, for the provider plugin and `pulumi package add`", async () => {
    const script = [
      'const path = require.resolve("pulumi-sae-job/schema.json");',
      'const where = path.split(require("node:path").sep).slice(-3).join("/");',
      "console.log(JSON.stringify({ where, name: require(path).name }));",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: project.dir });
    expect(JSON.parse(stdout)).toEqual({ where: "node_modules/pulumi-sae-job/schema.json", name: "sae" });
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

  it("puts the provider plugin on the path, served from the installed package as the engine starts it", async () => {
    const engine = await EngineLogServer.start();
    const plugin = await ProviderHost.start({
      plugin: join(project.dir, "node_modules", ".bin", "pulumi-resource-sae"),
      engineAddress: engine.address,
      cwd: project.dir,
    });
    try {
      expect(await plugin.getPluginInfo()).toBe(manifest.version);
      expect(JSON.parse(await plugin.getSchema())).toMatchObject({ name: "sae", version: manifest.version });
    } finally {
      await plugin.stop();
      await engine.stop();
    }
  });
});
