/**
 * The package schema of the `sae` provider plugin, built from the tables: the resources from the
 * parameter tables, the functions from the lookups' tables, the provider's configuration from its
 * table, and every structure and enum they hold as a named type. Each resource, function, type and
 * property is described by the TSDoc of the TypeScript name it stands for, which the caller reads
 * (`scripts/tsdoc.ts`) and passes in, so this stays a pure function of the tables.
 *
 * Decisions the tables leave open:
 * - A property's type follows its shape: text is `string`, an integer `integer`, a string or a
 *   number a union of both, a list an array, tags a map of strings, JSON with open keys a map of
 *   any; a structure is a named object type and a `oneOf` a named enum (see `./namedTypes`); the
 *   trigger (a schedule or a webhook) is a union of two object types told apart by `type`, which
 *   each declares as a `const`.
 * - Outputs declared `required` are those always present: the required inputs and the resource's
 *   ID (`appId`, `jobId`). Others may be absent (SAE leaves them out, or the program never set them).
 * - No `default` values: the descriptions say them, and SAE or the provider applies them, as the
 *   TypeScript classes leave them out; an SDK that sent them would only change what state shows.
 * - No `stateInputs`: the provider reads a resource from SAE by its ID alone (as `JobTemplate.get`
 *   does), so a state bag to look one up with would say nothing.
 * - `listJobTemplates` and `listJobRuns` return arrays, as their TypeScript forms do (Pulumi's SDKs
 *   take a function's non-object result from the single property of what Invoke answers).
 */
import { jobRunTable } from "../jobRunParameters";
import { jobTemplateTable } from "../jobTemplateParameters";
import {
  getJobTemplateArgsShape,
  listJobRunsArgsShape,
  listJobTemplatesArgsShape,
} from "../lookupParameters";
import type { NamedParameter, ResourceTable } from "../parameterTable";
import { providerConfigVariables } from "../providerConfig";
import type { ObjectShape, Shape, StringShape } from "../shapes";
import { type DocPath, namedTypes } from "./namedTypes";
import type {
  EnumTypeSpec,
  FunctionSpec,
  ObjectTypeSpec,
  PackageSpec,
  PropertySpec,
  ResourceSpec,
  TypeSpec,
} from "./packageSpec";

/** The package's name: tokens are `sae:index:<Name>`, and the plugin is `pulumi-resource-sae`. */
export const packageName = "sae";

/** The type token of a resource, function or type named `name` (all live in the `index` module). */
export function token(name: string): string {
  return `${packageName}:index:${name}`;
}

/** Pulumi's own type of any value, for inputs no shape describes (JobRun's `triggers`). */
export const anyType = { $ref: "pulumi.json#/Any" } as const;

/** What the package manifest (package.json) says that the schema repeats. */
export interface PackageManifest {
  readonly version: string;
  readonly license: string;
  readonly keywords: readonly string[];
  readonly peerDependencies: { readonly "@pulumi/pulumi": string };
}

/** What {@link buildPackageSchema} needs beside the tables. */
export interface PackageSchemaSources {
  /** The package manifest's facts: version, license, keywords, the `@pulumi/pulumi` range. */
  readonly manifest: PackageManifest;
  /**
   * The TSDoc of an exported TypeScript name or of a property path into its type (see
   * {@link DocPath}), as Markdown. It throws when there is none: everything is described.
   */
  readonly describe: (path: DocPath) => string;
}

/** How a resource follows from its table. */
interface ResourceEntry {
  /** The TypeScript class's name, which the token and the description follow; its arguments are `<name>Args`. */
  readonly name: string;
  readonly table: ResourceTable;
  /** The output that is also the resource's ID: always present. */
  readonly idOutput: string;
  /** Whether a change to the parameter replaces the resource. */
  readonly replaces: (spec: NamedParameter) => boolean;
  /** The types of the inputs no shape describes (the table's `extraInputs`), and whether they replace. */
  readonly extraInputs?: Readonly<Record<string, { readonly type: TypeSpec; readonly replaces: boolean }>>;
}

const jobTemplateEntry: ResourceEntry = {
  name: "JobTemplate",
  table: jobTemplateTable,
  idOutput: "appId",
  // The create-only parameters, `regionId` among them (its endpoint is chosen at creation).
  replaces: (spec) => "createOnly" in spec && spec.createOnly === true,
};

const resourceEntries: readonly ResourceEntry[] = [
  jobTemplateEntry,
  {
    name: "JobRun",
    table: jobRunTable,
    idOutput: "jobId",
    // A run is its inputs: any change but to the provider's own settings is a new run (see the
    // JobRun diff), `triggers` included.
    replaces: (spec) => !spec.setting,
    extraInputs: { triggers: { type: { type: "array", items: anyType }, replaces: true } },
  },
];

/** Builds the package schema. Pure: the same tables and descriptions give the same schema. */
export function buildPackageSchema({ manifest, describe }: PackageSchemaSources): PackageSpec {
  const types = new NamedTypes(describe);
  const config = Object.fromEntries(
    Object.entries(providerConfigVariables).map(([name, spec]) => [
      name,
      property(types.typeOf(spec.shape, `config ${name}`), describe(["ProviderConfigValues", name]), {
        secret: "secret" in spec && spec.secret,
      }),
    ]),
  );
  const resources = Object.fromEntries(
    resourceEntries.map((entry) => [token(entry.name), resourceSpec(entry, types, describe)]),
  );
  // getJobTemplate reads a template as a JobTemplate's outputs read it.
  const templateOutputs = resourceOutputs(jobTemplateEntry, types, (name) => ["GetJobTemplateResult", name]);
  const functions: Record<string, FunctionSpec> = {
    [token("getJobTemplate")]: {
      description: describe(["getJobTemplate"]),
      inputs: types.objectSpec(getJobTemplateArgsShape, ["GetJobTemplateArgs"], "getJobTemplate"),
      outputs: { type: "object", description: describe(["GetJobTemplateResult"]), ...templateOutputs },
    },
    [token("listJobTemplates")]: {
      description: describe(["listJobTemplates"]),
      inputs: types.objectSpec(listJobTemplatesArgsShape, ["ListJobTemplatesArgs"], "listJobTemplates"),
      outputs: { type: "array", items: types.refTo("JobTemplateSummary") },
    },
    [token("listJobRuns")]: {
      description: describe(["listJobRuns"]),
      inputs: types.objectSpec(listJobRunsArgsShape, ["ListJobRunsArgs"], "listJobRuns"),
      outputs: { type: "array", items: types.refTo("JobRunSummary") },
    },
  };
  return {
    name: packageName,
    displayName: "Alibaba Cloud SAE Jobs",
    description:
      "Alibaba Cloud Serverless App Engine (SAE) job templates and job runs as Pulumi resources, " +
      "and lookups of existing templates and runs.",
    // The registry's categories beside the manifest's keywords.
    keywords: [...manifest.keywords, "category/cloud", "kind/native"],
    license: manifest.license,
    version: manifest.version,
    config: { variables: config },
    provider: {
      description:
        "The provider's settings, the stack's `sae:*` configuration for the default provider. Each is " +
        "read when the provider runs and never stored in state.",
      inputProperties: config,
    },
    resources,
    functions,
    types: types.all(),
    language: {
      // SDK packages named after the plugin (`sae`) with no namespace the project does not own:
      // `@pulumi/*`, `Pulumi.*` and `com.pulumi` are Pulumi's. The Node.js name differs from
      // `pulumi-sae-job` (this package), so the two can be installed side by side.
      nodejs: {
        packageName: "pulumi-sae",
        dependencies: { "@pulumi/pulumi": manifest.peerDependencies["@pulumi/pulumi"] },
        respectSchemaVersion: true,
      },
      python: { packageName: "pulumi_sae", respectSchemaVersion: true },
      // The package names no repository; example.com is Go's placeholder for a module path that is
      // not published (`pulumi package add` replaces it with the local copy).
      go: { importBasePath: "example.com/pulumi-sae/sdk/go/sae", respectSchemaVersion: true },
      csharp: {
        rootNamespace: "PulumiSae",
        packageReferences: { Pulumi: "3.*" },
        respectSchemaVersion: true,
      },
      java: { basePackage: "pulumisae" },
    },
  };
}

function resourceSpec(entry: ResourceEntry, types: NamedTypes, describe: PackageSchemaSources["describe"]) {
  const { name, table } = entry;
  // The table's hidden inputs (JobRun's URN) are the class's own business, never a user's.
  const inputProperties: Record<string, PropertySpec> = {};
  for (const spec of table.parameters) {
    inputProperties[spec.name] = property(
      types.typeOf(spec.shape, `${name}.${spec.name}`),
      describe([`${name}Args`, spec.name]),
      { secret: spec.secret, replaceOnChanges: entry.replaces(spec) },
    );
  }
  for (const extra of Object.keys(table.extraInputs ?? {})) {
    const declared = entry.extraInputs?.[extra];
    if (!declared) {
      throw new Error(
        `${name}.${extra}: an input no shape describes needs its type in the schema's resource entry`,
      );
    }
    inputProperties[extra] = property(declared.type, describe([`${name}Args`, extra]), {
      replaceOnChanges: declared.replaces,
    });
  }
  const spec: ResourceSpec = {
    description: describe([name]),
    inputProperties,
    requiredInputs: table.parameters.filter((p) => p.required).map((p) => p.name),
    ...resourceOutputs(entry, types, (output) => [name, output]),
  };
  return spec;
}

/** A resource's output properties (each input, then what SAE reports), and those always present. */
function resourceOutputs(
  { name, table, idOutput, extraInputs }: ResourceEntry,
  types: NamedTypes,
  docOf: (output: string) => DocPath,
): { properties: Record<string, PropertySpec>; required: string[] } {
  const describeOutput = (output: string) => types.describe(docOf(output));
  const properties: Record<string, PropertySpec> = {};
  for (const spec of table.parameters) {
    properties[spec.name] = property(
      types.typeOf(spec.shape, `${name}.${spec.name}`),
      describeOutput(spec.name),
      { secret: spec.secret },
    );
  }
  for (const [extra, { type }] of Object.entries(extraInputs ?? {})) {
    // The output repeats the input, and the class's output type gives it no TSDoc of its own.
    properties[extra] = property(type, types.describe([`${name}Args`, extra]));
  }
  for (const [output, reported] of Object.entries(table.reported)) {
    properties[output] = property(types.typeOf(reported.shape, `${name}.${output}`), describeOutput(output));
  }
  const required = [...table.parameters.filter((spec) => spec.required).map((spec) => spec.name), idOutput];
  return { properties, required };
}

/** A property: its type, its description, and the flags that are set (false ones are left out). */
function property(
  type: TypeSpec,
  description: string,
  flags: { secret?: boolean; replaceOnChanges?: boolean; const?: string } = {},
): PropertySpec {
  return {
    ...type,
    description,
    ...(flags.const !== undefined && { const: flags.const }),
    ...(flags.secret === true && { secret: true }),
    ...(flags.replaceOnChanges === true && { replaceOnChanges: true }),
  };
}

/**
 * The named types met while building: each structure and enum of {@link namedTypes} that a property
 * refers to, defined once under its token.
 */
class NamedTypes {
  private readonly defined = new Map<string, ObjectTypeSpec | EnumTypeSpec>();
  /** Named types by their shape, and enums also by their list of values (one list, several shapes). */
  private readonly names = new Map<unknown, string>();
  /** The variants of a union met so far, with the name of the field that tags them. */
  private readonly variantTags = new Map<ObjectShape, string>();

  constructor(readonly describe: PackageSchemaSources["describe"]) {
    for (const [name, { shape }] of Object.entries(namedTypes)) {
      this.names.set(shape, name);
      if (shape.kind === "string" && shape.values) {
        this.names.set(shape.values, name);
      }
    }
  }

  /** Every named type defined, by token, in alphabetical order. */
  all(): Record<string, ObjectTypeSpec | EnumTypeSpec> {
    return Object.fromEntries([...this.defined].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** A reference to the named type `name`, defining it on first use. */
  refTo(name: string): { readonly $ref: string } {
    const named = namedTypes[name];
    if (!named) {
      throw new Error(`${name} is not a named type of the package schema`);
    }
    if (!this.defined.has(token(name))) {
      const { shape, doc } = named;
      this.defined.set(
        token(name),
        shape.kind === "string" ? this.enumSpec(shape, doc) : this.objectSpec(shape, doc, name),
      );
    }
    return { $ref: `#/types/${token(name)}` };
  }

  /** The type of a property whose value has `shape`; `where` names it in errors. */
  typeOf(shape: Shape, where: string): TypeSpec {
    switch (shape.kind) {
      case "string":
        return shape.values ? this.refTo(this.nameOf(shape, where)) : { type: "string" };
      case "integer":
        return { type: "integer" };
      case "boolean":
        return { type: "boolean" };
      case "scalar":
        return { oneOf: [{ type: "string" }, { type: "number" }] };
      case "list":
        return { type: "array", items: this.typeOf(shape.item, `${where}[]`) };
      case "map":
        return { type: "object", additionalProperties: { type: "string" } };
      case "json":
        return { type: "object", additionalProperties: anyType };
      case "object":
        return this.refTo(this.nameOf(shape, where));
      case "variants": {
        const mapping: Record<string, string> = {};
        const oneOf = Object.entries(shape.variants).map(([tag, variant]) => {
          this.variantTags.set(variant, shape.tag);
          const ref = this.refTo(this.nameOf(variant, `${where} (${shape.tag} ${tag})`));
          mapping[tag] = ref.$ref;
          return ref;
        });
        return { oneOf, discriminator: { propertyName: shape.tag, mapping } };
      }
    }
  }

  /**
   * An object type from an object shape: each field a property described from `doc` and its name,
   * the required fields `required`. The tag field of a union's variant (a `oneOf` of one value) is
   * that value as a `const`.
   */
  objectSpec(shape: ObjectShape, doc: DocPath, where: string): ObjectTypeSpec {
    const properties: Record<string, PropertySpec> = {};
    for (const [field, spec] of Object.entries(shape.fields)) {
      const description = this.describe([...doc, field]);
      const tag = this.variantTag(shape, field);
      properties[field] =
        tag !== undefined
          ? property({ type: "string" }, description, { const: tag })
          : property(this.typeOf(spec.shape, `${where}.${field}`), description);
    }
    const required = Object.entries(shape.fields)
      .filter(([, spec]) => spec.required)
      .map(([field]) => field);
    return {
      type: "object",
      description: this.describe(doc),
      properties,
      ...(required.length > 0 && { required }),
    };
  }

  private enumSpec(shape: StringShape, doc: DocPath): EnumTypeSpec {
    return {
      type: "string",
      description: this.describe(doc),
      enum: (shape.values ?? []).map((value) => ({ value })),
    };
  }

  /** The value of `field` when it is the tag that tells a union's variant `shape` from the others. */
  private variantTag(shape: ObjectShape, field: string): string | undefined {
    const fieldShape = shape.fields[field].shape;
    return this.variantTags.get(shape) === field &&
      fieldShape.kind === "string" &&
      fieldShape.values?.length === 1
      ? fieldShape.values[0]
      : undefined;
  }

  private nameOf(shape: Shape, where: string): string {
    const name =
      this.names.get(shape) ?? (shape.kind === "string" ? this.names.get(shape.values) : undefined);
    if (name === undefined) {
      throw new Error(`${where}: a structure or enum with no name in the package schema's namedTypes`);
    }
    return name;
  }
}
