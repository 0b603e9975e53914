import { Note } from "./fixtures/note";
import { Tag } from "./fixtures/tag";
import { startStack, type TestStack } from "./testStack";

describe("Engine diff and replacement rules", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack();
  });

  afterEach(async () => {
    await stack.dispose();
  });

  test("a provider without diff answers DIFF_UNKNOWN and the engine compares inputs itself", async () => {
    const { engine } = stack;
    await engine.up(() => void new Tag("t", { key: "env", value: "dev" }));
    const same = await engine.up(() => void new Tag("t", { key: "env", value: "dev" }));
    expect(same.steps[0]).toMatchObject({
      op: "same",
      diff: { providerChanges: "unknown", changes: "none" },
    });

    const changed = await engine.up(() => void new Tag("t", { key: "env", value: "prod" }));
    expect(changed.steps[0]).toMatchObject({
      op: "update",
      diff: { providerChanges: "unknown", changes: "some", changedKeys: ["value"], replaces: [] },
    });
    expect(Object.values(stack.store().tags)).toEqual([{ key: "env", value: "prod" }]);
  });

  test("replaceOnChanges turns an input-compared change into a replacement", async () => {
    const { engine } = stack;
    await engine.up(() => void new Tag("t", { key: "env", value: "dev" }, { replaceOnChanges: ["value"] }));
    const result = await engine.up(
      () => void new Tag("t", { key: "env", value: "prod" }, { replaceOnChanges: ["value"] }),
    );
    expect(result.steps[0]).toMatchObject({ op: "replace", diff: { replaces: ["value"] } });
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Create", "Delete"]);
  });

  test("replaceOnChanges does not apply when a dynamic diff() answers changes without naming them", async () => {
    // The dynamic-provider host never fills DiffResponse.diffs, and the engine matches
    // replaceOnChanges against those reported keys only.
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t", body: "a" }, { replaceOnChanges: ["body"] }));
    const result = await engine.up(
      () => void new Note("n", { title: "t", body: "b" }, { replaceOnChanges: ["body"] }),
    );
    expect(result.steps[0]).toMatchObject({ op: "update", diff: { providerChanges: "some", replaces: [] } });
  });

  test("a resource that failed to initialize is diffed like any other, and replaced when the diff says so", async () => {
    const { engine } = stack;
    stack.edit((store) => (store.failNext = { op: "create", kind: "init", reason: "health check failed" }));
    expect((await engine.up(() => void new Note("n", { title: "v1" }))).ok).toBe(false);
    expect(engine.state[0]).toMatchObject({ id: "note-1", initErrors: ["health check failed"] });

    const result = await engine.up(() => void new Note("n", { title: "v2" }));
    expect(result.errors).toEqual([]);
    expect(result.steps.map((s) => `${s.op}:${s.previousId ?? ""}->${s.id ?? ""}`)).toEqual([
      "replace:note-1->note-2",
      "delete:note-1->",
    ]);
    expect(result.steps[0].diff).toMatchObject({ replaces: ["title"] });
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Create", "Delete"]);
    expect(engine.state.map((r) => r.id)).toEqual(["note-2"]);
    expect(engine.state[0].initErrors).toBeUndefined();
    expect(Object.keys(stack.store().notes)).toEqual(["note-2"]);
  });

  test("replaceOnChanges covering #initerror replaces a resource that failed to initialize", async () => {
    const { engine } = stack;
    const program = () => void new Note("n", { title: "t" }, { replaceOnChanges: ["#initerror"] });
    stack.edit((store) => (store.failNext = { op: "create", kind: "init", reason: "health check failed" }));
    expect((await engine.up(program)).ok).toBe(false);

    const result = await engine.up(program);
    expect(result.errors).toEqual([]);
    expect(result.steps[0]).toMatchObject({
      op: "replace",
      diff: { providerChanges: "none", changes: "some", replaces: ["#initerror"] },
    });
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Create", "Delete"]);
    expect(engine.state.map((r) => r.id)).toEqual(["note-2"]);
    // Healthy now: the same program changes nothing.
    expect((await engine.up(program)).steps[0].op).toBe("same");
  });

  test("ignoreChanges keeps the old value, so the change is neither diffed nor applied", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t", body: "kept" }, { ignoreChanges: ["body"] }));
    const result = await engine.up(
      () => void new Note("n", { title: "t", body: "ignored" }, { ignoreChanges: ["body"] }),
    );
    expect(result.steps[0].op).toBe("same");
    expect(engine.state[0].inputs.body).toBe("kept");
    expect(stack.store().notes["note-1"].body).toBe("kept");
  });

  test("a delete-before-replace whose create fails resumes without deleting again", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "v1", slot: "s" }));
    stack.edit((store) => (store.failNext = { op: "create", kind: "error", reason: "capacity" }));

    const failed = await engine.up(() => void new Note("n", { title: "v2", slot: "s" }));
    expect(failed.steps[0]).toMatchObject({
      op: "replace",
      error: "capacity",
      replaceOrder: "delete-before-replace",
    });
    expect(failed.providerCalls.map((c) => c.operation)).toEqual(["Delete", "Create"]);
    expect(engine.state).toEqual([expect.objectContaining({ id: "note-1", pendingReplacement: true })]);
    expect(stack.store().notes).toEqual({});

    const resumed = await engine.up(() => void new Note("n", { title: "v2", slot: "s" }));
    expect(resumed.ok).toBe(true);
    expect(resumed.providerCalls.map((c) => c.operation)).toEqual(["Create"]);
    expect(engine.state).toEqual([expect.objectContaining({ id: "note-3" })]);
    expect(engine.state[0].pendingReplacement).toBeUndefined();
  });

  test("the original of a create-before-delete replacement stays pending until its delete succeeds", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "v1" }));
    stack.edit((store) => (store.failNext = { op: "delete", kind: "error", reason: "busy" }));
    const failed = await engine.up(() => void new Note("n", { title: "v2" }));
    expect(failed.ok).toBe(false);
    expect(failed.steps.map((s) => `${s.op}:${s.error ?? "ok"}`)).toEqual(["replace:ok", "delete:busy"]);
    expect(engine.state.map((r) => [r.id, r.pendingDelete === true])).toEqual([
      ["note-1", true],
      ["note-2", false],
    ]);
    expect(engine.resource("n")?.id).toBe("note-2");

    const next = await engine.up(() => void new Note("n", { title: "v2" }));
    expect(next.steps.map((s) => `${s.op}:${s.previousId ?? s.id}`)).toEqual([
      "same:note-2",
      "delete:note-1",
    ]);
    expect(engine.state.map((r) => r.id)).toEqual(["note-2"]);
    expect(Object.keys(stack.store().notes)).toEqual(["note-2"]);
  });
});
