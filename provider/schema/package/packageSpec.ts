/**
 * The parts of a Pulumi package schema this package writes, as Pulumi's package metaschema
 * (`pkg/codegen/schema/pulumi.json`, JSON Schema 2020-12) defines them: the types of what
 * `buildPackageSchema` returns, so a misspelt member is a compile error rather than a field the
 * code generators ignore.
 */

/** A reference to a type: a primitive, an array, a map, a named type (`$ref`) or a union (`oneOf`). */
export type TypeSpec =
  | { readonly type: "string" | "integer" | "number" | "boolean" }
  | { readonly type: "array"; readonly items: TypeSpec }
  | { readonly type: "object"; readonly additionalProperties: TypeSpec }
  | { readonly $ref: string }
  | {
      readonly oneOf: readonly TypeSpec[];
      readonly discriminator?: {
        readonly propertyName: string;
        readonly mapping: Readonly<Record<string, string>>;
      };
    };

/** A property of a resource, a function's inputs or outputs, an object type, or the provider's configuration. */
export type PropertySpec = TypeSpec & {
  /** Markdown: the TSDoc of the TypeScript property it describes. */
  readonly description: string;
  /** The only value it takes (the tag of one variant of a union). */
  readonly const?: string;
  readonly secret?: true;
  /** A change replaces the resource (create-only inputs). */
  readonly replaceOnChanges?: true;
};

/** An object: its properties, and which of them must be set (inputs) or are always set (outputs). */
export interface ObjectTypeSpec {
  readonly type: "object";
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
}

/** An enum: a string whose values are listed. */
export interface EnumTypeSpec {
  readonly type: "string";
  readonly description: string;
  readonly enum: readonly { readonly value: string }[];
}

/** A resource: its inputs and its outputs. */
export interface ResourceSpec {
  readonly description: string;
  readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  readonly requiredInputs: readonly string[];
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required: readonly string[];
}

/** A function (a lookup): its arguments and what it gives, an object or any type. */
export interface FunctionSpec {
  readonly description: string;
  readonly inputs: ObjectTypeSpec;
  readonly outputs: ObjectTypeSpec | TypeSpec;
}

/** What each language's SDK generator reads: the names of the SDK packages. */
export interface LanguageSpecs {
  readonly nodejs: {
    readonly packageName: string;
    readonly dependencies: Readonly<Record<string, string>>;
    readonly respectSchemaVersion: true;
  };
  readonly python: { readonly packageName: string; readonly respectSchemaVersion: true };
  readonly go: { readonly importBasePath: string; readonly respectSchemaVersion: true };
  readonly csharp: {
    readonly rootNamespace: string;
    readonly packageReferences: Readonly<Record<string, string>>;
    readonly respectSchemaVersion: true;
  };
  readonly java: { readonly basePackage: string };
}

/** A package schema. */
export interface PackageSpec {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly license: string;
  readonly version: string;
  readonly config: { readonly variables: Readonly<Record<string, PropertySpec>> };
  readonly provider: {
    readonly description: string;
    readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  };
  readonly resources: Readonly<Record<string, ResourceSpec>>;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly types: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>>;
  readonly language: LanguageSpecs;
}
