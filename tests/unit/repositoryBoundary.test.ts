/**
 * Everything the project needs is inside the repository: a user's clone has nothing beside it, so
 * no tracked file may read a path above the repository root or point readers at a folder that
 * only the maintainers' machines have.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { findRepoRoot } from "../../harness/providerHost";

const root = findRepoRoot();
const textFile = /\.(ts|js|mjs|cjs|json|md|ya?ml|sh)$|^\.ci\/|^\.[a-z]+rc/;

function trackedFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return (
    listed
      // A file deleted but not yet committed is still listed: only what is on disk can be read.
      .split("\0")
      .filter((file) => textFile.test(file) && file !== "package-lock.json" && existsSync(join(root, file)))
  );
}

function outsideRoot(fromFile: string, target: string): boolean {
  const resolved = resolve(root, dirname(fromFile), target);
  const rel = relative(root, resolved);
  return rel === ".." || rel.startsWith(`..${sep}`);
}

/** Paths in `text` (of the file `file`) that lead above the repository root. */
export function escapingPaths(file: string, text: string): string[] {
  const found: string[] = [];
  // Relative path literals and Markdown links: "../x", '../../x', (../x).
  for (const [, target] of text.matchAll(/["'`(](\.\.(?:\/\.\.)*\/[^"'`)\s]*)/g)) {
    if (outsideRoot(file, target)) {
      found.push(target);
    }
  }
  // Path joins from the file's own folder: join(__dirname, "..", "..", ...).
  for (const [call, args] of text.matchAll(/(?:join|resolve)\(\s*__dirname((?:\s*,\s*"\.\.")+)/g)) {
    const ups = args.split(",").filter((part) => part.includes("..")).length;
    if (outsideRoot(file, Array(ups).fill("..").join("/"))) {
      found.push(call);
    }
  }
  return found;
}

const maintainersFolder = ["shared", "api-docs"].join("/");

it("has no tracked file that reads a path above the repository root", () => {
  const offenders = trackedFiles().flatMap((file) =>
    escapingPaths(file, readFileSync(join(root, file), "utf8")).map((path) => `${file}: ${path}`),
  );
  expect(offenders).toEqual([]);
});

it(`has no tracked file that points at ${maintainersFolder}, which no user's clone has`, () => {
  const offenders = trackedFiles().filter((file) =>
    readFileSync(join(root, file), "utf8").includes(maintainersFolder),
  );
  expect(offenders).toEqual([]);
});

it("recognises the ways a file reaches above the root", () => {
  // Built at run time, so this file does not itself hold a path above the root.
  const up = (n: number) => Array(n).fill("..").join("/");
  const joinUp = (n: number) => `join(__dirname, ${Array(n).fill('".."').join(", ")}`;
  expect(escapingPaths("tests/unit/x.test.ts", `${joinUp(3)}, "elsewhere")`)).toHaveLength(1);
  expect(escapingPaths("tests/unit/x.test.ts", `readFileSync("${up(3)}/docs/a.md")`)).toEqual([
    `${up(3)}/docs/a.md`,
  ]);
  expect(escapingPaths("examples/a/README.md", `[docs](${up(3)}/x.md)`)).toEqual([`${up(3)}/x.md`]);
  expect(escapingPaths(".ci/run", 'cd "$(dirname "$0")/.."')).toEqual([]);
  expect(escapingPaths("tests/unit/x.test.ts", `import { a } from "${up(2)}/provider/index";`)).toEqual([]);
  expect(escapingPaths("tests/unit/x.test.ts", `${joinUp(2)}, "README.md")`)).toEqual([]);
});
