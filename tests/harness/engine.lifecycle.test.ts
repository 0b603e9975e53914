import { type OperationResult, type StepRecord } from "../../harness";
import { Note, type NoteArgs } from "./fixtures/note";
import { startStack, type TestStack } from "./testStack";

function stepFor(result: OperationResult, name: string, op?: StepRecord["op"]): StepRecord {
  const step = result.steps.find((s) => s.name === name && (op === undefined || s.op === op));
  if (!step) {
    throw new Error(`no ${op ?? ""} step for ${name} in\n${JSON.stringify(result.steps, null, 2)}`);
  }
  return step;
}

const oneNote = (args: NoteArgs, opts?: ConstructorParameters<typeof Note>[2]) => () =>
  void new Note("n", args, opts);

describe("Engine lifecycle", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack();
  });

  afterEach(async () => {
    await stack.dispose();
  });

  test("create, then same on rerun, then update in place", async () => {
    const { engine } = stack;
    const created = await engine.up(oneNote({ title: "t", body: "one" }));
    expect(created.ok).toBe(true);
    expect(stepFor(created, "n")).toMatchObject({ op: "create", id: "note-1", planned: false });
    expect(created.providerCalls).toEqual([{ operation: "Create", urn: stepFor(created, "n").urn }]);
    expect(engine.state).toHaveLength(1);
    expect(engine.state[0]).toMatchObject({
      id: "note-1",
      inputs: { title: "t", body: "one", color: "yellow" },
      outputs: { title: "t", body: "one", revision: 1, wordCount: 1 },
    });

    const again = await engine.up(oneNote({ title: "t", body: "one" }));
    expect(stepFor(again, "n").op).toBe("same");
    expect(again.providerCalls).toEqual([]);

    const updated = await engine.up(oneNote({ title: "t", body: "one two three" }));
    const step = stepFor(updated, "n");
    expect(step).toMatchObject({ op: "update", id: "note-1" });
    expect(step.diff).toMatchObject({
      providerChanges: "some",
      changes: "some",
      replaces: [],
      changedKeys: ["body"],
    });
    expect(step.logs).toEqual(["[notes] updating note-1"]);
    expect(engine.resource("n")?.outputs).toMatchObject({ revision: 2, wordCount: 3 });
    expect(stack.store().notes["note-1"]).toMatchObject({ body: "one two three", revision: 2 });
    expect(engine.render(updated)).toMatch(
      /~ +pulumi-nodejs:dynamic\/notes:Note +n +update +\[diff: ~body; id: note-1\]/,
    );
  });

  test("replaces create-before-delete by default: new note first, original deleted at the end", async () => {
    const { engine } = stack;
    await engine.up(oneNote({ title: "old" }));
    const result = await engine.up(oneNote({ title: "new" }));
    const replace = stepFor(result, "n", "replace");
    expect(replace).toMatchObject({
      previousId: "note-1",
      id: "note-2",
      replaceOrder: "create-before-delete",
      diff: { replaces: ["title"], changedKeys: ["title"] },
    });
    expect(stepFor(result, "n", "delete")).toMatchObject({ previousId: "note-1", replacedOriginal: true });
    expect(result.providerCalls.map((c) => `${c.operation}${c.id ? `(${c.id})` : ""}`)).toEqual([
      "Create",
      "Delete(note-1)",
    ]);
    expect(engine.state.map((r) => r.id)).toEqual(["note-2"]);
    expect(Object.keys(stack.store().notes)).toEqual(["note-2"]);
    expect(engine.render(result)).toContain("+- pulumi-nodejs:dynamic/notes:Note  n     replace");
  });

  test("replaces delete-before-replace when the provider asks (slotted note)", async () => {
    const { engine } = stack;
    await engine.up(oneNote({ title: "old", slot: "a" }));
    const result = await engine.up(oneNote({ title: "new", slot: "a" }));
    expect(stepFor(result, "n", "replace")).toMatchObject({
      replaceOrder: "delete-before-replace",
      previousId: "note-1",
      id: "note-2",
      diff: { deleteBeforeReplace: true },
    });
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Delete", "Create"]);
    expect(stack.store().notes).toEqual({ "note-2": expect.objectContaining({ title: "new", slot: "a" }) });
  });

  test("the deleteBeforeReplace option overrides the provider; a failed create keeps the original", async () => {
    const { engine } = stack;
    await engine.up(oneNote({ title: "old", slot: "a" }));
    const result = await engine.up(oneNote({ title: "new", slot: "a" }, { deleteBeforeReplace: false }));
    expect(result.ok).toBe(false);
    const replace = stepFor(result, "n", "replace");
    expect(replace.replaceOrder).toBe("create-before-delete");
    expect(replace.error).toBe('slot "a" is already held by note-1');
    // Nothing was deleted and the original is still the live resource.
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Create"]);
    expect(engine.state).toEqual([
      expect.objectContaining({ id: "note-1", inputs: expect.objectContaining({ title: "old" }) }),
    ]);
    expect(engine.state[0].pendingDelete).toBeUndefined();
  });

  test("deletes resources the program no longer declares, and destroy removes the rest newest first", async () => {
    const { engine } = stack;
    await engine.up(() => {
      const a = new Note("a", { title: "a" });
      new Note("b", { title: "b" }, { dependsOn: [a] });
      new Note("c", { title: "c" }, { dependsOn: [a] });
    });
    const ids = Object.fromEntries(engine.state.map((r) => [r.name, r.id]));
    const shrunk = await engine.up(() => {
      const a = new Note("a", { title: "a" });
      new Note("c", { title: "c" }, { dependsOn: [a] });
    });
    expect(stepFor(shrunk, "b")).toMatchObject({ op: "delete", previousId: ids.b });
    expect(shrunk.providerCalls).toEqual([expect.objectContaining({ operation: "Delete", id: ids.b })]);
    expect(engine.state.map((r) => r.name).sort()).toEqual(["a", "c"]);

    // State keeps creation order, and destroy walks it backwards.
    const creationOrder = engine.state.map((r) => r.id);
    expect(creationOrder).toEqual([...creationOrder].sort());
    const destroyed = await engine.destroy();
    expect(destroyed.ok).toBe(true);
    expect(destroyed.steps.map((step) => step.op)).toEqual(["delete", "delete"]);
    expect(destroyed.providerCalls.map((c) => c.id)).toEqual([...creationOrder].reverse());
    expect(engine.state).toEqual([]);
    expect(stack.store().notes).toEqual({});
  });

  test("preview plans without Create/Update/Delete calls and leaves state alone", async () => {
    const { engine } = stack;
    const fresh = await engine.preview(oneNote({ title: "t" }));
    expect(stepFor(fresh, "n")).toMatchObject({ op: "create", planned: true });
    expect(fresh.providerCalls).toEqual([]);
    expect(engine.state).toEqual([]);
    expect(stack.store().notes).toEqual({});
    expect(engine.render(fresh)).toContain("Previewing update (dev):");
    expect(engine.render(fresh)).toContain("+ 1 to create");

    await engine.up(oneNote({ title: "t", body: "x" }));
    const before = engine.state;
    const planned = await engine.preview(() => void new Note("other", { title: "new" }));
    expect(stepFor(planned, "other")).toMatchObject({ op: "create", planned: true });
    expect(stepFor(planned, "n")).toMatchObject({ op: "delete", planned: true });
    const replacing = await engine.preview(oneNote({ title: "changed", body: "x" }));
    expect(stepFor(replacing, "n", "replace")).toMatchObject({ planned: true, previousId: "note-1" });
    expect(planned.providerCalls).toEqual([]);
    expect(replacing.providerCalls).toEqual([]);
    expect(engine.state).toEqual(before);
    expect(Object.keys(stack.store().notes)).toEqual(["note-1"]);
  });

  test("refresh takes in drift and drops resources deleted out of band", async () => {
    const { engine } = stack;
    await engine.up(() => {
      new Note("kept", { title: "k", body: "original" });
      new Note("lost", { title: "l" });
    });
    const kept = engine.resource("kept")!;
    const lost = engine.resource("lost")!;
    stack.edit((store) => {
      store.notes[kept.id].body = "edited by hand";
      delete store.notes[lost.id];
    });

    const refreshed = await engine.refresh();
    expect(refreshed.ok).toBe(true);
    expect(stepFor(refreshed, "kept")).toMatchObject({
      op: "refresh",
      diff: { changes: "some", changedKeys: ["body", "wordCount"] },
    });
    expect(stepFor(refreshed, "lost")).toMatchObject({ op: "read-gone", previousId: lost.id });
    expect(engine.state.map((r) => r.name)).toEqual(["kept"]);
    // The fixture's read returns inputs, so the refreshed inputs follow the live resource.
    expect(engine.resource("kept")).toMatchObject({
      inputs: { body: "edited by hand" },
      outputs: { body: "edited by hand", wordCount: 3 },
    });

    // The program still says "original", so the next up updates it back and re-creates the lost one.
    const healed = await engine.up(() => {
      new Note("kept", { title: "k", body: "original" });
      new Note("lost", { title: "l" });
    });
    expect(stepFor(healed, "kept")).toMatchObject({ op: "update", diff: { changedKeys: ["body"] } });
    expect(stepFor(healed, "lost").op).toBe("create");
    expect(stack.store().notes[kept.id].body).toBe("original");
  });

  test("refresh reports no change for an untouched resource", async () => {
    const { engine } = stack;
    await engine.up(oneNote({ title: "t" }));
    const refreshed = await engine.refresh();
    expect(stepFor(refreshed, "n")).toMatchObject({
      op: "refresh",
      diff: { changes: "none", changedKeys: [] },
    });
    expect(refreshed.providerCalls).toEqual([{ operation: "Read", urn: engine.state[0].urn, id: "note-1" }]);
  });
});
