/**
 * Test support: the standalone plugin's linux-amd64 archive, as `npm run plugin:archives` builds
 * it (the built script, `dist/scripts/plugin/archives.js`), kept under `node_modules/.cache` by a
 * digest of everything it is built from: the compiled plugin and build scripts, the schema and the
 * manifests that pin the bundler, postject and Node.js. The same inputs make the same archive, so a
 * second `npm test` (CI runs three, one per Node.js version, on one build of the same sources)
 * reuses it, and any change to the code builds it again. Building takes the Node.js binary from
 * npm's cache once it is there.
 */
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";

const run = promisify(execFile);

/** The target the tests run: this machine's. */
export const testedTarget = "linux-amd64";

/** The files under `dir`, recursively, in a stable order. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** A digest of what the archive is built from: each file's path and contents. */
function inputsDigest(root: string): string {
  const hash = createHash("sha256");
  const files = [
    ...filesUnder(join(root, "dist", "provider")),
    ...filesUnder(join(root, "dist", "scripts", "plugin")),
    ...["schema.json", "package.json", "package-lock.json"].map((file) => join(root, file)),
  ];
  for (const file of files) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The archive's name for this package's version, as the build names it. */
export function testedArchiveName(): string {
  const { version } = JSON.parse(readFileSync(join(findRepoRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return `pulumi-resource-sae-v${version}-${testedTarget}.tar.gz`;
}

/** The linux-amd64 archive's path, built if none was built from these inputs; fails with the build's output. */
export async function pluginArchive(): Promise<string> {
  const root = findRepoRoot();
  const cache = join(root, "node_modules", ".cache", "sae-plugin-archive");
  const outDir = join(cache, inputsDigest(root));
  const archive = join(outDir, testedArchiveName());
  if (existsSync(archive)) {
    return archive;
  }
  // Built aside and moved into place whole, so an interrupted build is never taken for a current one.
  await mkdir(cache, { recursive: true });
  const building = await mkdtemp(join(cache, "building-"));
  const script = join(root, "dist", "scripts", "plugin", "archives.js");
  try {
    await run(process.execPath, [script, "--target", testedTarget, "--out", building], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    await rm(outDir, { recursive: true, force: true });
    await rename(building, outDir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building the plugin archive failed:\n${stdout ?? ""}\n${stderr ?? ""}`, {
      cause: error,
    });
  }
  return archive;
}
