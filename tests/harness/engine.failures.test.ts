import { Note } from "./fixtures/note";
import { startStack, type TestStack } from "./testStack";

describe("Engine failures", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack();
  });

  afterEach(async () => {
    await stack.dispose();
  });

  test("check failures fail the step with one line per property and stop the deployment", async () => {
    const { engine } = stack;
    const result = await engine.up(() => {
      const bad = new Note("bad", { title: "", slot: "No Spaces" });
      new Note("after", { title: "fine" }, { dependsOn: [bad] });
    });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.name)).toEqual(["bad"]);
    expect(result.steps[0].error).toBe(
      "one or more inputs failed to validate:\n" +
        "  title: title must be a non-empty string\n" +
        "  slot: slot may only contain a-z, 0-9 and '-'",
    );
    expect(result.providerCalls).toEqual([]);
    expect(engine.state).toEqual([]);
    const text = engine.render(result);
    expect(text).toContain("error: one or more inputs failed to validate:");
    expect(text).toContain("  title: title must be a non-empty string");
    expect(text).toMatch(/Updating failed: 1 error\(s\), 1 failed step\(s\)\.$/);
  });

  test("an init failure on create is recorded with its ID and retried by the next up", async () => {
    const { engine } = stack;
    const program = () => void new Note("n", { title: "t", body: "hello" });
    stack.edit((store) => (store.failNext = { op: "create", kind: "init", reason: "health check failed" }));

    const failed = await engine.up(program);
    expect(failed.ok).toBe(false);
    expect(failed.steps[0]).toMatchObject({
      op: "create",
      id: "note-1",
      error: "health check failed",
      initErrors: ["health check failed"],
    });
    expect(engine.state).toEqual([
      expect.objectContaining({
        id: "note-1",
        initErrors: ["health check failed"],
        outputs: expect.objectContaining({ revision: 1 }),
      }),
    ]);
    expect(engine.render(failed)).toContain("initialization errors:\n        * health check failed");

    // Same program again: no input changes, but init errors make the engine issue an (empty) update.
    const retried = await engine.up(program);
    expect(retried.ok).toBe(true);
    expect(retried.steps[0]).toMatchObject({ op: "update", id: "note-1", diff: { changes: "none" } });
    expect(retried.providerCalls).toEqual([expect.objectContaining({ operation: "Update", id: "note-1" })]);
    expect(engine.state[0].initErrors).toBeUndefined();
    expect(engine.state[0].outputs.revision).toBe(2);
  });

  test("an init failure on update keeps the ID and takes the reported properties", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t", body: "v1" }));
    stack.edit((store) => (store.failNext = { op: "update", kind: "init", reason: "rollout stuck" }));
    const result = await engine.up(() => void new Note("n", { title: "t", body: "v2 v2" }));
    expect(result.steps[0]).toMatchObject({
      op: "update",
      error: "rollout stuck",
      initErrors: ["rollout stuck"],
    });
    expect(engine.state[0]).toMatchObject({
      id: "note-1",
      inputs: { body: "v2 v2" },
      outputs: { body: "v2 v2", revision: 2, wordCount: 2 },
      initErrors: ["rollout stuck"],
    });
  });

  test("init-failure properties without __provider leave a resource the host cannot delete", async () => {
    // Faithful to Pulumi: the engine stores the error's properties as outputs, and Delete finds the
    // provider code only through them.
    const { engine } = stack;
    stack.edit(
      (store) => (store.failNext = { op: "create", kind: "init", reason: "bad", omitProvider: true }),
    );
    await engine.up(() => void new Note("n", { title: "t" }));
    expect(engine.state[0].outputs.__provider).toBeUndefined();
    const destroyed = await engine.destroy();
    expect(destroyed.ok).toBe(false);
    expect(destroyed.steps[0].error).toContain("code must be a string");
    expect(engine.state).toHaveLength(1);
  });

  test("a failed delete keeps the resource in state for the next attempt", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t" }));
    stack.edit(
      (store) => (store.failNext = { op: "delete", kind: "error", reason: "locked by another user" }),
    );
    const failed = await engine.destroy();
    expect(failed.steps[0]).toMatchObject({ op: "delete", error: "locked by another user" });
    expect(engine.state.map((r) => r.id)).toEqual(["note-1"]);
    const retried = await engine.destroy();
    expect(retried.ok).toBe(true);
    expect(engine.state).toEqual([]);
  });

  test("a failed plain update leaves the prior state untouched", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t", body: "v1" }));
    stack.edit((store) => (store.failNext = { op: "update", kind: "error", reason: "conflict" }));
    const result = await engine.up(() => void new Note("n", { title: "t", body: "v2" }));
    expect(result.steps[0]).toMatchObject({ op: "update", error: "conflict" });
    expect(result.steps[0].initErrors).toBeUndefined();
    expect(engine.state[0]).toMatchObject({ inputs: { body: "v1" }, outputs: { body: "v1", revision: 1 } });
  });

  test("a protected resource is not deleted", async () => {
    const { engine } = stack;
    await engine.up(() => void new Note("n", { title: "t" }, { protect: true }));
    const result = await engine.destroy();
    expect(result.ok).toBe(false);
    expect(result.steps[0].error).toContain("cannot be deleted\nbecause it is protected");
    expect(result.providerCalls).toEqual([]);
    expect(engine.state).toHaveLength(1);
  });

  test("a program that throws fails the operation before any provider call", async () => {
    const { engine } = stack;
    const result = await engine.up(() => {
      throw new Error("typo in program");
    });
    expect(result).toMatchObject({ ok: false, steps: [], providerCalls: [], errors: ["typo in program"] });
    expect(engine.render(result)).toContain("Diagnostics:\n    error: typo in program");
  });
});
