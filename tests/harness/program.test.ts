import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

import { runProgram, UNKNOWN_VALUE, type Registration } from "../../harness";
import { Note } from "./fixtures/note";

/** A bare dynamic resource (the SDK's base class is abstract). */
class Raw extends pulumi.dynamic.Resource {}

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function byName(regs: Registration[], name: string): Registration {
  const reg = regs.find((r) => r.name === name);
  if (!reg) {
    throw new Error(`no registration named ${name}`);
  }
  return reg;
}

describe("runProgram", () => {
  test("captures custom resources with URN, serialized inputs and the provider text", async () => {
    const regs = await runProgram(() => void new Note("first", { title: "hello", body: "world" }), {
      project: "proj",
      stack: "dev",
    });
    expect(regs).toHaveLength(1);
    const [reg] = regs;
    expect(reg.type).toBe("pulumi-nodejs:dynamic/notes:Note");
    expect(reg.urn).toBe("urn:pulumi:dev::proj::pulumi-nodejs:dynamic/notes:Note::first");
    expect(reg.inputs).toMatchObject({ title: "hello", body: "world" });
    // Declared-but-unset output properties are not sent.
    expect(Object.keys(reg.inputs).sort()).toEqual(["__provider", "body", "title"]);
    expect(reg.inputs.__provider).toEqual(expect.stringContaining("exports.handler"));
  });

  test("reports secret inputs (top-level and nested) and keeps their wire form", async () => {
    const regs = await runProgram(() => {
      new Note("s", { title: "t", secretText: pulumi.secret("hush") });
      new Raw({ create: async () => ({ id: "x" }) }, "nested", {
        plain: 1,
        config: { password: pulumi.secret("pw") },
      });
    });
    const secretNote = byName(regs, "s");
    expect(secretNote.secretInputs).toEqual(["secretText"]);
    expect(secretNote.inputs.secretText).toEqual({ ...SECRET_SIG, value: "hush" });
    expect(byName(regs, "nested").secretInputs).toEqual(["config"]);
  });

  test("captures the resource options the engine plans with", async () => {
    const regs = await runProgram(() => {
      const a = new Note("a", { title: "a" }, { protect: true, deleteBeforeReplace: false });
      new Note(
        "b",
        { title: a.id },
        {
          dependsOn: [a],
          import: "note-7",
          ignoreChanges: ["body"],
          replaceOnChanges: ["color"],
          additionalSecretOutputs: ["wordCount"],
          customTimeouts: { create: "2m" },
        },
      );
    });
    const a = byName(regs, "a");
    const b = byName(regs, "b");
    expect(a.options).toEqual({
      additionalSecretOutputs: [],
      deleteBeforeReplace: false,
      ignoreChanges: [],
      replaceOnChanges: [],
      protect: true,
      dependsOn: [],
    });
    expect(b.options).toEqual({
      additionalSecretOutputs: ["wordCount"],
      importId: "note-7",
      ignoreChanges: ["body"],
      replaceOnChanges: ["color"],
      dependsOn: [a.urn],
      customTimeouts: { create: "2m" },
    });
    // The mocks answer with the import ID (or name + "-id"), so dependants see a known ID.
    expect(b.inputs.title).toBe("a-id");
  });

  test("makes config visible to the program and does not leak it afterwards", async () => {
    let seen: string | undefined;
    await runProgram(() => void (seen = new pulumi.Config("sae").get("region")), {
      config: { "sae:region": "cn-hangzhou" },
    });
    expect(seen).toBe("cn-hangzhou");
    expect(new pulumi.Config("sae").get("region")).toBeUndefined();
  });

  test("runs in preview mode when asked, where apply callbacks still see mock values", async () => {
    let dryRun: boolean | undefined;
    const regs = await runProgram(
      () => {
        dryRun = pulumi.runtime.isDryRun();
        const a = new Note("a", { title: "a" });
        // Created inside an apply: must still be waited for and captured.
        a.id.apply((id) => new Note("late", { title: `after ${id}` }));
      },
      { preview: true },
    );
    expect(dryRun).toBe(true);
    expect(byName(regs, "late").inputs.title).toBe("after a-id");
  });

  test("passes unknown values through as the SDK's sentinel", async () => {
    const regs = await runProgram(
      () => void new Note("u", { title: pulumi.output(pulumi.unknown as unknown as string) }),
      { preview: true },
    );
    expect(byName(regs, "u").inputs.title).toBe(UNKNOWN_VALUE);
  });

  test("returns registrations in construction order, not RPC arrival order", async () => {
    const regs = await runProgram(() => {
      // More inputs take longer to serialize, so "big" reaches the monitor after "small".
      new Note("big", { title: "t", body: "b", color: "c", slot: "s", secretText: "x" });
      new Note("small", { title: "t" });
    });
    expect(regs.map((r) => r.name)).toEqual(["big", "small"]);
  });

  test("can run several programs in one file, each seeing only its own resources", async () => {
    const v1 = await runProgram(() => void new Note("n", { title: "t", body: "v1" }));
    const v2 = await runProgram(() => {
      new Note("n", { title: "t", body: "v2" });
      new Note("m", { title: "t2" });
    });
    expect(v1.map((r) => r.inputs.body)).toEqual(["v1"]);
    expect(byName(v2, "n").inputs.body).toBe("v2");
    expect(v2).toHaveLength(2);
  });

  test("rejects when the program throws, restores the hook and keeps its stragglers out of the next run", async () => {
    const hook = MockMonitor.prototype.registerResource;
    await expect(
      runProgram(() => {
        new Note("straggler", { title: "t" });
        throw new Error("bad program");
      }),
    ).rejects.toThrow("bad program");
    expect(MockMonitor.prototype.registerResource).toBe(hook);
    const next = await runProgram(() => void new Note("next", { title: "t" }));
    expect(next.map((r) => r.name)).toEqual(["next"]);
  });
});
