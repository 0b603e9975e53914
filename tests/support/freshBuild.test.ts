/**
 * The global setup's staleness check: which sources the tests would run an old build of.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { staleSources } from "./freshBuild";

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), "sae-fresh-build-"))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `path` under the root, last modified `secondsAgo` seconds ago. */
function file(path: string, secondsAgo: number): void {
  const full = join(root, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, "");
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(full, when, when);
}

it("names the sources compiled to nothing, or to something older than they are", () => {
  file("provider/current.ts", 60);
  file("dist/provider/current.js", 30);
  file("provider/api/edited.ts", 10);
  file("dist/provider/api/edited.js", 30);
  file("harness/new.ts", 10);
  file("provider/types.d.ts", 10);
  file("tests/only-from-source.ts", 10);
  expect(staleSources(root).sort()).toEqual(["harness/new.ts", "provider/api/edited.ts"]);
});

it("finds nothing to build when every compiled file is newer than its source", () => {
  file("emulator/server.ts", 60);
  file("dist/emulator/server.js", 30);
  expect(staleSources(root)).toEqual([]);
});
