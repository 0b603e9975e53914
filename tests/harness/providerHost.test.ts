import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import {
  HostError,
  ProviderHost,
  ResourceInitFailedError,
  runProgram,
  type PropertyMap,
} from "../../harness";
import { Note } from "./fixtures/note";
import { loadStore, NOTES_DIR_KEY, editStore } from "./fixtures/noteStore";
import { Tag } from "./fixtures/tag";

const NOTE_URN = "urn:pulumi:dev::selftest::pulumi-nodejs:dynamic/notes:Note::n";
const TAG_URN = "urn:pulumi:dev::selftest::pulumi-nodejs:dynamic/notes:Tag::t";

let noteProvider: string;
let tagProvider: string;

beforeAll(async () => {
  // The serialized provider text exactly as a program would send it.
  const regs = await runProgram(
    () => {
      new Note("n", { title: "x" });
      new Tag("t", { key: "k", value: "v" });
    },
    { project: "selftest", stack: "dev" },
  );
  // Registrations arrive in RPC order, which follows input resolution, not construction order.
  noteProvider = regs.find((r) => r.name === "n")!.inputs.__provider as string;
  tagProvider = regs.find((r) => r.name === "t")!.inputs.__provider as string;
});

describe("ProviderHost", () => {
  let host: ProviderHost;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
    host = await ProviderHost.start();
    await host.configure({ [NOTES_DIR_KEY]: dir, "other:key": "ignored" });
  });

  afterEach(async () => {
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const note = (props: PropertyMap): PropertyMap => ({ __provider: noteProvider, ...props });

  test("listens on a loopback port and answers Check with provider defaults", async () => {
    expect(host.port).toBeGreaterThan(0);
    const res = await host.check(NOTE_URN, {}, note({ title: "hello" }));
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual(note({ title: "hello", body: "", color: "yellow" }));
  });

  test("returns check failures with property and reason", async () => {
    const res = await host.check(NOTE_URN, {}, note({ title: "", slot: "Not OK" }));
    expect(res.failures).toEqual([
      { property: "title", reason: "title must be a non-empty string" },
      { property: "slot", reason: "slot may only contain a-z, 0-9 and '-'" },
    ]);
  });

  test("runs create, read, update and delete against the provider's store", async () => {
    const created = await host.create(NOTE_URN, note({ title: "a", body: "one two", color: "red" }));
    expect(created.id).toBe("note-1");
    expect(created.properties).toMatchObject({
      title: "a",
      revision: 1,
      wordCount: 2,
      __provider: noteProvider,
    });
    expect(loadStore(dir).notes["note-1"]).toMatchObject({ title: "a", body: "one two" });

    const read = await host.read(NOTE_URN, "note-1", created.properties);
    expect(read.id).toBe("note-1");
    expect(read.inputs).toEqual({ title: "a", body: "one two", color: "red", __provider: noteProvider });

    const updated = await host.update(
      NOTE_URN,
      "note-1",
      created.properties,
      note({ title: "a", body: "b", color: "red" }),
    );
    expect(updated.properties).toMatchObject({ body: "b", revision: 2, wordCount: 1 });

    await host.delete(NOTE_URN, "note-1", updated.properties);
    expect(loadStore(dir).notes).toEqual({});
    const gone = await host.read(NOTE_URN, "note-1", updated.properties);
    expect(gone.id).toBe("");
    expect(gone.inputs).toBeUndefined();
  });

  test("reports diff replaces, delete-before-replace, and DIFF_UNKNOWN for a provider without diff", async () => {
    const olds = note({ title: "a", body: "", color: "yellow", slot: "s1" });
    expect(await host.diff(NOTE_URN, "note-1", olds, note({ ...olds, body: "new" }), olds)).toEqual({
      changes: "some",
      replaces: [],
      stables: [],
      deleteBeforeReplace: true,
      diffs: [],
    });
    const retitled = await host.diff(NOTE_URN, "note-1", olds, note({ ...olds, title: "b" }), olds);
    expect(retitled).toMatchObject({ changes: "some", replaces: ["title"] });
    expect((await host.diff(NOTE_URN, "note-1", olds, olds, olds)).changes).toBe("none");

    const tag = { __provider: tagProvider, key: "k", value: "v" };
    expect((await host.diff(TAG_URN, "tag-1", tag, { ...tag, value: "w" }, tag)).changes).toBe("unknown");
  });

  test("decodes an init failure from the gRPC status details", async () => {
    editStore(
      dir,
      (store) => (store.failNext = { op: "create", kind: "init", reason: "never became ready" }),
    );
    const error = await host
      .create(NOTE_URN, note({ title: "a", body: "", color: "yellow" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const initError = error as ResourceInitFailedError;
    expect(initError.operation).toBe("Create");
    expect(initError.grpcCode).toBe(2);
    expect(initError.message).toBe("never became ready");
    expect(initError.id).toBe("note-1");
    expect(initError.reasons).toEqual(["never became ready"]);
    expect(initError.properties).toMatchObject({ title: "a", revision: 1, __provider: noteProvider });
  });

  test("turns a plain provider error into a HostError that is not an init failure", async () => {
    editStore(dir, (store) => (store.failNext = { op: "create", kind: "error", reason: "quota exceeded" }));
    const error = await host
      .create(NOTE_URN, note({ title: "a", body: "", color: "yellow" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).not.toBeInstanceOf(ResourceInitFailedError);
    expect(error).toMatchObject({ operation: "Create", grpcCode: 2, message: "quota exceeded" });

    const updateError = await host
      .update(NOTE_URN, "note-9", {}, note({ title: "a" }))
      .catch((e: unknown) => e);
    expect(updateError).toMatchObject({ operation: "Update", message: "note note-9 does not exist" });
  });

  test("collects provider console output and feeds listeners until they unsubscribe", async () => {
    const heard: string[] = [];
    const unsubscribe = host.onOutput((line, stream) => heard.push(`${stream}:${line}`));
    await host.create(NOTE_URN, note({ title: "first", body: "", color: "yellow" }));
    // Lines are available as soon as the call resolves.
    expect(host.output).toEqual(['[notes] creating "first" as note-1', "[notes] created note-1"]);
    expect(heard).toEqual(['stdout:[notes] creating "first" as note-1', "stdout:[notes] created note-1"]);
    unsubscribe();
    await host.delete(NOTE_URN, "note-1", note({}));
    expect(host.output).toContain("[notes] deleting note-1");
    expect(heard).toHaveLength(2);
  });

  test("fails calls after stop and tolerates a second stop", async () => {
    expect(host.running).toBe(true);
    await host.stop();
    expect(host.running).toBe(false);
    await expect(host.check(NOTE_URN, {}, note({ title: "x" }))).rejects.toMatchObject({
      operation: "Check",
      message: "provider host is stopped",
    });
    await expect(host.stop()).resolves.toBeUndefined();
  });
});

describe("ProviderHost configuration", () => {
  test("hands the whole namespaced config to the provider's configure on first load", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
    const host = await ProviderHost.start();
    try {
      // Without Configure the host has no config map at all, so the provider's lookup blows up.
      const unconfigured = await host
        .create(TAG_URN, { __provider: tagProvider, key: "k", value: "v" })
        .catch((e: unknown) => e);
      expect(unconfigured).toBeInstanceOf(HostError);
      expect((unconfigured as HostError).message).toContain("'notes:dir'");
    } finally {
      await host.stop();
    }
    const configured = await ProviderHost.start();
    try {
      await configured.configure({ [NOTES_DIR_KEY]: dir });
      const created = await configured.create(TAG_URN, { __provider: tagProvider, key: "k", value: "v" });
      expect(loadStore(dir).tags[created.id]).toEqual({ key: "k", value: "v" });
      // Every config sent is kept, in order: a later one does not reach a provider already loaded.
      await configured.configure({ [NOTES_DIR_KEY]: "/elsewhere" });
      expect(configured.configurations).toEqual([
        { [NOTES_DIR_KEY]: dir },
        { [NOTES_DIR_KEY]: "/elsewhere" },
      ]);
      const again = await configured.create(TAG_URN, { __provider: tagProvider, key: "k2", value: "v" });
      expect(loadStore(dir).tags[again.id]).toEqual({ key: "k2", value: "v" });
    } finally {
      await configured.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
