/**
 * A small description language for parameter values. One shape says what a value may be, and
 * from it follow its TypeScript type, its validation, how it goes on the wire, how DescribeJob's
 * answer is read back into it, and the canonical form used to decide whether two values differ.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The value Pulumi sends for an input that is not known yet (during preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for Pulumi's "not known yet" value. */
export function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

/** True when `value` holds an unknown anywhere inside. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(containsUnknown);
  }
  if (isPlainObject(value)) {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

export interface StringShape<V extends string = string> {
  readonly kind: "string";
  /** The only values allowed, if limited. */
  readonly values?: readonly V[];
  readonly maxLength?: number;
  readonly pattern?: { readonly regex: RegExp; readonly rule: string };
  /** A rule a regular expression cannot say well (a cron schedule, an image reference). */
  readonly format?: TextFormat;
}

/**
 * A rule on text that takes a parser to check, declared once: its sentence is what a failure and
 * the README's parameter table say.
 */
export interface TextFormat {
  /** The rule, as the failure and the README say it: "must be an http:// or https:// URL". */
  readonly rule: string;
  /**
   * Where `value` breaks the rule, in a few words for after the rule ("hour 24 is not in 0-23"),
   * `""` when there is nothing to add to it, or `undefined` when the value keeps it.
   */
  readonly problem: (value: string) => string | undefined;
  /**
   * How the failure quotes the value, when {@link quoteValue} would say too much (a URL's query
   * can carry a signature). Defaults to {@link quoteValue}.
   */
  readonly quote?: (value: string) => string;
}
export interface IntegerShape {
  readonly kind: "integer";
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanShape {
  readonly kind: "boolean";
}
/** A string or a number (sharding parameters). */
export interface ScalarShape {
  readonly kind: "scalar";
}
export interface ListShape<I extends Shape = Shape> {
  readonly kind: "list";
  readonly item: I;
  /** A check on the whole list, e.g. unique names. Returns the reason it fails. */
  readonly refine?: (items: readonly unknown[]) => string | undefined;
}
export interface ObjectShape<F extends Fields = Fields> {
  readonly kind: "object";
  readonly fields: F;
  /** A check across fields. Returns problems with paths relative to the object. */
  readonly refine?: (value: Record<string, unknown>) => Problem[];
}
/** One of several object shapes, chosen by the value of a tag field (TriggerConfig's `type`). */
export interface VariantsShape<V extends Record<string, ObjectShape> = Record<string, ObjectShape>> {
  readonly kind: "variants";
  readonly tag: string;
  readonly variants: V;
}
/** Any JSON object; used where the docs leave the keys open. */
export interface JsonObjectShape {
  readonly kind: "json";
}
/** Text keys to text values, such as tags. */
export interface StringMapShape {
  readonly kind: "map";
  /** The most entries, not counting the {@link StringMapShape.ignoredKey ignored} ones. */
  readonly maxEntries?: number;
  /** A rule on one entry: the reason it fails, or `undefined`. */
  readonly refineEntry?: (key: string, value: string) => string | undefined;
  /** Keys the service sets itself (SAE's `acs:` tags): read-back drops them, so they are never a change. */
  readonly ignoredKey?: (key: string) => boolean;
}

export type Shape =
  | StringShape
  | IntegerShape
  | BooleanShape
  | ScalarShape
  | ListShape
  | ObjectShape
  | VariantsShape
  | JsonObjectShape
  | StringMapShape;

/** A field of an object shape. */
export interface FieldSpec<S extends Shape = Shape, R extends boolean = boolean> {
  readonly shape: S;
  readonly required: R;
  /** What SAE assumes when the field is absent: absent and this value compare equal. */
  readonly default?: unknown;
  /** The key DescribeJob uses for this field when it differs (MountDesc answers `MountPath`). */
  readonly describedAs?: string;
}
export type Fields = Readonly<Record<string, FieldSpec>>;

/** One validation failure: where, and which rule. */
export interface Problem {
  readonly path: string;
  readonly reason: string;
}

// ---- constructors ---------------------------------------------------------------------------

export function text(options: Omit<StringShape, "kind" | "values"> = {}): StringShape {
  return { kind: "string", ...options };
}
export function oneOf<const V extends string>(values: readonly V[]): StringShape<V> {
  return { kind: "string", values };
}
export function integer(options: Omit<IntegerShape, "kind"> = {}): IntegerShape {
  return { kind: "integer", ...options };
}
export function flag(): BooleanShape {
  return { kind: "boolean" };
}
export function scalar(): ScalarShape {
  return { kind: "scalar" };
}
export function listOf<I extends Shape>(item: I, refine?: ListShape["refine"]): ListShape<I> {
  return { kind: "list", item, refine };
}
export function object<const F extends Fields>(fields: F, refine?: ObjectShape["refine"]): ObjectShape<F> {
  return { kind: "object", fields, refine };
}
export function variants<const V extends Record<string, ObjectShape>>(
  tag: string,
  cases: V,
): VariantsShape<V> {
  return { kind: "variants", tag, variants: cases };
}
export function jsonObject(): JsonObjectShape {
  return { kind: "json" };
}
export function stringMap(options: Omit<StringMapShape, "kind"> = {}): StringMapShape {
  return { kind: "map", ...options };
}
export function required<S extends Shape>(
  shape: S,
  extras: Omit<FieldSpec, "shape" | "required"> = {},
): FieldSpec<S, true> {
  return { shape, required: true, ...extras };
}
export function optional<S extends Shape>(
  shape: S,
  extras: Omit<FieldSpec, "shape" | "required"> = {},
): FieldSpec<S, false> {
  return { shape, required: false, ...extras };
}

// ---- types --------------------------------------------------------------------------------

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<F> = { [K in keyof F]: F[K] extends FieldSpec<Shape, true> ? K : never }[keyof F];
type FieldTypes<F, Side extends "value" | "input"> = {
  [K in keyof F]: F[K] extends FieldSpec<infer S, boolean>
    ? Side extends "input"
      ? InputOf<S>
      : ValueOf<S>
    : never;
};
// Homomorphic mapped types and Pick/Partial keep each field's TSDoc on the derived type (plain
// key-filtered mapped types lose it).
type FieldsType<F, Side extends "value" | "input"> = Simplify<
  Pick<FieldTypes<F, Side>, RequiredKeys<F>> &
    Partial<Pick<FieldTypes<F, Side>, Exclude<keyof F, RequiredKeys<F>>>>
>;

/** The plain value of an object with fields `F` (what outputs hold); each property keeps its field's TSDoc. */
export type ObjectValue<F extends Fields> = FieldsType<F, "value">;

/**
 * What a program may pass for an object with fields `F`: each field as {@link InputOf} says. Each
 * property keeps its field's TSDoc.
 */
export type ObjectInput<F extends Fields> = FieldsType<F, "input">;

/**
 * A shape whose value and input types have names of their own, usually interfaces over
 * {@link ObjectValue} and {@link ObjectInput}. {@link ValueOf} and {@link InputOf} answer with the
 * names, so editors show `EnvVarInput` rather than the structure, and emitted declarations refer
 * to the name rather than re-printing the structure in another file, where its TSDoc would be lost.
 * `types` exists for the type checker only: it is never set.
 */
export type Named<S extends Shape, V, I> = S & { readonly types?: { readonly value: V; readonly input: I } };

// `types` is optional, so every shape matches `{ types?: infer T }`; only a named one infers more
// than `unknown`.
type NamesOf<S> = S extends { readonly types?: infer T }
  ? T extends { readonly value: unknown; readonly input: unknown }
    ? T
    : never
  : never;

/** The plain value a shape describes (what outputs hold). */
export type ValueOf<S> = [NamesOf<S>] extends [never] ? StructuralValueOf<S> : NamesOf<S>["value"];

type StructuralValueOf<S> =
  S extends StringShape<infer V>
    ? V
    : S extends IntegerShape
      ? number
      : S extends BooleanShape
        ? boolean
        : S extends ScalarShape
          ? string | number
          : S extends ListShape<infer I>
            ? ValueOf<I>[]
            : S extends ObjectShape<infer F>
              ? ObjectValue<F>
              : S extends VariantsShape<infer V>
                ? { [K in keyof V]: ValueOf<V[K]> }[keyof V]
                : S extends JsonObjectShape
                  ? { [key: string]: Json }
                  : S extends StringMapShape
                    ? { [key: string]: string }
                    : never;

/**
 * What a program may pass for a shape where the value as a whole may also be a Pulumi input (a
 * top-level argument, a list item), apart from that `pulumi.Input`: a scalar itself, a list of
 * inputs, an object whose fields are inputs. Wrapping scalars only once keeps the types as plain
 * as Pulumi's SDKs write them: `Input<string>`, `Input<Input<EnvVarInput>[]>`.
 */
export type InputValueOf<S> = [NamesOf<S>] extends [never] ? StructuralInputOf<S> : NamesOf<S>["input"];

type StructuralInputOf<S> =
  S extends ListShape<infer I>
    ? pulumi.Input<InputValueOf<I>>[]
    : S extends ObjectShape<infer F>
      ? ObjectInput<F>
      : S extends VariantsShape<infer V>
        ? { [K in keyof V]: InputValueOf<V[K]> }[keyof V]
        : ValueOf<S>;

/**
 * What a program may pass for a field of an object: a scalar may be a Pulumi input; a list or an
 * object is given itself, its members being inputs in turn.
 */
export type InputOf<S> = S extends ListShape | ObjectShape | VariantsShape
  ? InputValueOf<S>
  : pulumi.Input<ValueOf<S>>;

// ---- echoing values ---------------------------------------------------------------------------

/** How many characters of a value a message quotes at most. */
export const maxEchoLength = 80;

/**
 * A value the user gave, quoted for a message: text in double quotes with control characters
 * escaped (`\n`, `\t`, `\u0000`, …) and cut to {@link maxEchoLength} characters with an
 * ellipsis; other values as JSON, cut the same way. A multi-line or huge value must not flood
 * the console or hide the rest of the message.
 */
export function quoteValue(value: unknown): string {
  if (typeof value === "string") {
    // Cut by code points, so a surrogate pair is never split.
    const chars = Array.from(value);
    const cut = chars.length > maxEchoLength;
    const kept = cut ? chars.slice(0, maxEchoLength).join("") : value;
    const quoted = escapeControls(JSON.stringify(kept));
    return cut ? `${quoted.slice(0, -1)}…"` : quoted;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const chars = Array.from(escapeControls(text));
  return chars.length > maxEchoLength ? `${chars.slice(0, maxEchoLength).join("")}…` : chars.join("");
}

/**
 * A URL the user gave, quoted for a message as {@link quoteValue} does, but without its query,
 * its fragment, and the user name and password of a `scheme://user:password@host`: those can
 * carry a signature or a token (an OSS signed URL's `?Signature=`), and no message may show
 * them. Works on any text, URL or not (an image reference keeps its `@sha256:` digest).
 */
export function quoteUrl(value: string): string {
  const cut = value.replace(/[?#][\s\S]*$/, "");
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(cut)?.[0];
  if (scheme === undefined) {
    return quoteValue(cut);
  }
  // The authority runs to the first `/`; its user information ends at its last `@`.
  const slash = cut.indexOf("/", scheme.length);
  const authority = cut.slice(scheme.length, slash === -1 ? cut.length : slash);
  const at = authority.lastIndexOf("@");
  return quoteValue(at === -1 ? cut : scheme + cut.slice(scheme.length + at + 1));
}

/** Escapes what JSON.stringify leaves as is but a terminal would still act on (DEL, C1, line separators). */
function escapeControls(text: string): string {
  return text.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// ---- operations -----------------------------------------------------------------------------

/** Human wording of a shape, for error messages. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case "string":
      return shape.values ? `one of ${shape.values.join(", ")}` : "a string";
    case "integer":
      return "an integer";
    case "boolean":
      return "a boolean";
    case "scalar":
      return "a string or a number";
    case "list":
      return `a list of ${plural(describeShape(shape.item))}`;
    case "object":
    case "variants":
    case "json":
      return "an object";
    case "map":
      return "an object of text values";
  }
}

/** A text rule a shape declares, where it applies. */
export interface DeclaredTextRule {
  /** The path from the shape to the text (`""` for the shape itself, `.config`, `[].name`). */
  readonly path: string;
  /** When it applies, for a field of one variant only: "type is time". */
  readonly when?: string;
  /** The rule's sentence, as a failure says it. */
  readonly rule: string;
}

/**
 * The text rules (patterns and formats) a shape declares, on itself and on every field under it,
 * so docs can list them in the words a failure uses.
 */
export function textRules(shape: Shape, path = "", when?: string): DeclaredTextRule[] {
  switch (shape.kind) {
    case "string":
      return [shape.pattern?.rule, shape.format?.rule]
        .filter((rule): rule is string => rule !== undefined)
        .map((rule) => ({ path, rule, ...(when !== undefined && { when }) }));
    case "list":
      return textRules(shape.item, `${path}[]`, when);
    case "object":
      return Object.entries(shape.fields).flatMap(([name, field]) =>
        textRules(field.shape, `${path}.${name}`, when),
      );
    case "variants":
      return Object.entries(shape.variants).flatMap(([tag, variant]) =>
        textRules(variant, path, `${shape.tag} is ${tag}`),
      );
    default:
      return [];
  }
}

function plural(description: string): string {
  return (
    description.replace(/^an? /, "").replace(/^one of /, "values from ") + (/s$/.test(description) ? "" : "s")
  );
}

/**
 * Turns the forms a program may reasonably pass into the shape's own: numeric strings into
 * numbers, "true"/"false" into booleans (Pulumi config values are strings), and JSON text into
 * structures (so values copied from the SAE console work). Values that do not fit are returned
 * unchanged for {@link checkValue} to report.
 */
export function coerceValue(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null || isUnknown(value)) {
    return value;
  }
  switch (shape.kind) {
    case "integer":
      return typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    case "list": {
      const parsed = parseJsonText(value);
      return Array.isArray(parsed) ? parsed.map((item) => coerceValue(shape.item, item)) : parsed;
    }
    case "map":
      return parseJsonText(value);
    case "object":
    case "variants":
    case "json": {
      const parsed = parseJsonText(value);
      if (!isPlainObject(parsed)) {
        return parsed;
      }
      const objectShape = shape.kind === "variants" ? variantOf(shape, parsed) : shape;
      if (!objectShape || objectShape.kind !== "object") {
        return parsed;
      }
      return mapObject(parsed, (key, item) => {
        const field = objectShape.fields[key];
        return field ? coerceValue(field.shape, item) : item;
      });
    }
    default:
      return value;
  }
}

/** Validates a coerced value; unknown values (and everything under them) pass. */
export function checkValue(shape: Shape, value: unknown, path: string): Problem[] {
  if (isUnknown(value)) {
    return [];
  }
  const wrongType = (): Problem[] => [{ path, reason: `must be ${describeShape(shape)}` }];
  switch (shape.kind) {
    case "string": {
      if (typeof value !== "string") {
        return wrongType();
      }
      if (shape.values && !(shape.values as readonly string[]).includes(value)) {
        return [{ path, reason: `must be one of ${shape.values.join(", ")} (got ${quoteValue(value)})` }];
      }
      const problems: Problem[] = [];
      if (shape.maxLength !== undefined && value.length > shape.maxLength) {
        problems.push({
          path,
          reason: `must be at most ${shape.maxLength} characters (got ${value.length})`,
        });
      }
      if (shape.pattern && !shape.pattern.regex.test(value)) {
        problems.push({ path, reason: `${shape.pattern.rule} (got ${quoteValue(value)})` });
      }
      const broken = shape.format?.problem(value);
      if (shape.format && broken !== undefined) {
        const detail = broken === "" ? "" : `: ${broken}`;
        const quoted = (shape.format.quote ?? quoteValue)(value);
        problems.push({ path, reason: `${shape.format.rule}${detail} (got ${quoted})` });
      }
      return problems;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return wrongType();
      }
      if (shape.min !== undefined && value < shape.min) {
        return [{ path, reason: `must be at least ${shape.min}${rangeText(shape)} (got ${value})` }];
      }
      if (shape.max !== undefined && value > shape.max) {
        return [{ path, reason: `must be at most ${shape.max}${rangeText(shape)} (got ${value})` }];
      }
      return [];
    }
    case "boolean":
      return typeof value === "boolean" ? [] : wrongType();
    case "scalar":
      return typeof value === "string" || typeof value === "number" ? [] : wrongType();
    case "list": {
      if (!Array.isArray(value)) {
        return wrongType();
      }
      const problems = value.flatMap((item, index) => checkValue(shape.item, item, `${path}[${index}]`));
      const reason = problems.length === 0 && !containsUnknown(value) ? shape.refine?.(value) : undefined;
      return reason ? [...problems, { path, reason }] : problems;
    }
    case "object":
      return checkObject(shape, value, path);
    case "variants": {
      if (!isPlainObject(value)) {
        return wrongType();
      }
      const tagValue = value[shape.tag];
      if (isUnknown(tagValue)) {
        return [];
      }
      const variant = variantOf(shape, value);
      if (!variant) {
        const allowed = Object.keys(shape.variants).join(", ");
        return [
          {
            path: `${path}.${shape.tag}`,
            reason: `must be one of ${allowed} (got ${quoteValue(tagValue)})`,
          },
        ];
      }
      return checkObject(variant, value, path);
    }
    case "json":
      return isPlainObject(value) ? [] : wrongType();
    case "map":
      return checkMap(shape, value, path, wrongType);
  }
}

function checkMap(
  shape: StringMapShape,
  value: unknown,
  path: string,
  wrongType: () => Problem[],
): Problem[] {
  if (!isPlainObject(value)) {
    return wrongType();
  }
  const problems: Problem[] = [];
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}[${quoteValue(key)}]`;
    if (isUnknown(item)) {
      continue;
    }
    if (typeof item !== "string") {
      problems.push({ path: at, reason: "must be a string" });
      continue;
    }
    const reason = shape.refineEntry?.(key, item);
    if (reason) {
      problems.push({ path: at, reason });
    }
  }
  const counted = Object.keys(value).filter((key) => !shape.ignoredKey?.(key)).length;
  if (shape.maxEntries !== undefined && counted > shape.maxEntries) {
    problems.push({ path, reason: `must have at most ${shape.maxEntries} entries (got ${counted})` });
  }
  return problems;
}

function checkObject(shape: ObjectShape, value: unknown, path: string): Problem[] {
  if (!isPlainObject(value)) {
    return [{ path, reason: `must be ${describeShape(shape)}` }];
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(value)) {
    if (!(key in shape.fields)) {
      const known = Object.keys(shape.fields).join(", ");
      problems.push({ path: `${path}.${key}`, reason: `is not a known field (known fields: ${known})` });
    }
  }
  for (const [name, field] of Object.entries(shape.fields)) {
    const item = value[name];
    if (item === undefined || item === null) {
      if (field.required) {
        problems.push({ path: `${path}.${name}`, reason: `is required (${describeShape(field.shape)})` });
      }
      continue;
    }
    problems.push(...checkValue(field.shape, item, `${path}.${name}`));
  }
  if (problems.length === 0 && shape.refine && !containsUnknown(value)) {
    problems.push(
      ...shape.refine(value).map((p) => ({ path: p.path ? `${path}.${p.path}` : path, reason: p.reason })),
    );
  }
  return problems;
}

/**
 * The canonical form of a value: what two values must share to mean the same to SAE. Empty
 * strings, empty lists and empty objects are "not set" (`undefined`); absent object fields take
 * their documented defaults; object keys are sorted. Unknown values stay unknown.
 */
export function normalizeValue(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null || value === "" || isUnknown(value)) {
    return value === undefined || value === null || value === "" ? undefined : value;
  }
  const coerced = coerceValue(shape, value);
  switch (shape.kind) {
    case "list": {
      if (!Array.isArray(coerced)) {
        return coerced;
      }
      return setItems(coerced, (item) => normalizeValue(shape.item, item));
    }
    case "object":
      return normalizeObject(shape, coerced);
    case "variants": {
      const variant = isPlainObject(coerced) ? variantOf(shape, coerced) : undefined;
      return variant ? normalizeObject(variant, coerced) : canonicalJson(coerced);
    }
    case "json":
    case "map": {
      const sorted = canonicalJson(coerced);
      return isPlainObject(sorted) && Object.keys(sorted).length === 0 ? undefined : sorted;
    }
    default:
      return coerced;
  }
}

function normalizeObject(shape: ObjectShape, value: unknown): unknown {
  if (!isPlainObject(value)) {
    return value;
  }
  const present: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape.fields)) {
    const item = normalizeValue(field.shape, value[name]);
    if (item !== undefined) {
      present[name] = item;
    }
  }
  if (Object.keys(present).length === 0) {
    return undefined;
  }
  // Fill documented defaults only once the object is set at all: `{}` still means "not set".
  for (const [name, field] of Object.entries(shape.fields)) {
    if (present[name] === undefined && field.default !== undefined) {
      present[name] = field.default;
    }
  }
  return canonicalJson(present);
}

/** Encodes a (known, coerced) value as a wire parameter: scalars as text, structures as JSON. */
export function encodeWire(shape: Shape, value: unknown): string {
  switch (shape.kind) {
    case "list":
    case "object":
    case "variants":
    case "json":
    case "map":
      return JSON.stringify(canonicalJson(value));
    default:
      return String(value);
  }
}

/**
 * Reads a value as DescribeJob returns it (JSON text, or already an array of objects whose keys
 * may be spelled differently) back into the shape a program writes. Keys the shape does not
 * know are dropped. Returns `undefined` when the value is not set.
 */
export function decodeDescribed(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null || value === "") {
    return undefined;
  }
  switch (shape.kind) {
    case "string":
      return typeof value === "string" ? value : String(value);
    case "integer":
    case "boolean":
      return coerceValue(
        shape,
        typeof value === "number" || typeof value === "boolean" ? value : String(value),
      );
    case "scalar":
      return value;
    case "list": {
      const parsed = parseJsonText(value);
      if (!Array.isArray(parsed)) {
        return undefined;
      }
      return setItems(parsed, (item) => decodeDescribed(shape.item, item));
    }
    case "object":
      return decodeObject(shape, parseJsonText(value));
    case "variants": {
      const parsed = parseJsonText(value);
      const variant = isPlainObject(parsed) ? variantOf(shape, parsed) : undefined;
      return variant ? decodeObject(variant, parsed) : undefined;
    }
    case "json": {
      const parsed = parseJsonText(value);
      return isPlainObject(parsed) && Object.keys(parsed).length > 0 ? parsed : undefined;
    }
    case "map":
      return decodeMap(shape, parseJsonText(value));
  }
}

/**
 * A map as the read operation answers it: a list of `{Key, Value}` pairs (DescribeJob's `Tags`),
 * or an object. Ignored keys are dropped; an empty map is "not set".
 */
function decodeMap(shape: StringMapShape, value: unknown): Record<string, string> | undefined {
  const pairs: [unknown, unknown][] = Array.isArray(value)
    ? value.filter(isPlainObject).map((pair) => [pair.Key ?? pair.key, pair.Value ?? pair.value])
    : isPlainObject(value)
      ? Object.entries(value)
      : [];
  const result: Record<string, string> = {};
  for (const [key, item] of pairs) {
    if (typeof key === "string" && key !== "" && !shape.ignoredKey?.(key)) {
      result[key] = item === undefined || item === null ? "" : String(item);
    }
  }
  return Object.keys(result).length === 0 ? undefined : (canonicalJson(result) as Record<string, string>);
}

function decodeObject(shape: ObjectShape, value: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    return undefined;
  }
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape.fields)) {
    const raw =
      field.describedAs !== undefined && field.describedAs in value ? value[field.describedAs] : value[name];
    const decoded = decodeDescribed(field.shape, raw);
    if (decoded !== undefined) {
      result[name] = decoded;
    } else if (raw === "" && field.required) {
      // A required field may be empty on purpose (an SLS stdout rule has logDir ""); keep it so
      // the value read back is still a valid input.
      result[name] = "";
    }
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** Deep equality of canonical forms. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalJson(a)) === JSON.stringify(canonicalJson(b));
}

// ---- helpers --------------------------------------------------------------------------------

function variantOf(shape: VariantsShape, value: Record<string, unknown>): ObjectShape | undefined {
  const tagValue = value[shape.tag];
  return typeof tagValue === "string" && Object.hasOwn(shape.variants, tagValue)
    ? shape.variants[tagValue]
    : undefined;
}

function rangeText(shape: IntegerShape): string {
  return shape.min !== undefined && shape.max !== undefined ? ` (valid: ${shape.min} to ${shape.max})` : "";
}

/** Maps list items, dropping those that come out unset; an empty result is "not set". */
function setItems(items: readonly unknown[], map: (item: unknown) => unknown): unknown[] | undefined {
  const kept = items.map(map).filter((item) => item !== undefined);
  return kept.length === 0 ? undefined : kept;
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string") {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapObject(value: Record<string, unknown>, fn: (key: string, item: unknown) => unknown) {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fn(key, item)]));
}

/** Deeply drops `undefined` members and sorts object keys: one spelling per JSON value. */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonicalJson);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => value[key] !== undefined)
        .sort()
        .map((key) => [key, canonicalJson(value[key])]),
    );
  }
  return value;
}
