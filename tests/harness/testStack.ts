/**
 * Per-test environment for the harness self-tests: a temp directory for the fixture store, a
 * dynamic-provider host and an engine configured to point the fixtures at that directory.
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
  /** Stops the host and removes the directory. */
  dispose(): Promise<void>;
}

/** Engine options a test may set on top of the stack's own. */
export type StackOptions = Pick<EngineOptions, "resolveOutputs">;

/** Starts a fresh host and engine; the provider caches its configuration per host, hence one each. */
export async function startStack(stack = "dev", options: StackOptions = {}): Promise<TestStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-selftest-"));
  let host: ProviderHost;
  try {
    host = await ProviderHost.start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const engine = new Engine({
    host,
    project: "selftest",
    stack,
    config: { [NOTES_DIR_KEY]: dir },
    ...options,
  });
  return {
    host,
    engine,
    dir,
    store: () => loadStore(dir),
    edit: (change) => void editStore(dir, change),
    dispose: async () => {
      await host.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
