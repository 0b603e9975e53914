/**
 * The package schema as the example checks read it, each language's generated names for its
 * tokens and properties (as Pulumi's SDK generators make them), and the check of a value against
 * a property's type, shared by the readers of every language.
 */

/** A property or type reference as the schema writes it. */
export interface TypeSpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  oneOf?: TypeSpec[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  const?: string;
  properties?: Record<string, TypeSpec>;
  required?: string[];
  enum?: { value: string | number }[];
}

/** A resource or function: its inputs, the required ones, and what it outputs. */
export interface Member {
  token: string;
  inputs: Record<string, TypeSpec>;
  required: string[];
  outputs: Record<string, TypeSpec>;
}

/** The parts of schema.json the checks use. */
export interface PackageSchema {
  name: string;
  resources: Record<
    string,
    {
      inputProperties: Record<string, TypeSpec>;
      requiredInputs?: string[];
      properties: Record<string, TypeSpec>;
    }
  >;
  provider: { inputProperties: Record<string, TypeSpec> };
  functions: Record<string, { inputs?: TypeSpec; outputs?: TypeSpec }>;
  types: Record<string, TypeSpec>;
  language: {
    python: { packageName: string };
    go: { importBasePath: string };
    csharp: { rootNamespace: string };
  };
}

/** A value as a language reader understood it; `at` is its offset in the source. */
export type Value =
  | { kind: "string"; value?: string; at: number }
  | { kind: "number"; integer: boolean; at: number }
  | { kind: "boolean"; at: number }
  | { kind: "null"; at: number }
  /** A list literal; `className` is the collection type the language named (Go's `sae.EnvVarArray`). */
  | { kind: "list"; items: Value[]; className?: string; at: number }
  /** An object: an input class (`className`), or a dict/map/YAML mapping (no class). */
  | { kind: "object"; className?: string; fields: Field[]; open?: boolean; at: number }
  /** A constant of one of the SDK's enums, as written after the package prefix (`PackageType.IMAGE`). */
  | { kind: "enum"; name: string; at: number }
  /** A value wrapped in a typed constructor (Go's `pulumi.String(…)`): the type it makes. */
  | { kind: "typed"; type: "string" | "integer" | "number" | "boolean"; at: number }
  /** The branches of a conditional: each is checked. */
  | { kind: "choice"; options: Value[]; at: number }
  /** Anything else (a variable, a call, an output): not checked. */
  | { kind: "unknown"; at: number };

/** One field of an object value, by the name the language gives it. */
export interface Field {
  name: string;
  value: Value;
  at: number;
}

/** A problem found, at an offset of the checked source (-1 where the reader keeps none). */
export interface Problem {
  at: number;
  /** The property path in the resource or call, e.g. `envs[1].valueFrom` ("" for the call itself). */
  path: string;
  rule: string;
}

/** `path` and then `name`, dotted. */
export function subPath(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

/** An object value. */
export type ObjectValue = Extract<Value, { kind: "object" }>;

/** A resource constructed, or a function called, as a language reader found it. */
export interface Call {
  /** Its name as written after the package prefix: `JobTemplate`, `get_job_template`, `GetJobTemplate.Invoke`. */
  name: string;
  /** The resource's logical name, when given as a literal. */
  logicalName?: string;
  /** Its arguments, as one object; undefined when the reader cannot see them. */
  args?: ObjectValue;
  /** The class the arguments were written as (`JobTemplateArgs`), when the language names one. */
  argsClass?: string;
  /** The variable the result is assigned to, if any. */
  variable?: string;
  /** Found by a pattern that other code matches too (C#'s `new X(` with no prefix): unknown names are no problem. */
  loose?: boolean;
  at: number;
}

/** What a language reader found in a program. */
export interface Reading {
  calls: Call[];
  /** `variable.member` reads of the variables that hold a call's result. */
  accesses: { variable: string; member: string; at: number }[];
  /** Problems of the program as a whole (an import, a namespace, an unknown member). */
  problems: Problem[];
}

/** How a language's SDK names the schema's members, types and properties. */
export interface Naming {
  /** The SDK's name for a property (`app_name`, `AppName`, `appName`). */
  property(name: string): string;
  /** The input classes an object type may be written as (`EnvVarArgs`); none where a plain mapping is the way. */
  inputClasses(typeToken: string): string[];
  /** The collection class a list of `items` is written as, if the language names one (Go). */
  listClass?(items: TypeSpec): string | undefined;
  /** The map class a map of `values` is written as, if the language names one (Go). */
  mapClass?(values: TypeSpec): string | undefined;
  /** The SDK's constants of an enum, by name as written after the package prefix, to their values. */
  enumConstants(enumToken: string): Map<string, string | number>;
}

/** `name` with its first letter upper-cased. */
export function title(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Python's name for a camelCase name, as the Python generator's PyName makes it: words split at
 * a capital after a lower-case letter or digit, and an acronym kept whole (`vSwitchId` is
 * `v_switch_id`, `URLPath` is `url_path`).
 */
export function pyName(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** An identifier made of `name`: characters that cannot be in one become `_`. */
function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "_");
}

function enumValues(schema: PackageSchema, token: string): (string | number)[] {
  return (schema.types[token]?.enum ?? []).map((e) => e.value);
}

/** The name (after the module) a token gives: `sae:index:JobTemplate` is `JobTemplate`. */
export function memberName(token: string): string {
  return token.split(":")[2];
}

/** The generated names, per language. */
export function namingFor(schema: PackageSchema, language: "python" | "go" | "csharp" | "yaml"): Naming {
  const constants = (token: string, name: (value: string) => string) =>
    new Map(enumValues(schema, token).map((value) => [name(String(value)), value]));
  switch (language) {
    case "python":
      return {
        property: pyName,
        inputClasses: (token) => [`${memberName(token)}Args`],
        // pulumi/pkg/codegen/python makeSafeEnumName: PyName, upper-cased, a valid identifier.
        enumConstants: (token) =>
          constants(
            token,
            (v) => `${memberName(token)}.${identifier(pyName(v).toUpperCase()).replace(/_+/g, "_")}`,
          ),
      };
    case "go":
      return {
        property: title,
        inputClasses: (token) => [`${memberName(token)}Args`],
        listClass: (items) => goCollection(items, "Array"),
        mapClass: (values) => goCollection(values, "Map"),
        // pulumi/pkg/codegen/go makeSafeEnumName: the type name, then the value title-cased, hyphens
        // as underscores, and a `_` between the two when the value has underscores.
        enumConstants: (token) =>
          constants(token, (v) => {
            const safe = identifier(
              title(v).replace(/-(.)/g, (_, c: string) => `_${c.toUpperCase()}`),
            ).replace(/_+/g, "_");
            return memberName(token) + (safe.includes("_") && !safe.startsWith("_") ? `_${safe}` : safe);
          }),
      };
    case "csharp":
      return {
        property: title,
        inputClasses: (token) => [`Inputs.${memberName(token)}Args`],
        // pulumi-dotnet codegen makeSafeEnumName: a valid identifier, title-cased.
        enumConstants: (token) =>
          constants(token, (v) => `${memberName(token)}.${title(identifier(v)).replace(/_+/g, "_")}`),
      };
    case "yaml":
      return { property: (name) => name, inputClasses: () => [], enumConstants: () => new Map() };
  }
}

/** Go's collection type for elements of `spec`: `pulumi.StringArray`, `EnvVarArray`, `pulumi.Array`. */
function goCollection(spec: TypeSpec, kind: "Array" | "Map"): string | undefined {
  if (spec.$ref === "pulumi.json#/Any") {
    return `pulumi.${kind}`;
  }
  if (spec.$ref?.startsWith("#/types/")) {
    return memberName(spec.$ref.slice("#/types/".length)) + kind;
  }
  const scalar = { string: "String", integer: "Int", number: "Float64", boolean: "Bool" } as Record<
    string,
    string
  >;
  return spec.type && scalar[spec.type] ? `pulumi.${scalar[spec.type]}${kind}` : undefined;
}

/** The schema's resources and functions, each with its inputs and outputs. */
export function members(schema: PackageSchema): { resources: Member[]; functions: Member[] } {
  const resources = Object.entries(schema.resources).map(([token, r]) => ({
    token,
    inputs: r.inputProperties,
    required: r.requiredInputs ?? [],
    // Every resource also has its ID and URN.
    outputs: { ...r.properties, id: { type: "string" }, urn: { type: "string" } } as Record<string, TypeSpec>,
  }));
  // The package's provider is a resource of every SDK too (`sae.Provider`, `pulumi:providers:sae`).
  resources.push({
    token: `pulumi:providers:${schema.name}`,
    inputs: schema.provider.inputProperties,
    required: [],
    outputs: { id: { type: "string" }, urn: { type: "string" } },
  });
  const functions = Object.entries(schema.functions).map(([token, f]) => ({
    token,
    inputs: f.inputs?.properties ?? {},
    required: f.inputs?.required ?? [],
    outputs: f.outputs?.properties ?? {},
  }));
  return { resources, functions };
}

/** `name` with "a" or "an" before it. */
function article(name: string): string {
  return `${/^[AEIOUaeiou]/.test(name) ? "an" : "a"} ${name}`;
}

function describe(value: Value): string {
  switch (value.kind) {
    case "string":
      return value.value === undefined ? "a string" : `the string ${JSON.stringify(value.value)}`;
    case "number":
      return value.integer ? "an integer" : "a number";
    case "boolean":
      return "a boolean";
    case "list":
      return value.className ? article(value.className) : "a list";
    case "object":
      return value.className ? article(value.className) : "an object";
    case "enum":
      return `the constant ${value.name}`;
    case "typed":
      return `a ${value.type}`;
    default:
      return "a value";
  }
}

/** Checks values against the schema's types, with one language's names. */
export class ValueChecker {
  constructor(
    private readonly schema: PackageSchema,
    private readonly naming: Naming,
  ) {}

  /** The problems of `value` as the property `path` of type `spec`. */
  check(value: Value, spec: TypeSpec, path: string): Problem[] {
    const problem = (rule: string): Problem[] => [{ at: value.at, path, rule }];
    if (value.kind === "choice") {
      return value.options.flatMap((option) => this.check(option, spec, path));
    }
    if (value.kind === "unknown" || value.kind === "null") {
      return [];
    }
    if (spec.oneOf) {
      return this.checkOneOf(value, spec, path);
    }
    if (spec.$ref === "pulumi.json#/Any") {
      return [];
    }
    if (spec.$ref) {
      const token = spec.$ref.replace(/^#\/types\//, "");
      const type = this.schema.types[token];
      if (!type) {
        return problem(`refers to ${spec.$ref}, which the schema does not define`);
      }
      return type.enum ? this.checkEnum(value, token, path) : this.checkObject(value, token, type, path);
    }
    switch (spec.type) {
      case "string":
      case "integer":
      case "number":
      case "boolean": {
        const got = this.scalarKind(value);
        const fits = got === spec.type || (spec.type === "number" && got === "integer");
        if (!fits) {
          return problem(
            `must be ${spec.type === "integer" ? "an" : "a"} ${spec.type}, not ${describe(value)}`,
          );
        }
        if (
          spec.const !== undefined &&
          value.kind === "string" &&
          value.value !== undefined &&
          value.value !== spec.const
        ) {
          return problem(`must be ${JSON.stringify(spec.const)}, not ${JSON.stringify(value.value)}`);
        }
        return [];
      }
      case "array":
        return this.checkList(value, spec.items ?? {}, path);
      case "object":
        return this.checkMap(value, spec.additionalProperties ?? {}, path);
      default:
        return [];
    }
  }

  /** The problems of an object `value` given for a member's (or type's) `inputs`. */
  checkFields(
    value: Extract<Value, { kind: "object" }>,
    inputs: Record<string, TypeSpec>,
    required: string[],
    path: string,
    owner: string,
  ): Problem[] {
    const byName = new Map(Object.keys(inputs).map((name) => [this.naming.property(name), name]));
    const problems: Problem[] = [];
    const given = new Set<string>();
    for (const field of value.fields) {
      const name = byName.get(field.name);
      const fieldPath = subPath(path, field.name);
      if (name === undefined) {
        problems.push({ at: field.at, path: fieldPath, rule: `is not an input of ${owner}` });
        continue;
      }
      given.add(name);
      problems.push(...this.check(field.value, inputs[name], fieldPath));
    }
    if (!value.open) {
      for (const name of required.filter((r) => !given.has(r))) {
        problems.push({
          at: value.at,
          path: subPath(path, this.naming.property(name)),
          rule: `is required by ${owner} and missing`,
        });
      }
    }
    return problems;
  }

  private scalarKind(value: Value): string {
    switch (value.kind) {
      case "string":
        return "string";
      case "number":
        return value.integer ? "integer" : "number";
      case "boolean":
        return "boolean";
      case "typed":
        return value.type;
      case "enum":
        return "string";
      default:
        return value.kind;
    }
  }

  private checkEnum(value: Value, token: string, path: string): Problem[] {
    const allowed = enumValues(this.schema, token);
    const constants = this.naming.enumConstants(token);
    const list = allowed.map((v) => JSON.stringify(v)).join(", ");
    if (value.kind === "string" && value.value !== undefined && !allowed.includes(value.value)) {
      return [{ at: value.at, path, rule: `must be one of ${list}, not ${JSON.stringify(value.value)}` }];
    }
    if (value.kind === "enum" && !constants.has(value.name)) {
      const known = [...constants.keys()].join(", ");
      return [
        {
          at: value.at,
          path,
          rule: `must be a constant of ${memberName(token)} (${known}), not ${value.name}`,
        },
      ];
    }
    if (
      value.kind === "list" ||
      value.kind === "object" ||
      value.kind === "boolean" ||
      value.kind === "number"
    ) {
      return [{ at: value.at, path, rule: `must be one of ${list}, not ${describe(value)}` }];
    }
    return [];
  }

  private checkObject(value: Value, token: string, type: TypeSpec, path: string): Problem[] {
    const owner = memberName(token);
    if (value.kind !== "object") {
      return [{ at: value.at, path, rule: `must be ${this.objectName(token)}, not ${describe(value)}` }];
    }
    if (value.className !== undefined && !this.naming.inputClasses(token).includes(value.className)) {
      return [{ at: value.at, path, rule: `must be ${this.objectName(token)}, not ${describe(value)}` }];
    }
    return this.checkFields(value, type.properties ?? {}, type.required ?? [], path, owner);
  }

  private objectName(token: string): string {
    const classes = this.naming.inputClasses(token);
    return classes.length > 0 ? classes.join(" or ") : `an object (${memberName(token)})`;
  }

  private checkOneOf(value: Value, spec: TypeSpec, path: string): Problem[] {
    const options = spec.oneOf ?? [];
    const tokens = options.map((o) => o.$ref?.replace(/^#\/types\//, "") ?? "");
    if (value.kind === "object" && value.className !== undefined) {
      const index = tokens.findIndex((t) => this.naming.inputClasses(t).includes(value.className!));
      if (index === -1) {
        const names = tokens.map((t) => this.objectName(t)).join(", ");
        return [
          {
            at: value.at,
            path,
            rule: `must be ${names.replace(/, ([^,]*)$/, " or $1")}, not ${describe(value)}`,
          },
        ];
      }
      return this.check(value, options[index], path);
    }
    if (value.kind === "object" && spec.discriminator) {
      const key = this.naming.property(spec.discriminator.propertyName);
      const tag = value.fields.find((f) => f.name === key)?.value;
      if (tag?.kind === "string" && tag.value !== undefined) {
        const ref = spec.discriminator.mapping[tag.value];
        if (!ref) {
          const allowed = Object.keys(spec.discriminator.mapping).map((k) => JSON.stringify(k));
          return [
            {
              at: tag.at,
              path: subPath(path, key),
              rule: `must be one of ${allowed.join(", ")}, not ${JSON.stringify(tag.value)}`,
            },
          ];
        }
        return this.check(value, { $ref: ref }, path);
      }
    }
    // No class and no tag to go by: it must fit one of the types.
    const results = options.map((option) => this.check(value, option, path));
    return results.some((r) => r.length === 0) ? [] : results[0];
  }

  private checkList(value: Value, items: TypeSpec, path: string): Problem[] {
    if (value.kind !== "list") {
      return value.kind === "typed" ||
        value.kind === "string" ||
        value.kind === "number" ||
        value.kind === "boolean" ||
        value.kind === "object" ||
        value.kind === "enum"
        ? [{ at: value.at, path, rule: `must be a list, not ${describe(value)}` }]
        : [];
    }
    const expected = this.naming.listClass?.(items);
    if (value.className !== undefined && expected !== undefined && value.className !== expected) {
      return [{ at: value.at, path, rule: `must be ${article(expected)}, not ${describe(value)}` }];
    }
    return value.items.flatMap((item, i) => this.check(item, items, `${path}[${i}]`));
  }

  private checkMap(value: Value, values: TypeSpec, path: string): Problem[] {
    if (value.kind !== "object") {
      return value.kind === "list" ||
        value.kind === "string" ||
        value.kind === "number" ||
        value.kind === "boolean" ||
        value.kind === "typed"
        ? [{ at: value.at, path, rule: `must be a map, not ${describe(value)}` }]
        : [];
    }
    const expected = this.naming.mapClass?.(values);
    if (value.className !== undefined && value.className !== expected) {
      return [{ at: value.at, path, rule: `must be ${article(expected ?? "map")}, not ${describe(value)}` }];
    }
    return value.fields.flatMap((field) =>
      this.check(field.value, values, `${path}[${JSON.stringify(field.name)}]`),
    );
  }
}
