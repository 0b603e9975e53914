/**
 * `npm run plugin:archives`: the `pulumi-resource-sae` plugin as Pulumi plugin archives, for
 * teams that install providers with `pulumi plugin install resource sae <version> --file …` (or
 * `--server …`) and have no Node.js of their own. Each archive,
 * `dist/plugins/pulumi-resource-sae-v<version>-<os>-<arch>.tar.gz`, holds one file at its root:
 * the standalone executable (`./executable`), `pulumi-resource-sae.exe` on windows.
 *
 * Options: `--target <os>-<arch>` (repeatable; default every target of `./targets` when this
 * machine runs one of them, as it makes every blob), `--out <dir>` (default `dist/plugins`).
 *
 * The executable of this machine's own target carries V8's code cache: its start to the port
 * line measured about 13% shorter with it (median of 21 starts each, taken in turns). It is also
 * started once here, to see it run. The others are checked for the blob and the fuse only.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";
import { bundlePlugin } from "./bundle";
import { fetchNodeBinary, injectBlob, makeBlob, run } from "./executable";
import { archiveName, executableName, hostTarget, nodeVersion, pluginTargets, targetsNamed } from "./targets";

/** Options of {@link buildArchives}. */
export interface ArchiveOptions {
  /** Target names (`linux-amd64`); default every target, when this machine runs one of them. */
  readonly targets?: readonly string[];
  /** Where the archives go. Default `dist/plugins` in the repository. */
  readonly outDir?: string;
  /** Where progress lines go. Default stdout. */
  readonly log?: (line: string) => void;
}

/** One archive written. */
export interface BuiltArchive {
  readonly target: string;
  readonly path: string;
  readonly bytes: number;
  /** The archive's SHA-256, hex: what `pulumi plugin install --checksum` takes. */
  readonly sha256: string;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Starts `executable` with no argument and no Node.js around it: the plugin, running, says it
 * misses the engine's address. Anything else means the executable does not run the bundle.
 */
function smokeTest(executable: string): void {
  const result = spawnSync(executable, [], { encoding: "utf8", env: { PATH: "" }, cwd: dirname(executable) });
  if (result.status !== 1 || !result.stderr.includes("missing the engine's address")) {
    throw new Error(
      `${executable} did not run the plugin (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/** Builds the archives (see the module header) and returns what it wrote. */
export async function buildArchives(options: ArchiveOptions = {}): Promise<BuiltArchive[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = findRepoRoot();
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string })
    .version;
  const host = hostTarget();
  if (host === undefined) {
    throw new Error(
      `no target runs on ${process.platform}-${process.arch}, and the blobs must be made by Node.js ` +
        `${nodeVersion} running here: build on ${pluginTargets.map((target) => target.name).join(", ")}`,
    );
  }
  const targets = targetsNamed(options.targets?.length ? options.targets : pluginTargets.map((t) => t.name));
  const outDir = resolve(options.outDir ?? join(root, "dist", "plugins"));
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "sae-plugin-build-"));
  try {
    const script = join(work, "pulumi-resource-sae.js");
    const bundle = await bundlePlugin(root, script);
    const largest = bundle.packages
      .slice(0, 4)
      .map(([name, bytes]) => `${name} ${megabytes(bytes)}`)
      .join(", ");
    log(`bundle: ${megabytes(bundle.bytes)} (${largest}, …)`);

    const generator = fetchNodeBinary(root, host, work);
    const schema = join(root, "schema.json");
    const blobs = new Map<boolean, string>();
    const blobFor = (useCodeCache: boolean): string => {
      let blob = blobs.get(useCodeCache);
      if (blob === undefined) {
        blob = join(work, useCodeCache ? "host.blob" : "portable.blob");
        makeBlob(generator, { script, schema, useCodeCache }, blob);
        blobs.set(useCodeCache, blob);
      }
      return blob;
    };

    const built: BuiltArchive[] = [];
    for (const target of targets) {
      const isHost = target === host;
      const nodeBinary = isHost ? generator : fetchNodeBinary(root, target, work);
      const stage = join(work, `stage-${target.name}`);
      mkdirSync(stage);
      const executable = await injectBlob(target, nodeBinary, blobFor(isHost), stage);
      if (isHost) {
        smokeTest(executable);
      }
      const archive = join(outDir, archiveName(version, target));
      rmSync(archive, { force: true });
      run("tar", ["-czf", archive, "-C", stage, executableName(target)]);
      const bytes = statSync(archive).size;
      const sha256 = createHash("sha256").update(readFileSync(archive)).digest("hex");
      built.push({ target: target.name, path: archive, bytes, sha256 });
      log(
        `${archive}: ${megabytes(bytes)}, sha256 ${sha256}, Node.js ${nodeVersion}, ` +
          (isHost ? "code cache, started once here" : "blob and fuse checked (cannot run here)"),
      );
    }
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `--target a --target b --out dir`, as the npm script passes them. */
function parseArguments(args: string[]): ArchiveOptions {
  const { values } = parseArgs({
    args,
    options: { target: { type: "string", multiple: true }, out: { type: "string" } },
  });
  return { targets: values.target, outDir: values.out };
}

if (require.main === module) {
  Promise.resolve()
    .then(() => buildArchives(parseArguments(process.argv.slice(2))))
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`plugin:archives: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
}
