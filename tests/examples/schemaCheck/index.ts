/**
 * Checks an example program against the package schema, without its language's toolchain: the
 * language reader finds the SDK's import, the resources constructed and functions called with
 * their arguments, and the outputs read; this maps each name back to its token and property (as
 * Pulumi's SDK generators name them) and checks every argument against the schema's types. YAML is
 * checked in full (yaml.ts). Each problem is one line: `file:line: where: property path: rule`.
 */
import { readCSharp } from "./csharp";
import { readGo } from "./go";
import { readPython } from "./python";
import {
  type Member,
  type PackageSchema,
  type Reading,
  ValueChecker,
  members,
  memberName,
  namingFor,
  pyName,
  title,
} from "./schema";
import { lineOf } from "./scan";
import { checkYaml } from "./yaml";

export type { PackageSchema } from "./schema";

/** The languages checked. */
export type CheckedLanguage = "python" | "go" | "csharp" | "yaml";

/** A resource or function as a language writes its name, with the class its arguments are written as. */
interface Written {
  member: Member;
  kind: "resource" | "function";
  argsClasses: string[];
}

/**
 * Go's name for a function: its name title-cased, `Get…` becoming `Lookup…` (and `New…`
 * `Create…`) where a resource's generated `GetX`/`NewX` already takes the name, as
 * pulumi/pkg/codegen/go does.
 */
function goFunctionName(token: string, resourceNames: string[]): string {
  const name = title(memberName(token));
  const rest = name.slice(3);
  if (name.startsWith("Get") && resourceNames.includes(rest)) {
    return `Lookup${rest}`;
  }
  if (name.startsWith("New") && resourceNames.includes(rest)) {
    return `Create${rest}`;
  }
  return name;
}

/** Every name `language` writes a member of the package as, after the package prefix. */
function writtenNames(
  schema: PackageSchema,
  language: Exclude<CheckedLanguage, "yaml">,
): Map<string, Written> {
  const { resources, functions } = members(schema);
  const names = new Map<string, Written>();
  const className = (r: Member) =>
    r.token.startsWith("pulumi:providers:") ? "Provider" : memberName(r.token);
  const resourceNames = resources.map(className);
  for (const resource of resources) {
    names.set(className(resource), {
      member: resource,
      kind: "resource",
      argsClasses: [`${className(resource)}Args`],
    });
  }
  for (const fn of functions) {
    const name = memberName(fn.token);
    const add = (written: string, argsClasses: string[]) =>
      names.set(written, { member: fn, kind: "function", argsClasses });
    if (language === "python") {
      add(pyName(name), []);
      add(`${pyName(name)}_output`, []);
    } else if (language === "go") {
      const goName = goFunctionName(fn.token, resourceNames);
      add(goName, [`${goName}Args`]);
      add(`${goName}Output`, [`${goName}OutputArgs`]);
    } else {
      add(`${title(name)}.InvokeAsync`, [`${title(name)}Args`]);
      add(`${title(name)}.Invoke`, [`${title(name)}InvokeArgs`]);
    }
  }
  return names;
}

/** The names of the members of a resource every SDK's resource has beside its outputs. */
const builtinMembers: Record<Exclude<CheckedLanguage, "yaml">, string[]> = {
  python: ["id", "urn", "get"],
  go: ["ID", "URN"],
  csharp: ["Id", "Urn"],
};

/** What a check found: its problems, one line each, and the calls it checked (`where` as problems name them). */
export interface CheckResult {
  problems: string[];
  checked: string[];
}

/** Checks the program `source` (the file `file`, in `language`) against `schema`. */
export function checkProgram(
  file: string,
  source: string,
  language: CheckedLanguage,
  schema: PackageSchema,
): CheckResult {
  if (language === "yaml") {
    const { problems, checked } = checkYaml(source, schema);
    return {
      problems: problems.map((p) => [file, p.where, p.path, p.rule].filter((part) => part !== "").join(": ")),
      checked,
    };
  }
  const naming = namingFor(schema, language);
  const enumTokens = Object.keys(schema.types).filter((token) => schema.types[token].enum);
  let reading: Reading;
  switch (language) {
    case "python":
      reading = readPython(source, schema.language.python.packageName);
      break;
    case "go": {
      const constants = new Set(enumTokens.flatMap((token) => [...naming.enumConstants(token).keys()]));
      reading = readGo(source, schema.language.go.importBasePath, constants);
      break;
    }
    case "csharp": {
      const root = schema.language.csharp.rootNamespace;
      reading = readCSharp(source, `${root}.${title(schema.name)}`, root);
      break;
    }
  }
  const names = writtenNames(schema, language);
  const checker = new ValueChecker(schema, naming);
  const found: { at: number; where: string; path: string; rule: string }[] = reading.problems.map((p) => ({
    ...p,
    where: "program",
  }));
  const enumTypeNames = enumTokens.map(memberName);
  const byVariable = new Map<string, Written>();
  const checked: string[] = [];
  for (const call of reading.calls) {
    const written = names.get(call.name);
    if (!written) {
      if (!call.loose && !enumTypeNames.includes(call.name)) {
        found.push({
          at: call.at,
          where: call.name,
          path: "",
          rule: `is not a resource or function of the ${schema.name} package`,
        });
      }
      continue;
    }
    const { member } = written;
    const where = `${call.name}${call.logicalName !== undefined ? ` ${JSON.stringify(call.logicalName)}` : ""} (${member.token})`;
    checked.push(where);
    if (call.variable) {
      byVariable.set(call.variable, written);
    }
    if (
      call.argsClass !== undefined &&
      written.argsClasses.length > 0 &&
      !written.argsClasses.includes(call.argsClass)
    ) {
      found.push({
        at: call.at,
        where,
        path: "",
        rule: `takes ${written.argsClasses.join(" or ")}, not ${call.argsClass}`,
      });
      continue;
    }
    if (call.args) {
      const problems = checker.checkFields(
        call.args,
        member.inputs,
        member.required,
        "",
        memberName(member.token),
      );
      found.push(...problems.map((p) => ({ ...p, where })));
    }
  }
  for (const access of reading.accesses) {
    const written = byVariable.get(access.variable);
    if (!written || builtinMembers[language].includes(access.member)) {
      continue;
    }
    const outputs = Object.keys(written.member.outputs);
    const known = outputs.some((name) => naming.property(name) === access.member);
    // A function's output that is a list has no properties to read by name.
    if (!known && (written.kind === "resource" || outputs.length > 0)) {
      found.push({
        at: access.at,
        where: `${access.variable}.${access.member}`,
        path: "",
        rule: `is not an output of ${written.member.token}`,
      });
    }
  }
  const problems = found
    .sort((a, b) => a.at - b.at)
    .map((p) =>
      [`${file}:${lineOf(source, Math.max(p.at, 0))}`, p.where, p.path, p.rule]
        .filter((part) => part !== "")
        .join(": "),
    );
  return { problems, checked };
}
