import * as pulumi from "@pulumi/pulumi";

import { Note } from "./fixtures/note";
import { startStack, type TestStack } from "./testStack";

const SECRET = "correct-horse-battery-staple";

describe("Engine secrets", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack();
  });

  afterEach(async () => {
    await stack.dispose();
  });

  const program = () =>
    void new Note(
      "n",
      { title: "t", body: "four words in body", secretText: pulumi.secret(SECRET) },
      { additionalSecretOutputs: ["wordCount"] },
    );

  test("unwraps secrets for the provider and masks them in every rendering", async () => {
    const { engine } = stack;
    const preview = await engine.preview(program);
    const up = await engine.up(program);
    expect(up.ok).toBe(true);

    // The dynamic provider cannot take secrets, so it received the plain value.
    expect(stack.store().notes["note-1"].secretText).toBe(SECRET);
    expect(engine.state[0]).toMatchObject({
      secretInputs: ["secretText"],
      additionalSecretOutputs: ["wordCount"],
    });
    expect([...engine.state[0].secretOutputs].sort()).toEqual(["secretText", "wordCount"]);
    expect(up.outputs[0].outputs.wordCount).toBe(4);

    for (const text of [engine.render(preview), engine.render(up), ...engine.transcript]) {
      expect(text).not.toContain(SECRET);
      expect(text).toMatch(/secretText\s*: \[secret\]/);
    }
    expect(engine.render(up)).toMatch(/wordCount\s*: \[secret\]/);
    expect(engine.render(up)).toMatch(/body\s*: "four words in body"/);
  });

  test("outputs stay masked after a refresh changes them", async () => {
    const { engine } = stack;
    await engine.up(program);
    stack.edit((store) => (store.notes["note-1"].secretText = "rotated-out-of-band"));
    const refreshed = await engine.refresh();
    expect(refreshed.steps[0].diff?.changedKeys).toContain("secretText");
    expect(engine.state[0].outputs.secretText).toBe("rotated-out-of-band");
    const text = engine.render(refreshed);
    expect(text).not.toContain("rotated-out-of-band");
    expect(text).toMatch(/secretText\s*: \[secret\]/);
  });
});
