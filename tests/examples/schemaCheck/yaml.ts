/**
 * Checks a Pulumi YAML program fully against the schema: each resource's type token, its
 * properties (names, types, nested objects, enum values, required inputs), `fn::invoke` calls
 * (the function token and its arguments, long form or `fn::<token>:` shorthand), and every `${…}`
 * interpolation: its root names a resource, variable or declared config key (or `pulumi`), and a
 * resource's first property is one of its outputs. Outputs are interpolations like any other.
 */
import * as yaml from "js-yaml";
import {
  type Member,
  type PackageSchema,
  type Problem,
  type Value,
  ValueChecker,
  members,
  namingFor,
} from "./schema";

/** A problem of a YAML program, where it is: `resources.nightly`, `outputs.appId`, … */
export interface YamlProblem extends Problem {
  where: string;
}

interface ResourceDecl {
  type?: unknown;
  properties?: unknown;
  options?: unknown;
}

interface Template {
  config?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  resources?: Record<string, ResourceDecl>;
  outputs?: Record<string, unknown>;
}

/** The problems of the YAML program `source` against `schema`, and the resources and calls it checked. */
export function checkYaml(
  source: string,
  schema: PackageSchema,
): { problems: YamlProblem[]; checked: string[] } {
  const template = (yaml.load(source) ?? {}) as Template;
  const { resources, functions } = members(schema);
  const checker = new ValueChecker(schema, namingFor(schema, "yaml"));
  const problems: YamlProblem[] = [];
  const checked: string[] = [];
  const resourceTypes = new Map<string, Member | undefined>();

  const toValue = (node: unknown, where: string, path: string): Value => {
    const at = -1;
    if (typeof node === "string") {
      if (!node.includes("${")) {
        return { kind: "string", value: node, at };
      }
      return /^\$\{[^}]*\}$/.test(node) ? { kind: "unknown", at } : { kind: "string", at };
    }
    if (typeof node === "number") {
      return { kind: "number", integer: Number.isInteger(node), at };
    }
    if (typeof node === "boolean") {
      return { kind: "boolean", at };
    }
    if (node === null || node === undefined) {
      return { kind: "null", at };
    }
    if (Array.isArray(node)) {
      return { kind: "list", items: node.map((item, i) => toValue(item, where, `${path}[${i}]`)), at };
    }
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0].startsWith("fn::")) {
      const [name, argument] = entries[0];
      if (name === "fn::invoke" || /^fn::[^:]+:[^:]+(:[^:]+)?$/.test(name)) {
        checkInvoke(name, argument, where, path);
        return { kind: "unknown", at };
      }
      if (name === "fn::secret") {
        return toValue(argument, where, path);
      }
      const strings = [
        "fn::join",
        "fn::toJSON",
        "fn::toBase64",
        "fn::fromBase64",
        "fn::readFile",
        "fn::sha1",
      ];
      return strings.includes(name) ? { kind: "string", at } : { kind: "unknown", at };
    }
    return {
      kind: "object",
      fields: entries.map(([name, value]) => ({ name, value: toValue(value, where, `${path}.${name}`), at })),
      at,
    };
  };

  const checkInvoke = (name: string, argument: unknown, where: string, path: string) => {
    const long = name === "fn::invoke";
    const spec = (long ? argument : { function: name.slice(4), arguments: argument }) as {
      function?: string;
      arguments?: unknown;
    };
    const place = `${where}${path ? `.${path}` : ""} (fn::invoke ${spec.function})`;
    const fn = functions.find((f) => f.token === spec.function);
    if (!fn) {
      problems.push({
        at: -1,
        where: place,
        path: "",
        rule: `calls ${spec.function}, which is not a function of the ${schema.name} package`,
      });
      return;
    }
    checked.push(place);
    const args = toValue(spec.arguments ?? {}, where, path);
    if (args.kind !== "object") {
      problems.push({ at: -1, where: place, path: "arguments", rule: "must be an object" });
      return;
    }
    problems.push(
      ...checker.checkFields(args, fn.inputs, fn.required, "", fn.token).map((p) => ({ ...p, where: place })),
    );
  };

  for (const [key, decl] of Object.entries(template.resources ?? {})) {
    const where = `resources.${key}`;
    const token = String(decl?.type ?? "");
    const resource = resources.find((r) => r.token === token);
    resourceTypes.set(key, resource);
    if (!resource) {
      problems.push({
        at: -1,
        where,
        path: "type",
        rule: `${token} is not a resource of the ${schema.name} package`,
      });
      continue;
    }
    checked.push(`${where} (${token})`);
    const properties = toValue(decl.properties ?? {}, where, "");
    if (properties.kind !== "object") {
      continue; // `properties: ${…}` as a whole: nothing to check by name
    }
    problems.push(
      ...checker.checkFields(properties, resource.inputs, resource.required, "", resource.token).map((p) => ({
        ...p,
        where,
      })),
    );
  }
  for (const [key, value] of Object.entries(template.variables ?? {})) {
    toValue(value, `variables.${key}`, "");
  }

  // Every interpolation names something the program has.
  const names = new Set([
    ...Object.keys(template.config ?? {}),
    ...Object.keys(template.variables ?? {}),
    ...resourceTypes.keys(),
    "pulumi",
  ]);
  const walk = (node: unknown, where: string, path: string) => {
    if (typeof node === "string") {
      for (const [, root, property] of node.matchAll(/(?<!\$)\$\{([^.[}]+)(?:\.([^.[}]+))?[^}]*\}/g)) {
        const resource = resourceTypes.get(root);
        if (!names.has(root)) {
          problems.push({
            at: -1,
            where,
            path,
            rule: `refers to \${${root}}, which is no resource, variable or config key`,
          });
        } else if (resource && property !== undefined && !(property in resource.outputs)) {
          problems.push({
            at: -1,
            where,
            path,
            rule: `refers to \${${root}.${property}}, but ${resource.token} has no output ${property}`,
          });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, where, `${path}[${i}]`));
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        walk(value, where, path ? `${path}.${key}` : key);
      }
    }
  };
  for (const section of ["variables", "resources", "outputs"] as const) {
    for (const [key, value] of Object.entries(template[section] ?? {})) {
      walk(value, `${section}.${key}`, "");
    }
  }
  return { problems, checked };
}
