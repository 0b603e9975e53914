/**
 * How check failures read: echoed values are quoted, escaped and cut; broken JSON text is named as
 * such; the rules across parameters run beside the per-value rules, skipping only those that read
 * a value which failed its own check.
 */
import { requiredWhen, is, together } from "../../provider/schema/crossFieldRules";
import { param, resourceTable } from "../../provider/schema/parameterTable";
import {
  integer,
  listOf,
  maxEchoLength,
  object,
  oneOf,
  quoteValue,
  required,
  text,
} from "../../provider/schema/shapes";
import { slsConfigsShape } from "../../provider/schema/jobTemplateStructures";
import { brokenJsonText, checkInputs } from "../../provider/resources/table/check";

describe("quoteValue", () => {
  it("quotes short text as it is", () => {
    expect(quoteValue("9lives")).toBe('"9lives"');
  });
  it("escapes control characters", () => {
    expect(quoteValue("a\nb\tc\u0000d\u007f\u2028")).toBe('"a\\nb\\tc\\u0000d\\u007f\\u2028"');
  });
  it("cuts long text with an ellipsis, never splitting a character", () => {
    const quoted = quoteValue("😀".repeat(100));
    expect(quoted).toBe(`"${"😀".repeat(maxEchoLength)}…"`);
    expect(quoteValue("x".repeat(maxEchoLength))).toBe(`"${"x".repeat(maxEchoLength)}"`);
  });
  it("cuts a long value that is not text the same way", () => {
    expect(quoteValue(5)).toBe("5");
    expect(quoteValue({ a: "x".repeat(200) })).toMatch(new RegExp(`^\\{"a":"x{${maxEchoLength - 6}}…$`));
  });
});

describe("brokenJsonText", () => {
  const list = listOf(object({ name: required(text()) }));
  it("names text that is not JSON, for a structured shape", () => {
    expect(brokenJsonText(list, "[{")).toBe(
      'is not valid JSON (got "[{"): give a list of objects, or JSON text of one',
    );
  });
  it("passes JSON text, values that are not text, and text shapes", () => {
    expect(brokenJsonText(list, "[]")).toBeUndefined();
    expect(brokenJsonText(list, [])).toBeUndefined();
    expect(brokenJsonText(text(), "[{")).toBeUndefined();
  });
});

describe("slsConfigsShape", () => {
  const refine = slsConfigsShape.refine!;
  it("refuses entries naming different projects", () => {
    expect(
      refine([
        { logDir: "/a", projectName: "p1", logstoreName: "s" },
        { logDir: "/b", projectName: "p2", logstoreName: "s" },
      ]),
    ).toMatch(/Sls\.Config\.Mixed\.Multi\.Project/);
  });
  it("accepts one project, and entries without one", () => {
    expect(
      refine([
        { logDir: "/a", projectName: "p1", logstoreName: "s1" },
        { logDir: "/b", projectName: "p1", logstoreName: "s2" },
        { logDir: "", logType: "stdout" },
      ]),
    ).toBeUndefined();
  });
});

describe("checkInputs", () => {
  const table = resourceTable(
    "Thing",
    {
      name: param(text({ pattern: { regex: /^[a-z]+$/, rule: "must be lowercase" } }), {
        api: "Name",
        required: true,
      }),
      kind: param(oneOf(["a", "b"]), { api: "Kind" }),
      url: param(text(), { api: "Url" }),
      low: param(integer({ min: 1 }), { api: "Low" }),
      high: param(integer({ min: 1 }), { api: "High" }),
    },
    {
      rules: [
        requiredWhen("url", is("kind", "a"), "is required when kind is a"),
        together(["low", "high"], "set both or neither"),
      ],
    },
  );

  it("reports the rules across parameters together with the per-value failures", () => {
    const { failures } = checkInputs(table, { name: "Bad", kind: "a", low: 1 });
    expect(failures).toEqual([
      { property: "name", reason: 'must be lowercase (got "Bad")' },
      { property: "url", reason: "is required when kind is a" },
      { property: "high", reason: "set both or neither" },
    ]);
  });

  it("skips a rule that reads a malformed value", () => {
    const { failures } = checkInputs(table, { name: "ok", kind: "c", low: 0 });
    expect(failures.map((f) => f.property)).toEqual(["kind", "low"]);
  });
});
