/**
 * How check failures read: echoed values are quoted, escaped and cut, URLs without their query;
 * broken JSON text is named as such; a text format's failure gives its rule and where the value
 * breaks it; the rules across parameters run beside the per-value rules, skipping only those that
 * read a value which failed its own check.
 */
import { requiredWhen, is, together } from "../../provider/schema/crossFieldRules";
import { param, resourceTable } from "../../provider/schema/parameterTable";
import {
  integer,
  listOf,
  maxEchoLength,
  object,
  oneOf,
  quoteUrl,
  quoteValue,
  required,
  text,
  type TextFormat,
  textRules,
  variants,
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

describe("quoteUrl", () => {
  it("leaves out the query, the fragment and the user name and password", () => {
    expect(quoteUrl("https://user:pw@host.example:8080/a/b.jar?Signature=x&Expires=1#top")).toBe(
      '"https://host.example:8080/a/b.jar"',
    );
    expect(quoteUrl("https://token@host.example?x")).toBe('"https://host.example"');
  });
  it("keeps an @ after the host, and text that is no URL up to its query", () => {
    expect(quoteUrl("registry.example/a/b@sha256:ab")).toBe('"registry.example/a/b@sha256:ab"');
    expect(quoteUrl("not a url?token=1")).toBe('"not a url"');
  });
  it("quotes what is left as quoteValue does", () => {
    expect(quoteUrl(`https://h/${"x".repeat(100)}\n`)).toBe(quoteValue(`https://h/${"x".repeat(100)}\n`));
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
  const evenDigits: TextFormat = {
    rule: "must be an even number of digits",
    problem: (value) =>
      !/^\d*$/.test(value) ? "" : value.length % 2 === 1 ? `it has ${value.length}` : undefined,
  };
  const table = resourceTable(
    "Thing",
    {
      name: param(text({ pattern: { regex: /^[a-z]+$/, rule: "must be lowercase" } }), {
        api: "Name",
        required: true,
      }),
      kind: param(oneOf(["a", "b"]), { api: "Kind" }),
      url: param(text({ format: { ...evenDigits, rule: "must be a URL", quote: quoteUrl } }), { api: "Url" }),
      code: param(text({ format: evenDigits }), { api: "Code" }),
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

  it("gives a format's rule, where the value breaks it, and the value as the format quotes it", () => {
    expect(checkInputs(table, { name: "ok", code: "123" }).failures).toEqual([
      { property: "code", reason: 'must be an even number of digits: it has 3 (got "123")' },
    ]);
    expect(checkInputs(table, { name: "ok", code: "12a" }).failures).toEqual([
      { property: "code", reason: 'must be an even number of digits (got "12a")' },
    ]);
    expect(checkInputs(table, { name: "ok", code: "1234" }).failures).toEqual([]);
    expect(checkInputs(table, { name: "ok", url: "h://x?q=secret" }).failures).toEqual([
      { property: "url", reason: 'must be a URL (got "h://x")' },
    ]);
  });

  it("skips a rule that reads a malformed value", () => {
    const { failures } = checkInputs(table, { name: "ok", kind: "c", low: 0 });
    expect(failures.map((f) => f.property)).toEqual(["kind", "low"]);
  });
});

describe("textRules", () => {
  it("lists each pattern and format with its path, and the variant it belongs to", () => {
    const format: TextFormat = { rule: "must be a schedule", problem: () => undefined };
    const shape = variants("type", {
      time: object({ type: required(oneOf(["time"])), config: required(text({ format })) }),
      http: object({
        type: required(oneOf(["http"])),
        hosts: required(listOf(text({ pattern: { regex: /x/, rule: "must hold x" } }))),
      }),
    });
    expect(textRules(shape)).toEqual([
      { path: ".config", when: "type is time", rule: "must be a schedule" },
      { path: ".hosts[]", when: "type is http", rule: "must hold x" },
    ]);
    expect(textRules(text({ format }))).toEqual([{ path: "", rule: "must be a schedule" }]);
    expect(textRules(integer())).toEqual([]);
  });
});
