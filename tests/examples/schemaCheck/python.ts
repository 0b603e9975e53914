/**
 * Reads a Python program that uses the generated SDK: `import pulumi_sae as sae`, resources as
 * `sae.JobTemplate("name", app_name=…, …)`, functions as `sae.get_job_template(…)`, nested inputs
 * as `sae.EnvVarArgs(…)` or dicts, enums as `sae.PackageType.IMAGE`, and conditional expressions.
 */
import type { Call, ObjectValue, Problem, Reading, Value } from "./schema";
import { closing, type Scanned, type Span, scan, splitTopLevel, topLevelIndex, trim } from "./scan";

/** Reads `source`; `packageName` is the schema's Python package (`pulumi_sae`). */
export function readPython(source: string, packageName: string): Reading {
  const scanned = scan(source, "python");
  const { masked } = scanned;
  const problems: Problem[] = [];
  const aliases: string[] = [];
  for (const m of masked.matchAll(/^(?:import\s+([\w.]+)(?:\s+as\s+(\w+))?|from\s+([\w.]+)\s+import\b)/gm)) {
    const module = m[1] ?? m[3];
    if (module === packageName) {
      aliases.push(m[2] ?? module);
    } else if (/^pulumi_/.test(module)) {
      problems.push({
        at: m.index,
        path: "",
        rule: `imports ${module}, but the schema's Python package is ${packageName}`,
      });
    }
  }
  if (aliases.length === 0) {
    problems.push({ at: 0, path: "", rule: `does not import the SDK's package ${packageName}` });
  }
  const calls: Call[] = [];
  const accesses: Reading["accesses"] = [];
  for (const alias of aliases) {
    const prefix = new RegExp(`(?:\\b(\\w+)\\s*=\\s*)?(?<![\\w.])${alias}\\.(\\w+)\\s*\\(`, "g");
    for (const m of masked.matchAll(prefix)) {
      const name = m[2];
      if (/Args$/.test(name)) {
        continue; // an input class, read where it is a value
      }
      const open = m.index + m[0].length - 1;
      const span = { start: open + 1, end: closing(masked, open) };
      const parts = splitTopLevel(masked, span);
      const positional = parts.filter((p) => !/^\w+\s*=(?!=)/.test(masked.slice(p.start, p.end)));
      const keywords = parts.filter((p) => !positional.includes(p));
      const logical = positional[0] && scanned.strings.get(positional[0].start);
      const fields = keywords.map((p) => keyword(scanned, p, alias)).filter((f) => f.name !== "opts");
      const isResource = /^[A-Z]/.test(name);
      // A resource takes its inputs after its name; `args=` (or a second positional) hides them.
      const hidden = fields.some((f) => f.name === "args") || positional.length > (isResource ? 1 : 0);
      calls.push({
        name,
        logicalName: isResource ? logical?.value : undefined,
        args: { kind: "object", fields: fields.filter((f) => f.name !== "args"), open: hidden, at: m.index },
        variable: m[1],
        at: m.index + (m[1] ? m[0].indexOf(alias) : 0),
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

function keyword(scanned: Scanned, part: Span, alias: string): { name: string; value: Value; at: number } {
  const text = scanned.masked.slice(part.start, part.end);
  const eq = text.indexOf("=");
  return {
    name: text.slice(0, eq).trim(),
    value: pythonValue(scanned, trim(scanned.masked, { start: part.start + eq + 1, end: part.end }), alias),
    at: part.start,
  };
}

/** The value of the Python expression at `span`. */
function pythonValue(scanned: Scanned, span: Span, alias: string): Value {
  const { masked } = scanned;
  const text = masked.slice(span.start, span.end);
  const at = span.start;
  if (text.startsWith("(") && closing(masked, span.start) === span.end - 1) {
    return pythonValue(scanned, trim(masked, { start: span.start + 1, end: span.end - 1 }), alias);
  }
  const ifAt = topLevelIndex(masked, span, /^\sif\s/);
  if (ifAt !== -1) {
    const elseAt = topLevelIndex(masked, { start: ifAt, end: span.end }, /^\selse\s/);
    return {
      kind: "choice",
      options: [
        pythonValue(scanned, trim(masked, { start: span.start, end: ifAt }), alias),
        pythonValue(scanned, trim(masked, { start: elseAt + 5, end: span.end }), alias),
      ],
      at,
    };
  }
  const literal = scanned.strings.get(span.start);
  if (literal && literal.end === span.end) {
    return { kind: "string", value: literal.value, at };
  }
  if (text === "None") {
    return { kind: "null", at };
  }
  if (text === "True" || text === "False") {
    return { kind: "boolean", at };
  }
  if (/^-?\d[\d_]*$/.test(text)) {
    return { kind: "number", integer: true, at };
  }
  if (/^-?\d[\d_]*\.\d*(e-?\d+)?$/.test(text)) {
    return { kind: "number", integer: false, at };
  }
  if (text.startsWith("[") && closing(masked, span.start) === span.end - 1) {
    const items = splitTopLevel(masked, { start: span.start + 1, end: span.end - 1 });
    return { kind: "list", items: items.map((item) => pythonValue(scanned, item, alias)), at };
  }
  if (text.startsWith("{") && closing(masked, span.start) === span.end - 1) {
    return dict(scanned, span, alias);
  }
  const constructed = new RegExp(`^${alias}\\.(\\w+Args)\\s*\\(`).exec(text);
  if (constructed && closing(masked, span.start + constructed[0].length - 1) === span.end - 1) {
    const inner = { start: span.start + constructed[0].length, end: span.end - 1 };
    const fields = splitTopLevel(masked, inner).map((p) => keyword(scanned, p, alias));
    return { kind: "object", className: constructed[1], fields, at };
  }
  const constant = new RegExp(`^${alias}\\.(\\w+\\.\\w+)$`).exec(text);
  if (constant) {
    return { kind: "enum", name: constant[1], at };
  }
  return { kind: "unknown", at };
}

/** A dict display: string keys (an ArgsDict's snake_case names, or a map's keys). */
function dict(scanned: Scanned, span: Span, alias: string): ObjectValue {
  const fields: ObjectValue["fields"] = [];
  let open = false;
  for (const entry of splitTopLevel(scanned.masked, { start: span.start + 1, end: span.end - 1 })) {
    const key = scanned.strings.get(entry.start);
    const colon = key ? scanned.masked.indexOf(":", key.end) : -1;
    if (!key || key.value === undefined || colon === -1) {
      open = true; // `**spread` or a computed key
      continue;
    }
    const value = pythonValue(scanned, trim(scanned.masked, { start: colon + 1, end: entry.end }), alias);
    fields.push({ name: key.value, value, at: entry.start });
  }
  return { kind: "object", fields, open, at: span.start };
}
