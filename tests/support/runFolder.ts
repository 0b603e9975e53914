/**
 * A folder that lives as long as one Jest run: made by the global setup, removed by the global
 * teardown, and named to every test process through the environment. Test files put there what
 * they can share instead of each making its own (the packed tarball).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The environment variable naming the run's folder. */
export const sharedFolderVariable = "SAE_TEST_RUN_FOLDER";

/** Makes the run's folder and names it in this process's environment, which the test processes inherit. */
export function makeRunFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "sae-job-tests-"));
  process.env[sharedFolderVariable] = folder;
  return folder;
}

/** Removes the run's folder, if this process made one. */
export function removeRunFolder(): void {
  const folder = process.env[sharedFolderVariable];
  if (folder !== undefined) {
    rmSync(folder, { recursive: true, force: true });
    delete process.env[sharedFolderVariable];
  }
}
