import { applyIgnoreChanges, pathCovers } from "../../harness/propertyPaths";
import { render } from "../../harness/render";
import {
  changedKeys,
  containsUnknown,
  stripUndefined,
  toProviderValue,
  UNKNOWN_VALUE,
} from "../../harness/propertyValues";

const SIG = "4dabf18193072939515e22adb298388d";

describe("property values", () => {
  test("strips undefined the way JSON does, so a Struct can hold the result", () => {
    expect(stripUndefined({ a: undefined, b: [1, undefined], c: { d: undefined, e: null } })).toEqual({
      b: [1, null],
      c: { e: null },
    });
  });

  test("unwraps secrets and turns resource references into IDs (or URNs) for the provider", () => {
    const secret = { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: { nested: "x" } };
    const withId = { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:a", id: "id-a" };
    const component = { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:c" };
    expect(toProviderValue({ s: secret, list: [withId, component] })).toEqual({
      s: { nested: "x" },
      list: ["id-a", "urn:c"],
    });
  });

  test("finds unknowns anywhere and lists changed top-level keys", () => {
    expect(containsUnknown({ a: [{ b: UNKNOWN_VALUE }] })).toBe(true);
    expect(containsUnknown({ a: "known" })).toBe(false);
    expect(changedKeys({ a: 1, b: { c: [1] }, gone: 1 }, { a: 1, b: { c: [2] }, added: 1 })).toEqual([
      "added",
      "b",
      "gone",
    ]);
  });
});

describe("property paths", () => {
  test("ignoreChanges resets top-level and nested paths to the old value, or drops new ones", () => {
    const olds = { a: 1, spec: { image: "v1", port: 80 } };
    const news = { a: 2, spec: { image: "v2", port: 81 }, added: true };
    expect(applyIgnoreChanges(news, olds, ["a", "spec.image", "added"])).toEqual({
      a: 1,
      spec: { image: "v1", port: 81 },
    });
    // The input is not mutated.
    expect(news.a).toBe(2);
  });

  test("replaceOnChanges patterns cover exact keys and wildcards, not their parents", () => {
    expect(pathCovers("body", "body")).toBe(true);
    expect(pathCovers("*", "body")).toBe(true);
    expect(pathCovers("spec.image", "spec")).toBe(false);
    expect(pathCovers("title", "body")).toBe(false);
  });
});

describe("the transcript", () => {
  test("leaves out properties starting with __, as the CLI's display does, and masks secrets", () => {
    const text = render({
      operation: "preview",
      ok: true,
      stack: "dev",
      steps: [
        {
          urn: "urn:pulumi:dev::p::t::r",
          type: "t",
          name: "r",
          op: "update",
          planned: true,
          warnings: [],
          logs: [],
          diff: {
            providerChanges: "some",
            changes: "some",
            replaces: [],
            changedKeys: ["__provider", "body"],
            deleteBeforeReplace: false,
          },
        },
      ],
      outputs: [
        {
          urn: "urn:pulumi:dev::p::t::r",
          type: "t",
          name: "r",
          id: "r-1",
          outputs: {
            __provider: "exports.handler = …",
            __identity: "urn:pulumi:dev::p::t::r",
            body: "b",
            key: "k",
          },
          secretOutputs: ["key"],
        },
      ],
      errors: [],
      providerCalls: [],
      logs: [],
    });
    expect(text).toContain("[diff: ~body; planned]");
    expect(text).toMatch(/ body: "b"\n\s+key +: \[secret\]/);
    expect(text).not.toContain("__");
  });
});
