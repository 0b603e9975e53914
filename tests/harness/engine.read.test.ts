/**
 * The engine stand-in's ReadResource: a resource given the `id` option (a `get`) is read, in a
 * preview too, and kept in state as external: never updated or deleted, only forgotten.
 */
import * as pulumi from "@pulumi/pulumi";

import { Note, type NoteArgs } from "./fixtures/note";
import { startStack, type TestStack } from "./testStack";

/** A read of the note `id`, as a `get` would do it: no arguments, only the ID. */
const readNote = (name: string, id: string) => new Note(name, {} as NoteArgs, { id });

describe("Engine read (get)", () => {
  let stack: TestStack;

  afterEach(async () => {
    await stack.dispose();
  });

  const handmade = (store: ReturnType<TestStack["store"]>) => {
    store.notes["note-42"] = { title: "handmade", body: "from the console", color: "blue", revision: 3 };
  };

  test("reads the resource, records it as external, and only forgets it later", async () => {
    stack = await startStack();
    stack.edit(handmade);
    const { engine } = stack;

    const preview = await engine.preview(() => void readNote("seen", "note-42"));
    expect(preview.steps).toEqual([expect.objectContaining({ op: "read", id: "note-42" })]);
    expect(preview.providerCalls.map((c) => c.operation)).toEqual(["Read"]);

    const result = await engine.up(() => void readNote("seen", "note-42"));
    expect(result.ok).toBe(true);
    expect(result.providerCalls).toEqual([expect.objectContaining({ operation: "Read", id: "note-42" })]);
    expect(engine.state).toEqual([
      expect.objectContaining({
        id: "note-42",
        external: true,
        outputs: expect.objectContaining({ title: "handmade", revision: 3, wordCount: 3 }),
      }),
    ]);
    expect(engine.render(result)).toMatch(
      /^ > +pulumi-nodejs:dynamic\/notes:Note +seen +read +\[id: note-42\]$/m,
    );

    const dropped = await engine.up(() => undefined);
    expect(dropped.steps).toEqual([expect.objectContaining({ op: "discard", previousId: "note-42" })]);
    expect(dropped.providerCalls).toEqual([]);
    expect(engine.state).toEqual([]);
    expect(stack.store().notes["note-42"]).toBeDefined();

    await engine.up(() => void readNote("seen", "note-42"));
    const destroyed = await engine.destroy();
    expect(destroyed.steps.map((s) => s.op)).toEqual(["discard"]);
    expect(destroyed.providerCalls).toEqual([]);
    expect(stack.store().notes["note-42"]).toBeDefined();
  });

  test("answers the program with what it read", async () => {
    stack = await startStack("dev", { resolveOutputs: true });
    stack.edit(handmade);
    let seen: unknown;
    const result = await stack.engine.up(() => {
      // Only properties named in the props are outputs: `revision` and `wordCount` are, for a read too.
      const note = readNote("seen", "note-42");
      pulumi.all([note.revision, note.wordCount, note.id]).apply((values) => {
        seen = values;
      });
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([3, 3, "note-42"]);
  });

  test("fails to read an ID that does not exist", async () => {
    stack = await startStack();
    const result = await stack.engine.up(() => void readNote("ghost", "note-999"));
    expect(result.steps[0].error).toBe("resource 'note-999' does not exist");
    expect(stack.engine.state).toEqual([]);
  });
});
