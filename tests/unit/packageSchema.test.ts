/**
 * The package schema (`schema.json`) the provider plugin will serve: the committed copy is what the
 * generator builds from the tables now; every table parameter is an input of the same name with
 * its flags; every name agrees with the TypeScript classes and lookups; every description is the
 * TSDoc written in the source; every `$ref` resolves; and it keeps to the structure Pulumi's package
 * metaschema requires (the metaschema itself is Pulumi's, not copied here: the facts that matter
 * most are written out below).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "../../harness/providerHost";
import type { ConfigKey } from "../../provider/api/settings";
import { runInputNames } from "../../provider/resources/jobRun/eventId";
import { jobRunParameters, jobRunReportedValues } from "../../provider/schema/jobRunParameters";
import { jobTemplateReportedValues, parameterList } from "../../provider/schema/jobTemplateParameters";
import { type DocPath, namedTypes } from "../../provider/schema/package/namedTypes";
import { token } from "../../provider/schema/package/packageSchema";
import { providerConfigVariables } from "../../provider/schema/providerConfig";
import type { Shape } from "../../provider/schema/shapes";
import { renderPackageSchema, schemaFile } from "../../scripts/schema";
import { markdownOf, readTsDocs, type TsDocs } from "../../scripts/tsdoc";

const root = findRepoRoot();
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  license: string;
  peerDependencies: Record<string, string>;
};

type Json = Record<string, unknown>;
type Property = Json & { description?: string };
interface ObjectType {
  type?: string;
  description?: string;
  properties: Record<string, Property>;
  required?: string[];
}
interface Schema {
  name: string;
  version: string;
  license: string;
  config: { variables: Record<string, Property> };
  provider: { description: string; inputProperties: Record<string, Property> };
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, Property>;
      requiredInputs: string[];
      properties: Record<string, Property>;
      required: string[];
    }
  >;
  functions: Record<string, { description: string; inputs: ObjectType; outputs: ObjectType | Json }>;
  types: Record<string, ObjectType | { type: string; description: string; enum: { value: unknown }[] }>;
  language: Record<string, Record<string, unknown>>;
}

let docs: TsDocs;
let committed: string;
let schema: Schema;

beforeAll(() => {
  // Compiling the package for its TSDoc takes a while on a busy machine.
  docs = readTsDocs(root);
  committed = readFileSync(join(root, schemaFile), "utf8");
  schema = JSON.parse(committed) as Schema;
}, 120_000);

const jobTemplate = () => schema.resources[token("JobTemplate")];
const jobRun = () => schema.resources[token("JobRun")];

/** `[path, property]` for every property the schema declares, wherever it is. */
function everyProperty(): [string, Property][] {
  const found: [string, Property][] = [];
  const add = (where: string, properties: Record<string, Property> | undefined) => {
    for (const [name, property] of Object.entries(properties ?? {})) {
      found.push([`${where}.${name}`, property]);
    }
  };
  add("config", schema.config.variables);
  add("provider", schema.provider.inputProperties);
  for (const [name, resource] of Object.entries(schema.resources)) {
    add(`${name} input`, resource.inputProperties);
    add(`${name} output`, resource.properties);
  }
  for (const [name, fn] of Object.entries(schema.functions)) {
    add(`${name} inputs`, fn.inputs.properties);
    add(`${name} outputs`, (fn.outputs as ObjectType).properties);
  }
  for (const [name, type] of Object.entries(schema.types)) {
    add(name, (type as ObjectType).properties);
  }
  return found;
}

/** Every type reference in the schema (properties, array items, map values, union members, function results). */
function everyTypeSpec(): [string, Json][] {
  const found: [string, Json][] = [];
  const walk = (where: string, spec: Json) => {
    found.push([where, spec]);
    if (spec.items) {
      walk(`${where}[]`, spec.items as Json);
    }
    if (typeof spec.additionalProperties === "object") {
      walk(`${where}{}`, spec.additionalProperties as Json);
    }
    for (const [index, member] of ((spec.oneOf ?? []) as Json[]).entries()) {
      walk(`${where}|${index}`, member);
    }
  };
  for (const [where, property] of everyProperty()) {
    walk(where, property);
  }
  for (const [name, fn] of Object.entries(schema.functions)) {
    if (!("properties" in fn.outputs)) {
      walk(`${name} result`, fn.outputs);
    }
  }
  return found;
}

/**
 * The TSDoc written right before the line matching `declaration` in a source file, at or after
 * `within` (the table the entry belongs to), as plain text. Read from the text itself, not through
 * the compiler, so the test does not take the generator's word for what the source says.
 */
function sourceDoc(file: string, declaration: RegExp, within = ""): string {
  const text = readFileSync(join(root, "provider", "schema", file), "utf8");
  const from = within === "" ? 0 : text.indexOf(within);
  if (from < 0) {
    throw new Error(`${within} is not in ${file}`);
  }
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${declaration.source}`, "m").exec(
    text.slice(from),
  );
  if (!match) {
    throw new Error(`no TSDoc before ${declaration} in ${file}`);
  }
  // The match may start at an earlier comment; the entry's own is the last one in it.
  return squash(
    markdownOf(
      match[1]
        .split("/**")
        .pop()!
        .replace(/^\s*\*(?!\/) ?/gm, ""),
    ),
  );
}

function squash(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** What a property of each shape must be in the schema: its primitive, `array`, a map, a reference or a union. */
function expectedType(shape: Shape): Json {
  switch (shape.kind) {
    case "string":
      return shape.values ? { $ref: expect.stringMatching(/^#\/types\/sae:index:/) } : { type: "string" };
    case "integer":
    case "boolean":
      return { type: shape.kind };
    case "scalar":
      return { oneOf: [{ type: "string" }, { type: "number" }] };
    case "list":
      return { type: "array", items: expect.objectContaining(expectedType(shape.item)) };
    case "map":
      return { type: "object", additionalProperties: { type: "string" } };
    case "json":
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    case "object":
      return { $ref: expect.stringMatching(/^#\/types\/sae:index:/) };
    case "variants":
      return {
        oneOf: expect.any(Array),
        discriminator: expect.objectContaining({ propertyName: shape.tag }),
      };
  }
}

describe("schema.json", () => {
  it("is what the generator builds from the tables now (else: run npm run schema)", () => {
    const built = renderPackageSchema(root, docs);
    if (committed !== built) {
      const now = JSON.parse(built) as Record<string, unknown>;
      const was = schema as unknown as Record<string, unknown>;
      const differing = [...new Set([...Object.keys(now), ...Object.keys(was)])].filter(
        (key) => JSON.stringify(now[key]) !== JSON.stringify(was[key]),
      );
      const where = differing.length > 0 ? differing.join(", ") : "formatting";
      expect(`${schemaFile} is stale (${where} differ): run npm run schema`).toBe("up to date");
    }
    expect(committed).toBe(built);
  });

  it("names the package, its version, license and SDK packages as the manifest does", () => {
    expect(schema.name).toBe("sae");
    expect(schema.version).toBe(manifest.version);
    expect(schema.license).toBe(manifest.license);
    const { nodejs, python, go, csharp, java } = schema.language;
    expect(nodejs.dependencies).toEqual({ "@pulumi/pulumi": manifest.peerDependencies["@pulumi/pulumi"] });
    // An SDK named apart from this package, and in no namespace of Pulumi's own.
    expect(nodejs.packageName).not.toBe(manifest.name);
    expect(nodejs.packageName).not.toMatch(/^@pulumi\//);
    expect(python.packageName).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(go.importBasePath).toMatch(/\/sae$/);
    expect(csharp.rootNamespace).not.toBe("Pulumi");
    expect(java.basePackage).not.toBe("com.pulumi");
    expect(Object.keys(schema.language).sort()).toEqual(["csharp", "go", "java", "nodejs", "python"]);
  });

  it("names no pluginDownloadURL: there is no release location yet, and the engine would fetch missing plugins from it", () => {
    // Teams serve the archives themselves meanwhile (`pulumi plugin install --server`, see the README).
    expect(committed).not.toContain('"pluginDownloadURL"');
  });

  it("has exactly the resources, functions and provider settings of the provider plugin", () => {
    expect(Object.keys(schema.resources)).toEqual(["sae:index:JobTemplate", "sae:index:JobRun"]);
    expect(Object.keys(schema.functions)).toEqual([
      "sae:index:getJobTemplate",
      "sae:index:listJobTemplates",
      "sae:index:listJobRuns",
    ]);
    const settings = [
      "accessKeyId",
      "accessKeySecret",
      "changeOrderTimeout",
      "defaultTags",
      "endpoint",
      "endpoints",
      "region",
      "securityToken",
    ];
    expect(Object.keys(schema.config.variables).sort()).toEqual(settings);
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    const secret = Object.entries(schema.config.variables).filter(([, spec]) => spec.secret === true);
    expect(secret.map(([name]) => name).sort()).toEqual(["accessKeySecret", "securityToken"]);
    expect(schema.config.variables.changeOrderTimeout.type).toBe("integer");
    expect(schema.config.variables.endpoints).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
    });
    // Every setting the provider's configuration check reports on is a variable (or this fails to compile).
    const unlisted: [Exclude<ConfigKey, keyof typeof providerConfigVariables>] extends [never]
      ? "none"
      : "some" = "none";
    expect(unlisted).toBe("none");
  });

  it("declares every JobTemplate parameter as an input of the same name: secrets secret, create-only ones replaceOnChanges", () => {
    const { inputProperties, requiredInputs, properties, required } = jobTemplate();
    expect(Object.keys(inputProperties)).toEqual(parameterList.map((spec) => spec.name));
    for (const spec of parameterList) {
      expect([spec.name, inputProperties[spec.name]]).toEqual([
        spec.name,
        expect.objectContaining(expectedType(spec.shape)),
      ]);
      expect([
        spec.name,
        inputProperties[spec.name].secret,
        inputProperties[spec.name].replaceOnChanges,
      ]).toEqual([spec.name, spec.secret ? true : undefined, spec.createOnly ? true : undefined]);
      expect([spec.name, properties[spec.name].secret]).toEqual([spec.name, spec.secret ? true : undefined]);
    }
    expect(Object.keys(inputProperties).filter((name) => inputProperties[name].replaceOnChanges)).toEqual(
      expect.arrayContaining(["appName", "packageType", "namespaceId", "cpu", "memory", "regionId"]),
    );
    expect(requiredInputs).toEqual(["appName", "packageType", "replicas"]);
    expect(Object.keys(properties)).toEqual([
      ...parameterList.map((spec) => spec.name),
      ...Object.keys(jobTemplateReportedValues),
    ]);
    expect(required).toEqual([...requiredInputs, "appId"]);
  });

  it("declares JobRun's inputs with replaceOnChanges on each whose change is a new run, as its diff replaces", () => {
    const { inputProperties, requiredInputs, properties, required } = jobRun();
    const parameters = Object.keys(jobRunParameters);
    // The URN the class passes as a hidden input is no input of a user's.
    expect(Object.keys(inputProperties)).toEqual([...parameters, "triggers"]);
    const replacing = Object.keys(inputProperties).filter((name) => inputProperties[name].replaceOnChanges);
    expect(replacing.sort()).toEqual([...runInputNames].sort());
    expect(replacing).not.toContain("waitTimeoutSeconds");
    expect(inputProperties.triggers).toMatchObject({ type: "array", items: { $ref: "pulumi.json#/Any" } });
    for (const [name, spec] of Object.entries(jobRunParameters)) {
      expect([name, inputProperties[name]]).toEqual([
        name,
        expect.objectContaining(expectedType(spec.shape)),
      ]);
    }
    expect(requiredInputs).toEqual(["appId"]);
    expect(Object.keys(properties)).toEqual([
      ...parameters,
      "triggers",
      ...Object.keys(jobRunReportedValues),
    ]);
    expect(properties.state).toMatchObject({ $ref: "#/types/sae:index:RunState" });
    expect(required).toEqual(["appId", "jobId"]);
  });

  it("uses the TypeScript classes' and lookups' property names, required where TypeScript requires them", () => {
    const names = (properties: Record<string, unknown>) => Object.keys(properties).sort();
    const tsNames = (path: DocPath) =>
      docs
        .properties(path)
        .map((p) => p.name)
        .sort();
    const tsRequired = (path: DocPath) =>
      docs
        .properties(path)
        .filter((p) => !p.optional)
        .map((p) => p.name)
        .sort();
    for (const name of ["JobTemplate", "JobRun"]) {
      const resource = schema.resources[token(name)];
      expect([name, names(resource.inputProperties)]).toEqual([name, tsNames([`${name}Args`])]);
      expect([name, [...resource.requiredInputs].sort()]).toEqual([name, tsRequired([`${name}Args`])]);
      expect([name, names(resource.properties)]).toEqual([name, tsNames([`${name}Outputs`])]);
    }
    const lookups: [string, string, string | undefined][] = [
      ["getJobTemplate", "GetJobTemplateArgs", "GetJobTemplateResult"],
      ["listJobTemplates", "ListJobTemplatesArgs", undefined],
      ["listJobRuns", "ListJobRunsArgs", undefined],
    ];
    for (const [fn, args, result] of lookups) {
      const { inputs, outputs } = schema.functions[token(fn)];
      expect([fn, names(inputs.properties)]).toEqual([fn, tsNames([args])]);
      expect([fn, [...(inputs.required ?? [])].sort()]).toEqual([fn, tsRequired([args])]);
      if (result) {
        expect([fn, names((outputs as ObjectType).properties)]).toEqual([fn, tsNames([result])]);
      }
    }
    expect(schema.functions[token("listJobTemplates")].outputs).toEqual({
      type: "array",
      items: { $ref: "#/types/sae:index:JobTemplateSummary" },
    });
    expect(schema.functions[token("listJobRuns")].outputs).toEqual({
      type: "array",
      items: { $ref: "#/types/sae:index:JobRunSummary" },
    });
    // getJobTemplate answers the OSS keys as secrets, as the resource does.
    const found = (schema.functions[token("getJobTemplate")].outputs as ObjectType).properties;
    expect([found.ossAkId.secret, found.ossAkSecret.secret]).toEqual([true, true]);
    for (const [name, named] of Object.entries(namedTypes)) {
      const type = schema.types[token(name)] as ObjectType;
      if (named.shape.kind === "object") {
        expect([name, names(type.properties)]).toEqual([name, tsNames(named.doc)]);
        expect([name, [...(type.required ?? [])].sort()]).toEqual([name, tsRequired(named.doc)]);
      }
    }
  });

  it("defines every named type it refers to, refers to every one it defines, and refers outside only to Pulumi's Any", () => {
    const refs = everyTypeSpec()
      .filter(([, spec]) => typeof spec.$ref === "string")
      .map(([where, spec]) => [where, spec.$ref as string] as const);
    expect(refs.length).toBeGreaterThan(20);
    const unresolved = refs.filter(
      ([, ref]) =>
        ref !== "pulumi.json#/Any" && !(ref.startsWith("#/types/") && ref.slice(8) in schema.types),
    );
    expect(unresolved).toEqual([]);
    const referred = new Set(refs.map(([, ref]) => ref.slice("#/types/".length)));
    expect(Object.keys(schema.types).filter((name) => !referred.has(name))).toEqual([]);
    expect(Object.keys(schema.types).sort()).toEqual(Object.keys(namedTypes).map(token).sort());
  });

  it("lists each enum's values as its shape does, and tells the trigger's forms apart by a const type", () => {
    for (const [name, { shape }] of Object.entries(namedTypes)) {
      if (shape.kind === "string") {
        const type = schema.types[token(name)] as { type: string; enum: { value: unknown }[] };
        expect([name, type.type, type.enum.map((e) => e.value)]).toEqual([name, "string", shape.values]);
      }
    }
    expect(jobTemplate().inputProperties.packageType.$ref).toBe("#/types/sae:index:PackageType");
    expect(schema.functions[token("listJobRuns")].inputs.properties.state.$ref).toBe(
      "#/types/sae:index:RunState",
    );
    expect(jobTemplate().inputProperties.triggerConfig).toMatchObject({
      oneOf: [
        { $ref: "#/types/sae:index:TimeTriggerConfig" },
        { $ref: "#/types/sae:index:HttpTriggerConfig" },
      ],
      discriminator: {
        propertyName: "type",
        mapping: { time: "#/types/sae:index:TimeTriggerConfig", http: "#/types/sae:index:HttpTriggerConfig" },
      },
    });
    for (const [variant, tag] of [
      ["TimeTriggerConfig", "time"],
      ["HttpTriggerConfig", "http"],
    ]) {
      expect((schema.types[token(variant)] as ObjectType).properties.type).toMatchObject({
        type: "string",
        const: tag,
      });
    }
  });

  it("describes every resource, function, type and property", () => {
    const undescribed = [
      ...Object.entries(schema.resources).map(([name, spec]) => [name, spec.description] as const),
      ...Object.entries(schema.functions).map(([name, spec]) => [name, spec.description] as const),
      ...Object.entries(schema.types).map(([name, spec]) => [name, spec.description] as const),
      ...everyProperty().map(([where, spec]) => [where, spec.description] as const),
      ["provider", schema.provider.description] as const,
    ].filter(([, description]) => typeof description !== "string" || description.trim().length < 10);
    expect(undescribed).toEqual([]);
  });

  it("takes each description from the TSDoc written on the table entry, field or type it stands for", () => {
    const { inputProperties, properties } = jobTemplate();
    for (const spec of parameterList) {
      const doc = sourceDoc("jobTemplateParameters.ts", new RegExp(`${spec.name}: param\\(`));
      expect([spec.name, squash(inputProperties[spec.name].description)]).toEqual([spec.name, doc]);
      expect([spec.name, squash(properties[spec.name].description)]).toEqual([spec.name, doc]);
    }
    for (const name of Object.keys(jobTemplateReportedValues)) {
      const doc = sourceDoc(
        "jobTemplateParameters.ts",
        new RegExp(`${name}: \\{ api:`),
        "jobTemplateReportedValues =",
      );
      expect([name, squash(properties[name].description)]).toEqual([name, doc]);
    }
    const run = jobRun();
    for (const name of Object.keys(jobRunParameters)) {
      const doc = sourceDoc("jobRunParameters.ts", new RegExp(`${name}: param\\(`));
      expect([name, squash(run.inputProperties[name].description)]).toEqual([name, doc]);
    }
    for (const name of Object.keys(jobRunReportedValues)) {
      const doc = sourceDoc("jobRunParameters.ts", new RegExp(`${name}: \\{ api:`), "jobRunReportedValues =");
      expect([name, squash(run.properties[name].description)]).toEqual([name, doc]);
    }
    for (const name of Object.keys(providerConfigVariables)) {
      const doc = sourceDoc("providerConfig.ts", new RegExp(`${name}: setting\\(`));
      expect([name, squash(schema.config.variables[name].description)]).toEqual([name, doc]);
    }
    // Structures: the interface's TSDoc, and each field's in the table the interface derives from.
    const fieldTables: Record<string, [file: string, table: string]> = {
      EnvVar: ["jobTemplateStructures.ts", "envVarFields"],
      SlsConfig: ["jobTemplateStructures.ts", "slsConfigFields"],
      MountDesc: ["jobTemplateStructures.ts", "mountDescFields"],
      NasConfig: ["jobTemplateStructures.ts", "nasConfigFields"],
      OssMountDesc: ["jobTemplateStructures.ts", "ossMountDescFields"],
      ConfigMapMountDesc: ["jobTemplateStructures.ts", "configMapMountDescFields"],
      HostAlias: ["jobTemplateStructures.ts", "hostAliasFields"],
      LifecycleHook: ["jobTemplateStructures.ts", "lifecycleHookFields"],
      LifecycleHookExec: ["jobTemplateStructures.ts", "lifecycleHookFields"],
      TomcatConfig: ["jobTemplateStructures.ts", "tomcatConfigFields"],
      TimeTriggerConfig: ["jobTemplateStructures.ts", "timeTriggerConfigFields"],
      HttpTriggerConfig: ["jobTemplateStructures.ts", "httpTriggerConfigFields"],
      JobTemplateSummary: ["lookupParameters.ts", "jobTemplateSummaryFields"],
    };
    for (const [name, [file, table]] of Object.entries(fieldTables)) {
      const type = schema.types[token(name)] as ObjectType;
      if (namedTypes[name].doc.length === 1) {
        const doc = sourceDoc(file, new RegExp(`export interface ${name} extends`));
        expect([name, squash(type.description)]).toEqual([name, doc]);
      }
      for (const [field, property] of Object.entries(type.properties)) {
        const doc = sourceDoc(file, new RegExp(`${field}: (required|optional)\\(`), `const ${table} =`);
        expect([`${name}.${field}`, squash(property.description)]).toEqual([`${name}.${field}`, doc]);
      }
    }
    expect(Object.keys(fieldTables).sort()).toEqual(
      Object.entries(namedTypes)
        .filter(([name, { shape }]) => shape.kind === "object" && name !== "JobRunSummary")
        .map(([name]) => name)
        .sort(),
    );
    // A run's summary is a run's reported values, with their TSDoc.
    const summary = schema.types[token("JobRunSummary")] as ObjectType;
    for (const [field, property] of Object.entries(summary.properties)) {
      expect([field, property.description]).toEqual([field, run.properties[field].description]);
    }
    const lookupArgs: [string, string][] = [
      ["getJobTemplate", "getJobTemplateArgFields"],
      ["listJobTemplates", "listJobTemplatesArgFields"],
      ["listJobRuns", "listJobRunsArgFields"],
    ];
    for (const [fn, table] of lookupArgs) {
      for (const [field, property] of Object.entries(schema.functions[token(fn)].inputs.properties)) {
        const doc = sourceDoc(
          "lookupParameters.ts",
          new RegExp(`${field}: (required|optional)\\(`),
          `const ${table} =`,
        );
        expect([`${fn}.${field}`, squash(property.description)]).toEqual([`${fn}.${field}`, doc]);
      }
    }
    // A resource's and a function's own description is its TSDoc without the examples.
    expect(jobTemplate().description).toMatch(/^An Alibaba Cloud Serverless App Engine \(SAE\) job template/);
    expect(jobTemplate().description).not.toContain("@example");
    expect(schema.functions[token("listJobRuns")].description).toMatch(/^Lists a job template's last runs/);
  });

  it("keeps to the structure Pulumi's package metaschema requires", () => {
    // The metaschema's patterns for the package name, the version, and type and function tokens.
    expect(schema.name).toMatch(/^[a-zA-Z][-a-zA-Z0-9_]*$/);
    expect(schema.version).toMatch(
      /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/,
    );
    const typeToken = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/]*$/;
    const functionToken = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
    for (const name of [...Object.keys(schema.resources), ...Object.keys(schema.types)]) {
      expect(name).toMatch(typeToken);
    }
    for (const name of Object.keys(schema.functions)) {
      expect(name).toMatch(functionToken);
    }
    // No member the metaschema does not define (it allows no others at the top level).
    const topLevel = [
      "name",
      "displayName",
      "version",
      "description",
      "keywords",
      "homepage",
      "license",
      "attribution",
      "repository",
      "logoUrl",
      "pluginDownloadURL",
      "publisher",
      "namespace",
      "meta",
      "config",
      "types",
      "dependencies",
      "provider",
      "resources",
      "functions",
      "language",
      "parameterization",
      "allowedPackageNames",
    ];
    expect(Object.keys(schema).filter((key) => !topLevel.includes(key))).toEqual([]);
    // A type reference is exactly one of: a primitive, an array with items, a map, a $ref, a union of two or more.
    const primitives = ["boolean", "integer", "number", "string"];
    const propertyOnly = ["description", "const", "default", "secret", "replaceOnChanges", "plain"];
    const malformed = everyTypeSpec().filter(([, spec]) => {
      const keys = Object.keys(spec).filter((key) => !propertyOnly.includes(key));
      const has = (...wanted: string[]) =>
        keys.length === wanted.length && wanted.every((key) => keys.includes(key));
      if (typeof spec.$ref === "string") {
        return !has("$ref");
      }
      if (Array.isArray(spec.oneOf)) {
        return spec.oneOf.length < 2 || keys.some((key) => !["oneOf", "discriminator", "type"].includes(key));
      }
      switch (spec.type) {
        case "array":
          return !has("type", "items");
        case "object":
          return !(has("type") || has("type", "additionalProperties"));
        default:
          return !primitives.includes(spec.type as string) || !has("type");
      }
    });
    expect(malformed).toEqual([]);
    // Named types are objects or enums of a primitive; required names are properties.
    for (const [name, type] of Object.entries(schema.types)) {
      if ("enum" in type) {
        expect([
          name,
          primitives.includes(type.type as string),
          type.enum.every((e) => "value" in e),
        ]).toEqual([name, true, true]);
      } else {
        expect([name, type.type]).toEqual([name, "object"]);
        expect([name, (type.required ?? []).filter((r) => !(r in type.properties))]).toEqual([name, []]);
      }
    }
    for (const [name, resource] of Object.entries(schema.resources)) {
      expect([name, resource.requiredInputs.filter((r) => !(r in resource.inputProperties))]).toEqual([
        name,
        [],
      ]);
      expect([name, resource.required.filter((r) => !(r in resource.properties))]).toEqual([name, []]);
      // Pulumi gives every resource `id` and `urn` itself.
      expect([name, "id" in resource.properties, "urn" in resource.properties]).toEqual([name, false, false]);
    }
  });
});
