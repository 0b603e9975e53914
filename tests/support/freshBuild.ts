/**
 * A current build before the tests (Jest's global setup runs it): the tests that run the build
 * (Pulumi's host loads the package from dist/, the demo, the project-program child, the packed
 * tarball) must not pass on a stale one. When any source the build compiles is newer than what
 * it compiled to, the build runs first (`tsc -p tsconfig.json`, incremental); when the build is
 * current this only compares file times. `npm test` builds before Jest, so there it finds nothing
 * to do.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";

/** The folders whose compiled output tests run; tests/ itself runs from source (ts-jest). */
const builtFolders = ["provider", "emulator", "harness", "scripts", "examples"];

/** The `.ts` sources (not declarations) under `dir`, node_modules left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === "node_modules" ? [] : sources(path);
    }
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Where the build puts what it compiles `source` (relative to `root`) to. */
function builtFile(root: string, source: string): string {
  return join(root, "dist", source).replace(/\.ts$/, ".js");
}

/** The sources whose compiled file is missing or older than they are, relative to `root`. */
export function staleSources(root: string): string[] {
  return builtFolders
    .flatMap((folder) => (existsSync(join(root, folder)) ? sources(join(root, folder)) : []))
    .map((source) => relative(root, source))
    .filter((source) => {
      const built = builtFile(root, source);
      return !existsSync(built) || statSync(built).mtimeMs < statSync(join(root, source)).mtimeMs;
    });
}

/** Builds dist/ when a source is newer than what it compiled to; throws when that build fails. */
export function freshBuild(): void {
  const root = join(__dirname, "..", "..");
  const stale = staleSources(root);
  if (stale.length === 0) {
    return;
  }
  const shown = stale.slice(0, 3).join(", ") + (stale.length > 3 ? `, and ${stale.length - 3} more` : "");
  process.stderr.write(
    `\ndist/ is older than ${shown}: building it (tsc -p tsconfig.json) before the tests\n`,
  );
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    encoding: "utf8",
  });
  if (tsc.status !== 0) {
    throw new Error(
      `dist/ is older than the sources (${shown}) and the build failed, so the tests that run it ` +
        `would test an old build. Fix the build (npm run build):\n${tsc.stdout}${tsc.stderr}`,
    );
  }
  // An incremental build leaves alone what a touched but unchanged source compiles to: it is
  // current all the same, so it is marked so, or every run would build again.
  const now = new Date();
  for (const source of stale) {
    if (existsSync(builtFile(root, source))) {
      utimesSync(builtFile(root, source), now, now);
    }
  }
}
