/**
 * The TSDoc of the package's TypeScript names as an editor shows it, read with the TypeScript type
 * checker from the sources: a class, an interface, a type, a function, and any property of them,
 * however the property was derived (a table entry's TSDoc reaches `JobTemplateArgs.appName` through
 * the mapped types, as it reaches a hover). The package schema takes its descriptions from here, so
 * they are the text of the TSDoc, not a copy of it. Build-time only: it needs `typescript`, which the
 * provider never loads.
 */
import { join } from "node:path";
import * as ts from "typescript";
import type { DocPath } from "../provider/schema/package/namedTypes";

/** The modules whose exports name what a {@link DocPath} starts with, from the repository root. */
export const docEntries = ["provider/index.ts", "provider/schema/providerConfig.ts"];

/** A property of a TypeScript type, as {@link TsDocs.properties} lists it. */
export interface TsProperty {
  readonly name: string;
  readonly optional: boolean;
}

/** Questions about the TypeScript names of the package. */
export interface TsDocs {
  /** The TSDoc at `path` as Markdown (block tags such as `@example` left out); throws when there is none. */
  describe(path: DocPath): string;
  /**
   * The properties of the type at `path`: of a union, those of every member, where a member that
   * types one `never` (the other form's argument) does not count.
   */
  properties(path: DocPath): TsProperty[];
}

/** Reads the TSDoc of the package in the repository at `repoRoot`, with its tsconfig.json's options. */
export function readTsDocs(repoRoot: string): TsDocs {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath);
  const options = { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined };
  const files = docEntries.map((entry) => join(repoRoot, entry));
  const program = ts.createProgram({ rootNames: files, options });
  const checker = program.getTypeChecker();

  const exported = new Map<string, ts.Symbol>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      throw new Error(`${file} is not a module the compiler can read`);
    }
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      if (!exported.has(symbol.name)) {
        exported.set(
          symbol.name,
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
        );
      }
    }
  }

  const isNever = (property: ts.Symbol) =>
    (checker.getNonNullableType(checker.getTypeOfSymbol(property)).flags & ts.TypeFlags.Never) !== 0;

  /** The property `name` of `type`: of a union, the first member's that is not `never`. */
  const propertyOf = (type: ts.Type, name: string): ts.Symbol | undefined => {
    const plain = checker.getNonNullableType(type);
    if (plain.isUnion()) {
      return plain.types
        .map((member) => propertyOf(member, name))
        .find((p) => p !== undefined && !isNever(p));
    }
    return checker.getPropertyOfType(checker.getApparentType(plain), name);
  };

  /** The type a property's path leads into: a list's items, not the list. */
  const valueType = (type: ts.Type): ts.Type => {
    const plain = checker.getNonNullableType(type);
    return checker.isArrayType(plain) ? checker.getTypeArguments(plain as ts.TypeReference)[0] : plain;
  };

  const resolve = (path: DocPath): { symbol: ts.Symbol; type: () => ts.Type } => {
    const [name, ...members] = path;
    let symbol = exported.get(name);
    if (!symbol) {
      throw new Error(`${name} is not exported by ${docEntries.join(" or ")}`);
    }
    let type = checker.getDeclaredTypeOfSymbol(symbol);
    for (const [index, member] of members.entries()) {
      const property = propertyOf(type, member);
      if (!property) {
        throw new Error(`${path.slice(0, index + 1).join(".")} has no property ${member}`);
      }
      symbol = property;
      type = valueType(checker.getTypeOfSymbol(property));
    }
    return { symbol, type: () => type };
  };

  return {
    describe(path) {
      const text = markdownOf(ts.displayPartsToString(resolve(path).symbol.getDocumentationComment(checker)));
      if (text === "") {
        throw new Error(`${path.join(".")} has no TSDoc`);
      }
      return text;
    },
    properties(path) {
      const type = checker.getNonNullableType(resolve(path).type());
      const members = type.isUnion() ? type.types : [type];
      const found = new Map<string, { forms: number; optional: boolean }>();
      for (const member of members) {
        for (const property of checker.getPropertiesOfType(checker.getApparentType(member))) {
          if (!isNever(property)) {
            const seen = found.get(property.name) ?? { forms: 0, optional: false };
            const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
            found.set(property.name, { forms: seen.forms + 1, optional: seen.optional || optional });
          }
        }
      }
      // A property of some forms of a union only is optional in the union.
      return [...found].map(([name, { forms, optional }]) => ({
        name,
        optional: optional || forms < members.length,
      }));
    },
  };
}

/**
 * TSDoc text as Markdown: `{@link X}` becomes `` `X` `` (the name a reader can look up), a link
 * with its own text becomes that text, and the ends are trimmed.
 */
export function markdownOf(tsdoc: string): string {
  return tsdoc
    .replace(
      /\{@link(?:code|plain)?\s+([^\s|}]+)\s*(?:\|\s*)?([^}]*)\}/g,
      (_, target: string, label: string) => (label.trim() !== "" ? label.trim() : `\`${target}\``),
    )
    .trim();
}
