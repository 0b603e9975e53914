/**
 * The generic table machinery (check, changes, read-back, encoding, body placement and the rules
 * across parameters) over a small table of its own, so nothing here leans on JobTemplate's.
 */
import {
  is,
  isNot,
  notAllowedWhen,
  requiredWhen,
  requiredWith,
  together,
  validWhenSet,
} from "../../provider/schema/crossFieldRules";
import {
  bodyParams,
  outputNames,
  param,
  resourceTable,
  secretNames,
  type TableInputs,
} from "../../provider/schema/parameterTable";
import { flag, integer, listOf, oneOf, text, unknownValue } from "../../provider/schema/shapes";
import { checkInputs } from "../../provider/resources/table/check";
import { parameterChanges } from "../../provider/resources/table/changes";
import { encodeSetParameters } from "../../provider/resources/table/encode";
import { inputsFromOutputs, outputsFromAnswer } from "../../provider/resources/table/readBack";

const widgetParameters = {
  name: param(text(), { api: "Name", required: true }),
  kind: param(oneOf(["small", "large"]), { api: "Kind", computed: true }),
  size: param(integer({ min: 1 }), { api: "Size" }),
  color: param(text(), { api: "Color", default: "red" }),
  token: param(text(), { api: "Token", secret: true, body: true }),
  tags: param(listOf(text()), { api: "Tags" }),
  sealed: param(flag(), { api: "Sealed", notDescribed: true }),
} as const;

const widgets = resourceTable("Widget", widgetParameters, {
  rules: [
    requiredWhen("size", is("kind", "large"), ({ kind }) => `is required when kind is ${String(kind)}`),
    notAllowedWhen("tags", isNot("kind", "large"), "is only used when kind is large"),
    requiredWith("token", "tags", "is required when tags is set"),
    together(["size", "color"], "is required: size and color go together"),
    validWhenSet({
      fields: ["size", "color"],
      at: "size",
      valid: ({ size }) => (size as number) < 10,
      message: ({ size }) => `${String(size)} is too big`,
    }),
  ],
  reported: { widgetId: { api: "WidgetId", shape: text() }, parts: { api: "Parts", shape: listOf(text()) } },
});

describe("a resource's table", () => {
  it("derives the argument type from the table: required entries required, the rest optional", () => {
    const args: TableInputs<typeof widgetParameters> = { name: "w" };
    expect(checkInputs(widgets, args).failures).toEqual([]);
  });

  it("lists outputs, secrets and body parameters from the flags", () => {
    expect(outputNames(widgets)).toEqual([
      "name",
      "kind",
      "size",
      "color",
      "token",
      "tags",
      "sealed",
      "widgetId",
      "parts",
    ]);
    expect(secretNames(widgets)).toEqual(["token"]);
    expect(bodyParams(widgets.parameters)).toEqual(["Token"]);
  });
});

describe("checkInputs", () => {
  it("names the resource for inputs it does not have, and suggests near misses", () => {
    expect(checkInputs(widgets, { name: "w", Size: 2, shape: "round" }).failures).toEqual([
      { property: "Size", reason: "is not a Widget input (did you mean size?)" },
      { property: "shape", reason: "is not a Widget input" },
    ]);
  });

  it("coerces, checks each value, and keeps the serialized provider", () => {
    const { inputs, failures } = checkInputs(widgets, {
      name: "w",
      size: "3",
      color: "blue",
      __provider: "p",
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ name: "w", size: 3, color: "blue", __provider: "p" });
    expect(checkInputs(widgets, { size: 0 }).failures).toEqual([
      { property: "name", reason: "is required" },
      { property: "size", reason: "must be at least 1 (got 0)" },
    ]);
  });

  it("runs the rules across parameters, in the order they are declared, beside the per-value rules", () => {
    expect(checkInputs(widgets, { name: "w", kind: "large", color: "blue" }).failures).toEqual([
      { property: "size", reason: "is required when kind is large" },
      { property: "size", reason: "is required: size and color go together" },
    ]);
    expect(checkInputs(widgets, { name: "w", kind: "small", tags: ["a"] }).failures).toEqual([
      { property: "tags", reason: "is only used when kind is large" },
      { property: "token", reason: "is required when tags is set" },
    ]);
    expect(checkInputs(widgets, { name: "w", size: 12, color: "blue" }).failures).toEqual([
      { property: "size", reason: "12 is too big" },
    ]);
    // A rule reading a value that fails its own check is skipped (size/color); the others still run.
    expect(checkInputs(widgets, { name: "w", kind: "large", color: 5 }).failures).toEqual([
      { property: "color", reason: "must be a string" },
      { property: "size", reason: "is required when kind is large" },
    ]);
  });

  it("skips what an unknown value decides, and counts an unknown value as set", () => {
    expect(checkInputs(widgets, { name: "w", kind: unknownValue, tags: ["a"], token: "t" }).failures).toEqual(
      [],
    );
    expect(checkInputs(widgets, { name: "w", size: unknownValue }).failures).toEqual([]);
    expect(
      checkInputs(widgets, { name: "w", kind: "large", size: unknownValue, color: "c" }).failures,
    ).toEqual([]);
  });
});

describe("parameterChanges", () => {
  const olds = { name: "w", kind: "large", size: 3, color: "blue", tags: ["a"] };

  it("finds what is set, removed or unknown; a default or SAE's own choice is no change", () => {
    const news = { name: "w2", color: "red", tags: unknownValue };
    expect(
      parameterChanges(widgets, olds, news).map(({ name, kind, value }) => ({ name, kind, value })),
    ).toEqual([
      { name: "name", kind: "set", value: "w2" },
      { name: "size", kind: "removed", value: undefined },
      { name: "color", kind: "removed", value: undefined },
      { name: "tags", kind: "unknown", value: undefined },
    ]);
    expect(parameterChanges(widgets, olds, { ...olds, size: "3", tags: '["a"]' })).toEqual([]);
  });
});

describe("read-back and encoding", () => {
  it("reads an answer into outputs, keeping what it does not describe, and reports inputs without secrets", () => {
    const outputs = outputsFromAnswer(
      widgets,
      { Name: "w", Size: "4", Token: "s3cret", Tags: '["a"]', Sealed: false, WidgetId: "w-1" },
      { sealed: true },
    );
    expect(outputs).toEqual({
      name: "w",
      size: 4,
      token: "s3cret",
      tags: ["a"],
      sealed: true,
      widgetId: "w-1",
      parts: [],
    });
    expect(inputsFromOutputs(widgets, outputs)).toEqual({ name: "w", size: 4, tags: ["a"], sealed: true });
  });

  it("encodes every set value as the API takes it, leaving empty ones out", () => {
    expect(
      encodeSetParameters(widgets.parameters, { name: "w", size: 2, tags: ["a"], color: "", sealed: false }),
    ).toEqual({
      Name: "w",
      Size: "2",
      Tags: '["a"]',
      Sealed: "false",
    });
  });
});
