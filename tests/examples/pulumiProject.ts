/**
 * Test support for the examples: a Pulumi project file read as the Pulumi CLI reads it, the stack
 * config the CLI would hand the program (declared defaults filled in, required keys checked), the
 * config keys a program's source reads, and the provider's config for a stack on the emulator.
 */
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";
import { join } from "node:path";
import type { Emulator } from "../../emulator";

/** One key of a Pulumi.yaml `config:` block. */
export interface ConfigDeclaration {
  type?: "string" | "integer" | "boolean" | "array";
  description?: string;
  default?: unknown;
  secret?: boolean;
}

/** The parts of a Pulumi.yaml the tests look at. */
export interface PulumiProject {
  name: string;
  description?: string;
  main?: string;
  runtime: string | { name: string; options?: Record<string, unknown> };
  config: Record<string, ConfigDeclaration>;
  /** Packages by name, each as `pulumi package add` records it (`<source>@<version>`, or an object). */
  packages?: Record<string, unknown>;
}

/** Reads `dir`/Pulumi.yaml. */
export function readPulumiProject(dir: string): PulumiProject {
  const project = yaml.load(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as Omit<
    PulumiProject,
    "config"
  > & {
    config?: Record<string, ConfigDeclaration> | null;
  };
  return { ...project, config: project.config ?? {} };
}

/** Whether `dir`/Pulumi.yaml is a Node.js project, which the examples write in TypeScript. */
export function isTypeScriptProject(dir: string): boolean {
  const { runtime } = readPulumiProject(dir);
  return (typeof runtime === "string" ? runtime : runtime.name) === "nodejs";
}

/**
 * The stack config the Pulumi CLI passes to the program of `project` when the stack sets `values`
 * (keys without namespace, as `pulumi config set` takes them): declared defaults fill the gaps, in
 * the CLI's text form (objects as JSON), and a declared key with no default that the stack does
 * not set is an error, as `pulumi up` reports it.
 */
export function stackConfig(project: PulumiProject, values: Record<string, string>): Record<string, string> {
  const config: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, declaration] of Object.entries(project.config)) {
    if (values[key] === undefined && declaration.default === undefined) {
      missing.push(key);
    } else if (values[key] === undefined) {
      const value = declaration.default;
      config[`${project.name}:${key}`] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
  }
  if (missing.length > 0) {
    throw new Error(`Stack is missing configuration values ${missing.map((key) => `'${key}'`).join(", ")}`);
  }
  for (const [key, value] of Object.entries(values)) {
    config[`${project.name}:${key}`] = value;
  }
  return config;
}

/** A config key a program reads, and how. */
export interface ConfigRead {
  key: string;
  /** Read with a `require…` method: the program fails without it. */
  required: boolean;
  /** Read with a `…Secret` method. */
  secret: boolean;
  /** What the value is read as: `get`/`require` read a string, `getBoolean` a boolean, and so on. */
  as: "string" | "boolean" | "number" | "object";
}

/**
 * The keys a program reads from its project's `pulumi.Config`, found in its source as calls such
 * as `config.get("key")`, `config.requireSecret("key")` or `config.getObject<T>("key")`.
 */
export function configReads(source: string): ConfigRead[] {
  const calls = source.matchAll(
    /\bconfig\.(get|require)(Secret)?(Boolean|Number|Object)?(?:<[^(]*>)?\(\s*"([^"]+)"/g,
  );
  return [...calls].map(([, kind, secret, type, key]) => ({
    key,
    required: kind === "require",
    secret: secret !== undefined,
    as: (type?.toLowerCase() ?? "string") as ConfigRead["as"],
  }));
}

/**
 * The provider's stack config for a stack deployed to `emulator`: its endpoint and keys, as the
 * examples' READMEs set them (there through the environment), and a change order timeout.
 */
export function emulatorConfig(emulator: Emulator): Record<string, string> {
  return {
    "sae:endpoint": emulator.url,
    "sae:accessKeyId": emulator.accessKeyId,
    "sae:accessKeySecret": emulator.accessKeySecret,
    "sae:changeOrderTimeout": "30",
  };
}

/** The languages the examples are written in, as the example tests name them. */
export type ProgramLanguage = "typescript" | "python" | "go" | "csharp" | "yaml";

/**
 * The project config keys a program reads, sorted, found in its source: calls on its config object
 * (`config.get_bool("k")` in Python, `cfg.TryBool("k")` in Go, `config.GetObject<T>("k")` in C#),
 * or, in a YAML program, the `${k}` interpolations whose root is a declared config key.
 */
export function configKeysRead(source: string, language: ProgramLanguage): string[] {
  let keys: string[];
  if (language === "yaml") {
    const declared = Object.keys((yaml.load(source) as { config?: Record<string, unknown> }).config ?? {});
    keys = [...source.matchAll(/\$\{([^.[}]+)/g)].map(([, root]) => root).filter((r) => declared.includes(r));
  } else {
    keys = [
      ...source.matchAll(/\b(?:config|cfg)\.(?:get|require|try)\w*(?:<[^(]*>)?\(\s*["']([^"']+)["']/gi),
    ].map(([, key]) => key);
  }
  return [...new Set(keys)].sort();
}

/** The stack outputs a program exports, sorted, by the name each language gives them. */
export function exportedNames(source: string, language: ProgramLanguage): string[] {
  const patterns: Record<Exclude<ProgramLanguage, "yaml">, RegExp> = {
    typescript: /^export const (\w+)/gm,
    python: /\bpulumi\.export\(\s*"([^"]+)"/g,
    go: /\bctx\.Export\(\s*"([^"]+)"/g,
    csharp: /^\s*\["([^"]+)"\]\s*=/gm,
  };
  const names =
    language === "yaml"
      ? Object.keys((yaml.load(source) as { outputs?: Record<string, unknown> }).outputs ?? {})
      : [...source.matchAll(patterns[language])].map(([, name]) => name);
  return names.sort();
}
