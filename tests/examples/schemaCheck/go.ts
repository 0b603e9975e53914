/**
 * Reads a Go program that uses the generated SDK: its import of the SDK's package, resources as
 * `sae.NewJobTemplate(ctx, "name", &sae.JobTemplateArgs{…})` (or an `args` variable filled in by
 * later `args.Field = …` statements), functions as `sae.LookupJobTemplate(ctx, &sae.…Args{…})`,
 * inputs as composite literals (`sae.EnvVarArgs{…}`, `sae.EnvVarArray{…}`, `pulumi.StringArray{…}`),
 * scalars through `pulumi.String(…)`, `pulumi.Int(…)` and the like, enums as `sae.PackageTypeImage`.
 */
import type { Call, ObjectValue, Problem, Reading, Value } from "./schema";
import { closing, type Scanned, type Span, scan, splitTopLevel, trim } from "./scan";

const typedConstructors: Record<string, "string" | "integer" | "number" | "boolean"> = {
  String: "string",
  StringPtr: "string",
  StringRef: "string",
  Sprintf: "string",
  Int: "integer",
  IntPtr: "integer",
  IntRef: "integer",
  Float64: "number",
  Float64Ptr: "number",
  Float64Ref: "number",
  Bool: "boolean",
  BoolPtr: "boolean",
  BoolRef: "boolean",
};

/** Reads `source`; `importBasePath` is the schema's Go import path of the package. */
export function readGo(source: string, importBasePath: string, enumConstants: Set<string>): Reading {
  const scanned = scan(source, "go");
  const { masked } = scanned;
  const problems: Problem[] = [];
  let alias: string | undefined;
  const importBlock = /\bimport\s*\(([^)]*)\)|\bimport\s+(\w+\s+)?"[^"]*"/g;
  for (const block of masked.matchAll(importBlock)) {
    for (const m of source
      .slice(block.index, block.index + block[0].length)
      .matchAll(/(?:(\w+)\s+)?"([^"]+)"/g)) {
      const path = m[2];
      const name = m[1] ?? path.slice(path.lastIndexOf("/") + 1);
      if (path === importBasePath) {
        alias = name;
      } else if (/pulumi-sae|\/sae$/.test(path)) {
        problems.push({
          at: block.index + (m.index ?? 0),
          path: "",
          rule: `imports "${path}", but the schema's Go import path is "${importBasePath}"`,
        });
      }
    }
  }
  if (alias === undefined) {
    problems.push({ at: 0, path: "", rule: `does not import the SDK's package "${importBasePath}"` });
    return { calls: [], accesses: [], problems };
  }
  const reader = new GoValues(scanned, alias, enumConstants);

  // Args structs kept in variables, then filled in field by field.
  const variables = new Map<string, ObjectValue>();
  for (const m of masked.matchAll(new RegExp(`\\b(\\w+)\\s*:?=\\s*(&?${alias}\\.\\w+Args\\s*\\{)`, "g"))) {
    const start = m.index + m[0].length - m[2].length;
    const value = reader.value(trim(masked, { start, end: closing(masked, m.index + m[0].length - 1) + 1 }));
    if (value.kind === "object") {
      variables.set(m[1], value);
    }
  }
  for (const [name, object] of variables) {
    for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${name}\\.(\\w+)\\s*=(?!=)`, "g"))) {
      const start = m.index + m[0].length;
      object.fields.push({ name: m[1], value: reader.value(statement(masked, start)), at: m.index });
    }
  }

  const calls: Call[] = [];
  for (const m of masked.matchAll(
    new RegExp(`(?:\\b(\\w+)\\s*,\\s*\\w+\\s*:?=\\s*)?(?<![\\w.])${alias}\\.(\\w+)\\s*\\(`, "g"),
  )) {
    const open = m.index + m[0].length - 1;
    const parts = splitTopLevel(masked, { start: open + 1, end: closing(masked, open) });
    const constructor = /^New(\w+)$/.exec(m[2]);
    const argsPart = parts[constructor ? 2 : 1];
    const logical = constructor && parts[1] ? scanned.strings.get(parts[1].start) : undefined;
    let args: ObjectValue | undefined;
    if (argsPart) {
      const text = masked.slice(argsPart.start, argsPart.end);
      const value = /^\w+$/.test(text) ? variables.get(text) : reader.value(argsPart);
      args = value?.kind === "object" ? value : undefined;
    }
    calls.push({
      name: constructor ? constructor[1] : m[2],
      logicalName: logical?.value,
      args: args ?? { kind: "object", fields: [], open: true, at: m.index },
      argsClass: args?.className,
      variable: m[1],
      at: m.index + (m[1] ? m[0].indexOf(`${alias}.`) : 0),
    });
  }
  const accesses: Reading["accesses"] = [];
  for (const call of calls.filter((c) => c.variable)) {
    for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${call.variable}\\.(\\w+)`, "g"))) {
      accesses.push({ variable: call.variable!, member: m[1], at: m.index });
    }
  }
  return { calls, accesses, problems };
}

/** The rest of the statement that starts at `start`: up to the end of its line, brackets spanning lines. */
function statement(masked: string, start: number): Span {
  let depth = 0;
  for (let i = start; i < masked.length; i++) {
    const c = masked[i];
    if (c === "(" || c === "[" || c === "{") {
      depth++;
    } else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) {
        return trim(masked, { start, end: i });
      }
      depth--;
    } else if ((c === "\n" || c === ";") && depth === 0) {
      return trim(masked, { start, end: i });
    }
  }
  return trim(masked, { start, end: masked.length });
}

/** Reads Go expressions into values. */
class GoValues {
  constructor(
    private readonly scanned: Scanned,
    private readonly alias: string,
    private readonly enumConstants: Set<string>,
  ) {}

  value(span: Span): Value {
    const { masked, strings } = this.scanned;
    const text = masked.slice(span.start, span.end).replace(/^&/, "");
    const start = span.end - text.length;
    const at = start;
    const literal = strings.get(start);
    if (literal && literal.end === span.end) {
      return { kind: "string", value: literal.value, at };
    }
    if (text === "nil") {
      return { kind: "null", at };
    }
    if (text === "true" || text === "false") {
      return { kind: "boolean", at };
    }
    if (/^-?\d+$/.test(text)) {
      return { kind: "number", integer: true, at };
    }
    if (/^-?\d+\.\d*$/.test(text)) {
      return { kind: "number", integer: false, at };
    }
    const typed = /^pulumi\.(\w+)\s*\(/.exec(text);
    if (
      typed &&
      typedConstructors[typed[1]] &&
      closing(masked, start + typed[0].length - 1) === span.end - 1
    ) {
      return { kind: "typed", type: typedConstructors[typed[1]], at };
    }
    const composite = new RegExp(`^((?:pulumi|${this.alias})\\.(\\w+))\\s*\\{`).exec(text);
    if (composite && closing(masked, start + composite[0].length - 1) === span.end - 1) {
      const inner = { start: start + composite[0].length, end: span.end - 1 };
      const className = composite[1].startsWith("pulumi.") ? composite[1] : composite[2];
      const parts = splitTopLevel(masked, inner);
      if (/(Array)$/.test(className)) {
        return { kind: "list", className, items: parts.map((p) => this.value(p)), at };
      }
      return {
        kind: "object",
        className,
        fields: parts.map((p) => this.field(p, /Map$/.test(className))),
        at,
      };
    }
    const constant = new RegExp(`^${this.alias}\\.(\\w+)$`).exec(text);
    if (constant && this.enumConstants.has(constant[1])) {
      return { kind: "enum", name: constant[1], at };
    }
    if (constant && /^[A-Z]/.test(constant[1]) && !constant[1].startsWith("New")) {
      // A name of the package that is no enum constant the schema has: a misspelt constant.
      return { kind: "enum", name: constant[1], at };
    }
    return { kind: "unknown", at };
  }

  /** `Name: value` in a struct literal, or `"key": value` in a map literal. */
  private field(part: Span, map: boolean): { name: string; value: Value; at: number } {
    const { masked, strings } = this.scanned;
    const key = map ? strings.get(part.start) : undefined;
    const colon = masked.indexOf(":", key ? key.end : part.start);
    const name = key ? (key.value ?? "") : masked.slice(part.start, colon).trim();
    return { name, value: this.value(trim(masked, { start: colon + 1, end: part.end })), at: part.start };
  }
}
