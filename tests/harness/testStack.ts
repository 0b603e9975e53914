/**
 * Per-test environment for the harness self-tests: a temp directory for the fixture store, a
 * dynamic-provider host and an engine configured to point the fixtures at that directory. Each
 * test gets an empty store and a new engine; the host (and its directory) may be a previous
 * test's of the same file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { Engine, ProviderHost, type EngineOptions } from "../../harness";
import { loadStore, NOTES_DIR_KEY, editStore, type NoteStore } from "./fixtures/noteStore";

/** A running host + engine over a private store directory. */
export interface TestStack {
  host: ProviderHost;
  engine: Engine;
  dir: string;
  /** The fixture store as the provider last wrote it. */
  store(): NoteStore;
  /** Changes the store behind the engine's back (drift, armed failures). */
  edit(change: (store: NoteStore) => void): void;
  /**
   * Stops the host and removes the directory, or keeps both for the file's next stack (see
   * `kept`); calling it again does nothing.
   */
  dispose(): Promise<void>;
}

/** Engine options a test may set on top of the stack's own. */
export type StackOptions = Pick<EngineOptions, "resolveOutputs">;

/** A host and the store directory its providers are configured for. */
interface Kept {
  readonly host: ProviderHost;
  readonly dir: string;
}

/**
 * A host and directory a finished test of this file left, for the next: starting a host (a
 * process that loads Pulumi's SDK) is most of what a stack costs. The provider caches its
 * configuration per host, so the pair comes with its directory, emptied; it is kept only while
 * the host runs and was never given another configuration.
 */
let kept: Kept | undefined;

/** Set once the file's tests are over: a stack disposed after that is stopped, not kept. */
let closing = false;

afterAll(async () => {
  closing = true;
  if (kept) {
    const { host, dir } = kept;
    kept = undefined;
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Starts a host and an engine over an empty store (a kept host and its emptied directory when there is one). */
export async function startStack(stack = "dev", options: StackOptions = {}): Promise<TestStack> {
  const reused = kept;
  kept = undefined;
  let host: ProviderHost;
  let dir: string;
  if (reused) {
    ({ host, dir } = reused);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    host.output.splice(0);
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-selftest-"));
    try {
      host = await ProviderHost.start();
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const config = { [NOTES_DIR_KEY]: dir };
  const engine = new Engine({
    host,
    project: "selftest",
    stack,
    config,
    ...options,
  });
  let disposed = false;
  return {
    host,
    engine,
    dir,
    store: () => loadStore(dir),
    edit: (change) => void editStore(dir, change),
    dispose: async () => {
      if (disposed) {
        return;
      }
      disposed = true;
      const sameConfig = host.configurations.every(
        (given) => JSON.stringify(given) === JSON.stringify(config),
      );
      if (!closing && kept === undefined && host.running && sameConfig) {
        kept = { host, dir };
        return;
      }
      await host.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
