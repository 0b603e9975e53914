/**
 * `resolveOutputs`: during `up`, each registration waits for its step and gets the resource's real
 * ID and outputs, so one resource can take another's output that is not an input (`wordCount`).
 */
import * as pulumi from "@pulumi/pulumi";

import { UNKNOWN_VALUE, type OperationResult } from "../../harness";
import { Note } from "./fixtures/note";
import { startStack, type TestStack } from "./testStack";

const SECRET = "correct-horse-battery-staple";

/** What the program saw of the first note's outputs. */
interface Seen {
  id?: string;
  wordCount?: number;
  wordCountIsSecret?: boolean;
}

/** Two notes, the second's body built from the first's ID and word count (an output, not an input). */
function chained(firstBody: string, seen: Seen = {}) {
  return () => {
    const first = new Note("first", { title: "first", body: firstBody });
    first.id.apply((id) => (seen.id = id));
    first.wordCount.apply((count) => (seen.wordCount = count));
    new Note("second", {
      title: "second",
      body: pulumi.interpolate`${first.id} has ${first.wordCount} words`,
    });
  };
}

function outputsOf(result: OperationResult, name: string) {
  const resource = result.outputs.find((r) => r.name === name);
  if (!resource) {
    throw new Error(`no outputs for ${name} in ${JSON.stringify(result.outputs, null, 2)}`);
  }
  return resource.outputs;
}

describe("Engine with resolveOutputs", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack("dev", { resolveOutputs: true });
  });

  afterEach(async () => {
    await stack.dispose();
  });

  test("up answers each registration with the real ID and outputs, so a dependant gets them", async () => {
    const { engine } = stack;
    const seen: Seen = {};
    const created = await engine.up(chained("three short words", seen));
    expect(created.errors).toEqual([]);
    expect(created.steps.map((s) => [s.name, s.op, s.id])).toEqual([
      ["first", "create", "note-1"],
      ["second", "create", "note-2"],
    ]);
    expect(seen).toEqual({ id: "note-1", wordCount: 3 });
    expect(engine.resource("second")?.inputs.body).toBe("note-1 has 3 words");
    expect(stack.store().notes["note-2"].body).toBe("note-1 has 3 words");

    // Unchanged, the first note's outputs come from state, so the second is unchanged too.
    const again = await engine.up(chained("three short words"));
    expect(again.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(again.providerCalls).toEqual([]);

    // The first note's update reports a new word count, which the second takes up.
    const updated = await engine.up(chained("now four short words", seen));
    expect(updated.errors).toEqual([]);
    expect(updated.steps.map((s) => [s.name, s.op])).toEqual([
      ["first", "update"],
      ["second", "update"],
    ]);
    expect(seen.wordCount).toBe(4);
    expect(engine.resource("second")?.inputs.body).toBe("note-1 has 4 words");
  });

  test("preview keeps outputs that are not inputs unknown", async () => {
    const { engine } = stack;
    const seen: Seen = {};
    const preview = await engine.preview(chained("three short words", seen));
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.name, s.op, s.planned])).toEqual([
      ["first", "create", true],
      ["second", "create", true],
    ]);
    expect(outputsOf(preview, "second").body).toBe(UNKNOWN_VALUE);
    // As without the option, the mocks make up an ID; apply callbacks do not run on the unknown count.
    expect(seen).toEqual({ id: "first-id" });
    expect(preview.providerCalls).toEqual([]);
    expect(engine.state).toEqual([]);
  });

  test("secret outputs reach the program as secrets", async () => {
    const { engine } = stack;
    const seen: Seen = {};
    const result = await engine.up(() => {
      const first = new Note(
        "first",
        { title: "first", body: "two words", secretText: pulumi.secret(SECRET) },
        { additionalSecretOutputs: ["wordCount"] },
      );
      void pulumi.isSecret(first.wordCount).then((secret) => (seen.wordCountIsSecret = secret));
      new Note("second", { title: "second", body: pulumi.interpolate`${first.wordCount}` });
    });
    expect(result.errors).toEqual([]);
    expect(seen.wordCountIsSecret).toBe(true);
    expect(engine.resource("second")).toMatchObject({ inputs: { body: "2" }, secretInputs: ["body"] });
    expect(engine.render(result)).not.toContain(SECRET);
  });

  test.each([
    {
      failure: "a check failure",
      arm: () => undefined,
      firstTitle: "",
      error: "one or more inputs failed to validate:\n  title: title must be a non-empty string",
      calls: [],
    },
    {
      failure: "a create error",
      arm: (s: TestStack) =>
        s.edit((store) => (store.failNext = { op: "create", kind: "error", reason: "out of paper" })),
      firstTitle: "first",
      error: "out of paper",
      calls: ["Create"],
    },
  ])("$failure of the first note ends the run with its error", async ({ arm, firstTitle, error, calls }) => {
    const { engine } = stack;
    arm(stack);
    const result = await engine.up(() => {
      const first = new Note("first", { title: firstTitle });
      new Note("second", { title: "second", body: pulumi.interpolate`${first.wordCount}` });
    });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.error])).toEqual([["first", error]]);
    // The step's error only: the program's failure that follows from it is not reported again.
    expect(result.errors).toEqual([error]);
    expect(result.providerCalls.map((c) => c.operation)).toEqual(calls);
    expect(engine.state).toEqual([]);
    expect(stack.store().notes).toEqual({});

    // Nothing of the stopped run lingers: the next up runs the program afresh.
    const retried = await engine.up(chained("one"));
    expect(retried.errors).toEqual([]);
    expect(engine.resource("second")?.inputs.body).toMatch(/^note-\d+ has 1 words$/);
  });

  test("a program that fails after a step keeps what the step created and reports its own error", async () => {
    const { engine } = stack;
    const result = await engine.up(async () => {
      const first = new Note("first", { title: "first", body: "one two" });
      const count = await new Promise((resolve) => first.wordCount.apply(resolve));
      throw new Error(`the program gave up after counting ${String(count)} words`);
    });
    expect(result.errors).toEqual(["the program gave up after counting 2 words"]);
    expect(result.steps.map((s) => [s.name, s.op])).toEqual([["first", "create"]]);
    expect(engine.state.map((r) => r.id)).toEqual(["note-1"]);
  });
});

describe("Engine without resolveOutputs", () => {
  test("answers registrations with their inputs, so an output that is not an input is undefined", async () => {
    const stack = await startStack();
    try {
      const seen: Seen = {};
      const result = await stack.engine.up(chained("three short words", seen));
      expect(result.errors).toEqual([]);
      // The mocks' ID, and no word count: the program ran before any step.
      expect(seen).toEqual({ id: "first-id", wordCount: undefined });
      expect(stack.engine.resource("second")?.inputs.body).toBe("first-id has undefined words");
    } finally {
      await stack.dispose();
    }
  });
});
