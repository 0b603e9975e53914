/**
 * Test support: the standalone plugin's linux-amd64 archive, as `npm run plugin:archives` builds
 * it (the built script, `dist/scripts/plugin/archives.js`), made at most once per Jest run: into
 * the run's shared folder (see `./runFolder`), reused there while it is newer than every file of
 * `dist/provider`. Building it takes the Node.js binary from npm's cache once it is there.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";
import { sharedFolderVariable } from "./runFolder";

const run = promisify(execFile);

/** The target the tests run: this machine's. */
export const testedTarget = "linux-amd64";

/** The newest modification time of any file under `dir`. */
function newestUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }, 0);
}

/** The archive's name for this package's version, as the build names it. */
export function testedArchiveName(): string {
  const { version } = JSON.parse(readFileSync(join(findRepoRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return `pulumi-resource-sae-v${version}-${testedTarget}.tar.gz`;
}

/** The linux-amd64 archive's path, built if this run has no current one; fails with the build's output. */
export async function pluginArchive(): Promise<string> {
  const root = findRepoRoot();
  const shared = process.env[sharedFolderVariable];
  const outDir =
    shared === undefined ? await mkdtemp(join(tmpdir(), "sae-plugin-")) : join(shared, "plugins");
  const archive = join(outDir, testedArchiveName());
  if (existsSync(archive) && statSync(archive).mtimeMs > newestUnder(join(root, "dist", "provider"))) {
    return archive;
  }
  const script = join(root, "dist", "scripts", "plugin", "archives.js");
  try {
    await run(process.execPath, [script, "--target", testedTarget, "--out", outDir], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building the plugin archive failed:\n${stdout ?? ""}\n${stderr ?? ""}`, {
      cause: error,
    });
  }
  return archive;
}
