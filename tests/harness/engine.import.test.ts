import { Note } from "./fixtures/note";
import { Tag } from "./fixtures/tag";
import { startStack, type TestStack } from "./testStack";

describe("Engine import", () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await startStack();
    // A note that exists outside the stack, as if made by hand.
    stack.edit((store) => {
      store.nextId = 50;
      store.notes["note-42"] = { title: "handmade", body: "from the console", color: "blue", revision: 3 };
    });
  });

  afterEach(async () => {
    await stack.dispose();
  });

  test("adopts a matching resource without creating anything", async () => {
    const { engine } = stack;
    const program = () =>
      void new Note(
        "adopted",
        { title: "handmade", body: "from the console", color: "blue" },
        { import: "note-42" },
      );
    const result = await engine.up(program);
    expect(result.ok).toBe(true);
    expect(result.steps).toEqual([
      expect.objectContaining({
        op: "import",
        id: "note-42",
        diff: expect.objectContaining({ changes: "none" }),
      }),
    ]);
    expect(result.providerCalls.map((c) => c.operation)).toEqual(["Read"]);
    expect(engine.state).toEqual([
      expect.objectContaining({
        id: "note-42",
        inputs: expect.objectContaining({ title: "handmade", color: "blue" }),
        outputs: expect.objectContaining({ revision: 3, wordCount: 3 }),
      }),
    ]);
    expect(engine.render(result)).toMatch(
      /^ = +pulumi-nodejs:dynamic\/notes:Note +adopted +import +\[id: note-42\]$/m,
    );

    // Once in state, keeping the import option is harmless for in-place changes...
    const rerun = await engine.up(program);
    expect(rerun.steps[0].op).toBe("same");
    // ...but a replacement would change the ID, which the engine refuses.
    const replaced = await engine.up(
      () =>
        void new Note(
          "adopted",
          { title: "renamed", body: "from the console", color: "blue" },
          { import: "note-42" },
        ),
    );
    expect(replaced.ok).toBe(false);
    expect(replaced.steps[0].error).toContain(
      "previously-imported resources that still specify an ID may not be replaced",
    );
    expect(stack.store().notes["note-42"]).toBeDefined();
  });

  test("fails an import whose inputs differ, naming the differing properties", async () => {
    const { engine } = stack;
    const program = () =>
      void new Note(
        "adopted",
        { title: "handmade", body: "something else", color: "red" },
        { import: "note-42" },
      );
    const result = await engine.up(program);
    expect(result.ok).toBe(false);
    expect(result.steps[0].error).toBe("inputs to import do not match the existing resource: [body color]");
    expect(engine.state).toEqual([]);
    expect(stack.store().notes["note-42"].body).toBe("from the console");

    // In a preview the same mismatch is only a warning.
    const preview = await engine.preview(program);
    expect(preview.ok).toBe(true);
    expect(preview.steps[0].warnings).toEqual([
      "inputs to import do not match the existing resource: [body color]; importing this resource will fail",
    ]);
  });

  test("fails to import an ID that does not exist", async () => {
    const result = await stack.engine.up(
      () => void new Note("ghost", { title: "g" }, { import: "note-999" }),
    );
    expect(result.steps[0].error).toBe("resource 'note-999' does not exist");
    expect(stack.engine.state).toEqual([]);
  });

  test("fails to import through a provider whose read returns no inputs", async () => {
    stack.edit((store) => (store.tags["tag-1"] = { key: "k", value: "v" }));
    const result = await stack.engine.up(
      () => void new Tag("t", { key: "k", value: "v" }, { import: "tag-1" }),
    );
    expect(result.steps[0].error).toBe(
      "provider does not support importing resources; please try updating the 'pulumi-nodejs' plugin",
    );
  });
});
