/**
 * Test support: the package as a user receives it. `npm pack` of this repository (the build in
 * `dist/` that `npm test` has just made), installed into fresh projects outside the repository,
 * so what is tested is the tarball's contents and not the repository's files.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../harness/providerHost";

const run = promisify(execFile);

/** What a command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * The environment for npm in a scratch project: this process's, without what `npm test` set for
 * the repository's own run (lifecycle variables and the repository's `.npmrc` settings), so the
 * scratch install behaves as a user's would. The cache and registry stay, so packages the
 * repository's `npm ci` fetched are reused.
 */
function scratchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (!lower.startsWith("npm_") || lower === "npm_config_cache" || lower === "npm_config_registry") {
      env[key] = value;
    }
  }
  return env;
}

/** Runs npm in `cwd`; fails with what npm printed. */
export async function npm(cwd: string, args: string[]): Promise<CommandOutput> {
  try {
    return await run("npm", args, { cwd, env: scratchEnv(), maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as Partial<CommandOutput>;
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`, { cause: error });
  }
}

let tarball: Promise<string> | undefined;

/**
 * Packs the repository once per test process, as `npm pack` does for a release (its `prepack`
 * and `postpack` scripts included), and returns the tarball's path. It packs a copy of the
 * repository's files (tracked, or new and not ignored) with the `dist/` that `npm test` has just
 * built, so the scripts never touch the working tree the other tests are reading.
 */
export function packedTarball(): Promise<string> {
  tarball ??= (async () => {
    const root = findRepoRoot();
    const stage = await mkdtemp(join(tmpdir(), "sae-job-stage-"));
    const destination = await mkdtemp(join(tmpdir(), "sae-job-pack-"));
    const { stdout: listed } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const file of listed.split("\0").filter((f) => f !== "" && existsSync(join(root, f)))) {
      await cp(join(root, file), join(stage, file));
    }
    await cp(join(root, "dist"), join(stage, "dist"), { recursive: true });
    await symlink(join(root, "node_modules"), join(stage, "node_modules"), "dir");
    try {
      const { stdout } = await npm(stage, ["pack", "--json", "--pack-destination", destination]);
      // Lifecycle scripts print to stdout too; npm's JSON answer is the last thing it prints.
      const [{ filename }] = JSON.parse(stdout.slice(stdout.lastIndexOf("\n[") + 1)) as { filename: string }[];
      return join(destination, filename);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  })();
  return tarball;
}

/** A fresh directory outside the repository, removed by {@link ScratchProject.remove}. */
export interface ScratchProject {
  dir: string;
  remove(): Promise<void>;
}

/** Makes an empty project directory in the system's temp folder, with a package.json if given. */
export async function scratchProject(packageJson?: object): Promise<ScratchProject> {
  const dir = await mkdtemp(join(tmpdir(), "sae-job-project-"));
  if (packageJson) {
    await writeFile(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `npm install` as a user runs it, reusing cached packages where they are fresh. */
export function npmInstall(dir: string, packages: string[] = []): Promise<CommandOutput> {
  return npm(dir, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...packages]);
}
