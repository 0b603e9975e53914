/**
 * A standalone `pulumi-resource-sae`: a Node.js single executable application. The bundled plugin
 * and the package schema (an asset the plugin reads with `node:sea`) go into a preparation blob,
 * which `postject` injects into a copy of the target's Node.js binary, taken from the npm
 * registry's platform package and checked against the integrity pinned in `./targets`.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "postject";
import { schemaAssetKey } from "../../provider/plugin/shippedSchema";
import { executableName, nodeVersion, type PluginTarget } from "./targets";

/** The fuse Node.js checks to know a blob was injected; postject flips its `:0` to `:1`. */
export const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** The resource (ELF note, PE resource, Mach-O section) Node.js reads the blob from. */
const blobResource = "NODE_SEA_BLOB";

/** Runs a command to completion; throws with its output when it fails. */
export function run(file: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(file, args, { encoding: "utf8", ...options });
  if (result.error || result.status !== 0) {
    throw new Error(
      `${[file, ...args].join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
        `${String(result.stdout ?? "")}${String(result.stderr ?? "")}`,
    );
  }
  return String(result.stdout);
}

/** npm, as the running `npm run` names it, else the one on PATH. */
function npm(args: readonly string[], cwd: string): string {
  const cli = process.env.npm_execpath;
  return cli !== undefined && /\.[cm]?js$/.test(cli)
    ? run(process.execPath, [cli, ...args], { cwd })
    : run("npm", args, { cwd, shell: process.platform === "win32" });
}

/**
 * The Node.js binary of `target`, extracted into `workDir`: `npm pack` fetches the platform
 * package's tarball through npm's cache (run from `root`, so the project's npm settings apply),
 * and a tarball whose sha512 is not the pinned one is refused.
 */
export function fetchNodeBinary(root: string, target: PluginTarget, workDir: string): string {
  const spec = `${target.nodePackage}@${nodeVersion}`;
  const packed = JSON.parse(
    npm(
      ["pack", spec, "--pack-destination", workDir, "--json", "--ignore-scripts", "--loglevel=error"],
      root,
    ),
  ) as { filename: string }[];
  const tarball = join(workDir, packed[0].filename);
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  if (integrity !== target.integrity) {
    throw new Error(
      `${spec}'s tarball has integrity ${integrity}, not the ${target.integrity} pinned in ` +
        "scripts/plugin/targets.ts: refusing to build on it",
    );
  }
  const into = join(workDir, target.name);
  mkdirSync(into, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", into, target.nodeBinary]);
  return join(into, target.nodeBinary);
}

/** What goes into a preparation blob. */
export interface BlobInput {
  /** The bundled plugin (`./bundle`). */
  readonly script: string;
  /** The package schema, served by GetSchema. */
  readonly schema: string;
  /**
   * V8's compiled code for the script, made by the generating binary: it starts the plugin faster,
   * but only on the platform it was made on, so cross targets go without.
   */
  readonly useCodeCache: boolean;
}

/**
 * Makes a preparation blob at `output` with `generator`, a Node.js binary of {@link nodeVersion}
 * that runs here: the blob must come from the same version as the binary it goes into.
 */
export function makeBlob(generator: string, input: BlobInput, output: string): void {
  const config = `${output}.json`;
  writeFileSync(
    config,
    JSON.stringify({
      main: input.script,
      output,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: input.useCodeCache,
      assets: { [schemaAssetKey]: input.schema },
    }),
  );
  // No NODE_OPTIONS from around the build: flags would change the code cache the blob carries.
  run(generator, ["--experimental-sea-config", config], { env: { PATH: process.env.PATH ?? "" } });
}

/**
 * `binary` (a Windows executable) without its Authenticode signature, as `signtool remove /s`
 * leaves it: injecting the blob breaks the signature, and a broken one is worse than none. The
 * signature is the certificate table at the file's end, named by the fifth data directory of the
 * optional header.
 */
export function withoutSignature(binary: Buffer): Buffer {
  const pe = binary.readUInt32LE(0x3c);
  if (binary.toString("latin1", pe, pe + 4) !== "PE\0\0") {
    throw new Error("not a PE executable");
  }
  const optionalHeader = pe + 24;
  // PE32+ (0x20b) has 8 more bytes of fields before its data directories than PE32.
  const directories = optionalHeader + (binary.readUInt16LE(optionalHeader) === 0x20b ? 112 : 96);
  const security = directories + 4 * 8;
  const offset = binary.readUInt32LE(security);
  const size = binary.readUInt32LE(security + 4);
  if (size === 0) {
    return binary;
  }
  if (offset + size !== binary.length) {
    throw new Error("the certificate table is not at the executable's end: cannot remove the signature");
  }
  const stripped = Buffer.from(binary.subarray(0, offset));
  stripped.writeUInt32LE(0, security);
  stripped.writeUInt32LE(0, security + 4);
  return stripped;
}

/**
 * The executable of `target` in `dir`: a copy of `nodeBinary` with `blob` injected (a Windows one
 * unsigned first, see {@link withoutSignature}). Checks that the blob is in it verbatim and the
 * fuse flipped, once each, which is all that can be checked of a binary that cannot run here.
 */
export async function injectBlob(
  target: PluginTarget,
  nodeBinary: string,
  blob: string,
  dir: string,
): Promise<string> {
  const executable = join(dir, executableName(target));
  if (target.os === "windows") {
    writeFileSync(executable, withoutSignature(readFileSync(nodeBinary)));
  } else {
    copyFileSync(nodeBinary, executable);
  }
  chmodSync(executable, 0o755);
  const data = readFileSync(blob);
  await inject(executable, blobResource, data, {
    sentinelFuse: seaFuse,
    machoSegmentName: "NODE_SEA",
  });
  const written = readFileSync(executable);
  const flipped = Buffer.from(`${seaFuse}:1`);
  const once = (needle: Buffer) => {
    const at = written.indexOf(needle);
    return at >= 0 && written.indexOf(needle, at + 1) < 0;
  };
  if (!once(data) || !once(flipped)) {
    throw new Error(`${executable}: the blob or the flipped fuse is not in it exactly once`);
  }
  return executable;
}
