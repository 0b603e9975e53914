/**
 * Reads a C# program that uses the generated SDK: its `using` of the SDK's namespace (`using
 * PulumiSae;` then `Sae.JobTemplate`, `using PulumiSae.Sae;` then `JobTemplate`, or an alias),
 * resources as `new Sae.JobTemplate("name", new Sae.JobTemplateArgs { … })` (or an `args` variable
 * filled in by later `args.Property = …;` statements), functions as
 * `Sae.GetJobTemplate.Invoke(new Sae.GetJobTemplateInvokeArgs { … })`, nested inputs as
 * `new Sae.Inputs.EnvVarArgs { … }` or target-typed `new() { … }`, lists as collection initializers
 * (`{ a, b }`, `new InputList<T> { … }`), enums as `Sae.PackageType.Image`, and `?:` conditionals.
 */
import type { Call, ObjectValue, Problem, Reading, Value } from "./schema";
import { closing, type Scanned, type Span, scan, splitTopLevel, topLevelIndex, trim } from "./scan";

/** Reads `source`; `namespace` is the SDK's (`PulumiSae.Sae`), `rootNamespace` the schema's (`PulumiSae`). */
export function readCSharp(source: string, namespace: string, rootNamespace: string): Reading {
  const scanned = scan(source, "csharp");
  const { masked } = scanned;
  const problems: Problem[] = [];
  const prefixes: string[] = [];
  const leaf = namespace.slice(namespace.lastIndexOf(".") + 1);
  for (const m of masked.matchAll(/^\s*using\s+(?:(\w+)\s*=\s*)?([\w.]+)\s*;/gm)) {
    const [, alias, used] = m;
    if (alias !== undefined && used === namespace) {
      prefixes.push(`${alias}.`);
    } else if (used === namespace) {
      prefixes.push("");
    } else if (used === rootNamespace) {
      prefixes.push(`${leaf}.`);
    } else if (new RegExp(`\\b${leaf}\\b`, "i").test(used) || used.startsWith(rootNamespace)) {
      problems.push({
        at: m.index,
        path: "",
        rule: `uses the namespace ${used}, but the SDK's is ${namespace}`,
      });
    }
  }
  if (prefixes.length === 0) {
    problems.push({ at: 0, path: "", rule: `does not use the SDK's namespace ${namespace}` });
    return { calls: [], accesses: [], problems };
  }
  const calls: Call[] = [];
  const accesses: Reading["accesses"] = [];
  for (const prefix of prefixes) {
    const p = prefix.replace(".", "\\.");
    const reader = new CSharpValues(scanned, prefix);
    const variables = new Map<string, ObjectValue>();
    for (const m of masked.matchAll(
      new RegExp(`\\bvar\\s+(\\w+)\\s*=\\s*(new\\s+${p}\\w+Args\\s*\\{)`, "g"),
    )) {
      const start = m.index + m[0].length - m[2].length;
      const value = reader.value({ start, end: closing(masked, m.index + m[0].length - 1) + 1 });
      if (value.kind === "object") {
        variables.set(m[1], value);
      }
    }
    for (const [name, object] of variables) {
      for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${name}\\.(\\w+)\\s*=(?!=)`, "g"))) {
        const start = m.index + m[0].length;
        const end = topLevelIndex(masked, { start, end: masked.length }, /^;/);
        object.fields.push({ name: m[1], value: reader.value(trim(masked, { start, end })), at: m.index });
      }
    }
    const call = new RegExp(
      `(?:\\bvar\\s+(\\w+)\\s*=\\s*(?:await\\s+)?)?(?:\\bnew\\s+${p}(\\w+)|(?<![\\w.])${p}(\\w+\\.Invoke(?:Async)?))\\s*\\(`,
      "g",
    );
    for (const m of masked.matchAll(call)) {
      const open = m.index + m[0].length - 1;
      const parts = splitTopLevel(masked, { start: open + 1, end: closing(masked, open) });
      const resource = m[2];
      const argsPart = parts[resource ? 1 : 0];
      let args: ObjectValue | undefined;
      if (argsPart) {
        const text = masked.slice(argsPart.start, argsPart.end);
        const value = /^\w+$/.test(text) ? variables.get(text) : reader.value(argsPart);
        args = value?.kind === "object" ? value : undefined;
      }
      const logical = resource && parts[0] ? scanned.strings.get(parts[0].start) : undefined;
      calls.push({
        name: resource ?? m[3],
        logicalName: logical?.value,
        args: args ?? { kind: "object", fields: [], open: true, at: m.index },
        argsClass: args?.className,
        variable: m[1],
        loose: prefix === "",
        at: m.index + (m[1] ? m[0].indexOf(resource ? "new" : prefix || m[3]) : 0),
      });
    }
  }
  for (const call of calls.filter((c) => c.variable)) {
    for (const m of masked.matchAll(new RegExp(`(?<![\\w.])${call.variable}\\.(\\w+)`, "g"))) {
      accesses.push({ variable: call.variable!, member: m[1], at: m.index });
    }
  }
  return { calls, accesses, problems };
}

/** Reads C# expressions into values. */
class CSharpValues {
  constructor(
    private readonly scanned: Scanned,
    private readonly prefix: string,
  ) {}

  value(span: Span): Value {
    const { masked, strings } = this.scanned;
    const text = masked.slice(span.start, span.end);
    const at = span.start;
    const question = topLevelIndex(masked, span, /^\s\?\s/);
    if (question !== -1) {
      const colon = topLevelIndex(masked, { start: question + 2, end: span.end }, /^\s:\s/);
      return {
        kind: "choice",
        options: [
          this.value(trim(masked, { start: question + 2, end: colon })),
          this.value(trim(masked, { start: colon + 2, end: span.end })),
        ],
        at,
      };
    }
    const literal = strings.get(span.start);
    if (literal && literal.end === span.end) {
      return { kind: "string", value: literal.value, at };
    }
    if (text === "null") {
      return { kind: "null", at };
    }
    if (text === "true" || text === "false") {
      return { kind: "boolean", at };
    }
    if (/^-?\d+[lL]?$/.test(text)) {
      return { kind: "number", integer: true, at };
    }
    if (/^-?\d+\.\d*[dDfFmM]?$/.test(text)) {
      return { kind: "number", integer: false, at };
    }
    if (text.startsWith("{") && closing(masked, span.start) === span.end - 1) {
      return this.initializer({ start: span.start + 1, end: span.end - 1 }, undefined, at);
    }
    const p = this.prefix.replace(".", "\\.");
    const created = new RegExp(
      `^new\\s*(?:(${p}[\\w.]+|InputList<[^{(]*>|InputMap<[^{(]*>)\\s*)?(\\(\\s*\\))?\\s*\\{`,
    ).exec(text);
    if (created && closing(masked, span.start + created[0].length - 1) === span.end - 1) {
      const inner = { start: span.start + created[0].length, end: span.end - 1 };
      const className = created[1]?.startsWith(this.prefix)
        ? created[1].slice(this.prefix.length)
        : undefined;
      const value = this.initializer(inner, className, at);
      return created[1]?.startsWith("InputMap") && value.kind === "list" ? { kind: "unknown", at } : value;
    }
    const constant = new RegExp(`^${p}(\\w+\\.\\w+)$`).exec(text);
    if (constant && !/^Inputs\./.test(constant[1])) {
      return { kind: "enum", name: constant[1], at };
    }
    return { kind: "unknown", at };
  }

  /** An object initializer (`{ Name = v, … }`) or a collection initializer (`{ a, b }`). */
  private initializer(inner: Span, className: string | undefined, at: number): Value {
    const { masked, strings } = this.scanned;
    const parts = splitTopLevel(masked, inner);
    const assignment = (part: Span) => topLevelIndex(masked, part, /^=(?!=)/);
    if (parts.length > 0 && parts.every((part) => assignment(part) !== -1)) {
      const fields = parts.map((part) => {
        const eq = assignment(part);
        const key = masked.slice(part.start, eq).trim();
        // `["key"] = value` is a map's index initializer.
        const indexKey = key.startsWith("[") ? strings.get(part.start + 1)?.value : undefined;
        return {
          name: indexKey ?? key,
          value: this.value(trim(masked, { start: eq + 1, end: part.end })),
          at: part.start,
        };
      });
      return { kind: "object", className, fields, at };
    }
    if (className === undefined || /^InputList|Array/.test(className)) {
      return { kind: "list", items: parts.map((part) => this.value(part)), at };
    }
    return { kind: "object", className, fields: [], at };
  }
}
