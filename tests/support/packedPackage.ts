/**
 * Test support: the package as a user receives it. `npm pack` of this repository (the build in
 * `dist/` that `npm test` has just made), installed into fresh projects outside the repository,
 * so what is tested is the tarball's contents and not the repository's files.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";
import { sharedFolderVariable } from "./runFolder";

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
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`, {
      cause: error,
    });
  }
}

let tarball: Promise<string> | undefined;

/**
 * Packs the repository once per test run, as `npm pack` does for a release (its `prepack` and
 * `postpack` scripts included), and returns the tarball's path. It packs a copy of the
 * repository's files (tracked, or new and not ignored) with the `dist/` that `npm test` has just
 * built, so the scripts never touch the working tree the other tests are reading.
 *
 * Every test file that needs the tarball shares one: the first to ask packs it into the run's
 * shared folder (see `globalSetup.ts`), the others wait for it there. Outside a Jest run with that
 * folder, each test process packs its own.
 */
export function packedTarball(): Promise<string> {
  const shared = process.env[sharedFolderVariable];
  tarball ??= shared === undefined ? pack(undefined) : sharedTarball(shared);
  return tarball;
}

/** The tarball in the run's shared folder: packed here if no other test process has begun to. */
async function sharedTarball(shared: string): Promise<string> {
  const done = join(shared, "tarball.json");
  try {
    await mkdir(join(shared, "tarball.lock"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw error;
    }
    return packedElsewhere(done);
  }
  let outcome: { path?: string; error?: string };
  try {
    outcome = { path: await pack(shared) };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  await writeFile(`${done}.tmp`, JSON.stringify(outcome));
  await rename(`${done}.tmp`, done);
  if (outcome.error !== undefined) {
    throw new Error(outcome.error);
  }
  return outcome.path!;
}

/** Waits for the test process that packs to say how it went (it writes `done` once). */
async function packedElsewhere(done: string): Promise<string> {
  for (;;) {
    const text = await readFile(done, "utf8").catch(() => undefined);
    if (text !== undefined) {
      const outcome = JSON.parse(text) as { path?: string; error?: string };
      if (outcome.error !== undefined) {
        throw new Error(`packing the tarball failed in another test file: ${outcome.error}`);
      }
      return outcome.path!;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `npm pack` of a staged copy of the repository, into `into` (a new folder when undefined). */
async function pack(into: string | undefined): Promise<string> {
  const root = findRepoRoot();
  const stage = await mkdtemp(join(tmpdir(), "sae-job-stage-"));
  const destination = into ?? (await mkdtemp(join(tmpdir(), "sae-job-pack-")));
  await copyRepositoryFolder(".", stage);
  // The plugin archives (dist/plugins, `npm run plugin:archives`) are no part of the package.
  const archives = join(root, "dist", "plugins");
  await cp(join(root, "dist"), join(stage, "dist"), { recursive: true, filter: (from) => from !== archives });
  await symlink(join(root, "node_modules"), join(stage, "node_modules"), "dir");
  try {
    const { stdout } = await npm(stage, ["pack", "--json", "--pack-destination", destination]);
    // Lifecycle scripts print to stdout too; npm's JSON answer is the last thing it prints.
    const [{ filename }] = JSON.parse(stdout.slice(stdout.lastIndexOf("\n[") + 1)) as {
      filename: string;
    }[];
    return join(destination, filename);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * Removes the tarball {@link packedTarball} made, and its folder, unless it is the run's shared
 * one (the global teardown removes that). A test file that packs calls it in `afterAll` (Jest
 * gives each file its own `process` object, so an exit hook would never run).
 */
export async function removePackedTarball(): Promise<void> {
  if (tarball) {
    const made = await tarball.catch(() => undefined);
    tarball = undefined;
    if (made && process.env[sharedFolderVariable] === undefined) {
      await rm(dirname(made), { recursive: true, force: true });
    }
  }
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

/**
 * Copies the folder `from` of the repository (e.g. "examples/python-zip") into `to`, with only the
 * files a clone has (tracked, or new and not ignored), so a local node_modules or build output in
 * the folder does not come along. Returns the copied paths, relative to `to`.
 */
export async function copyRepositoryFolder(from: string, to: string): Promise<string[]> {
  const root = findRepoRoot();
  const { stdout } = await run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", from],
    {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const copied: string[] = [];
  for (const file of stdout.split("\0").filter((f) => f !== "" && existsSync(join(root, f)))) {
    const target = relative(from, file);
    await cp(join(root, file), join(to, target));
    copied.push(target);
  }
  return copied.sort();
}

/** What a command printed, and how it ended. */
export interface CommandResult extends CommandOutput {
  /** The exit code; 0 is success. */
  code: number;
}

/**
 * Runs the TypeScript compiler installed in the project `dir` (its own, not the repository's) with
 * `args`, e.g. `["-p", ".", "--noEmit"]`, in `cwd` (the paths it prints are relative to it). A
 * compile error is a result, not a throw.
 */
export async function projectTsc(dir: string, args: string[], cwd = dir): Promise<CommandResult> {
  const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, ...args], {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as Partial<CommandOutput> & { code?: number | string };
    if (typeof code !== "number") {
      throw error;
    }
    return { stdout: stdout ?? "", stderr: stderr ?? "", code };
  }
}

/** The version of the package `name` installed in the project `dir` (from its package.json). */
export async function installedVersion(dir: string, name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(dir, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
