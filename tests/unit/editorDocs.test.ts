/**
 * What an editor shows a program that uses the package: hovering a property of the JobTemplate
 * arguments, at the top level or nested in a list or an object, shows the TSDoc written in the
 * parameter and structure tables, and its type reads plainly. Checked with the TypeScript
 * language service, against the sources (as this repository's own programs see them) and against
 * the declarations `npm run build` emits (as an installed package is seen).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import {
  consumerLanguageService,
  positionOf,
  projectOptions,
  repoRoot,
  squash,
  type ConsumerService,
  type VirtualConsumer,
} from "../support/languageService";

const schemaDir = join(repoRoot, "provider", "schema");

// A consumer program, never written to disk: it lives next to the tests so that module resolution
// (tsconfig `paths`, node_modules) works as for a real file there.
const consumer: VirtualConsumer = {
  file: join(repoRoot, "tests", "unit", "editorDocsConsumer.virtual.ts"),
  source: `import { JobTemplate } from "pulumi-sae-job";

new JobTemplate("t", {
  appName: "a",
  packageType: "Image",
  replicas: 1,
  commandArgs: ["--verbose"],
  envs: [{ name: "A", value: "b" }],
  slsConfigs: [{ logDir: "" }],
  triggerConfig: { type: "time", config: "0 2 * * ?", timezone: "GMT+8:00" },
  postStart: { exec: { command: ["sh", "-c", "echo hi"] } },
});
`,
};

/**
 * The declarations `npm run build` emits for the provider, kept in memory (keyed by path under the
 * configured outDir) so the test neither needs nor disturbs a build in dist/.
 */
function emitProviderDeclarations(options: ts.CompilerOptions): Map<string, string> {
  const program = ts.createProgram({
    rootNames: [join(repoRoot, "provider", "index.ts")],
    options: { ...options, noEmit: false, declaration: true, emitDeclarationOnly: true, sourceMap: false },
  });
  const files = new Map<string, string>();
  const result = program.emit(undefined, (fileName, text) => {
    if (fileName.endsWith(".d.ts")) {
      files.set(fileName, text);
    }
  });
  if (result.emitSkipped) {
    throw new Error("declaration emit was skipped");
  }
  return files;
}

/**
 * The TSDoc comment written right before the line matching `declaration` in a source file, as
 * plain text (comment markers dropped, whitespace collapsed). Read from the text itself, not
 * through the compiler, so the test does not take the compiler's word for what the source says.
 */
function docCommentBefore(file: string, declaration: RegExp): string {
  const text = readFileSync(file, "utf8");
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${declaration.source}`, "m").exec(text);
  if (!match) {
    throw new Error(`no TSDoc before ${declaration} in ${file}`);
  }
  // The match may start at an earlier comment; the field's own is the last one in it.
  const body = match[1].split("/**").pop()!;
  return squash(body.replace(/^\s*\*(?!\/) ?/gm, ""));
}

const structures = join(schemaDir, "jobTemplateStructures.ts");
const parameters = join(schemaDir, "jobTemplateParameters.ts");

/** Where to hover, and the TSDoc expected there (from the tables' source text). */
const hovers = {
  appName: {
    at: positionOf(consumer.source, 'appName: "a"', "appName"),
    doc: docCommentBefore(parameters, /appName: param\(/),
  },
  envs: {
    at: positionOf(consumer.source, "envs: [{", "envs"),
    doc: docCommentBefore(parameters, /envs: param\(/),
  },
  "envs[0].name": {
    at: positionOf(consumer.source, '{ name: "A"', "name"),
    doc: docCommentBefore(structures, /name: required\(/),
  },
  "slsConfigs[0].logDir": {
    at: positionOf(consumer.source, '{ logDir: "" }', "logDir"),
    doc: docCommentBefore(structures, /logDir: required\(/),
  },
  "triggerConfig.timezone": {
    at: positionOf(consumer.source, 'timezone: "GMT+8:00"', "timezone"),
    doc: docCommentBefore(structures, /timezone: optional\(/),
  },
  "postStart.exec.command": {
    at: positionOf(consumer.source, 'command: ["sh"', "command"),
    doc: docCommentBefore(structures, /command: required\(/),
  },
};

/** What the hover over each property shows as its type: the plain forms Pulumi's SDKs use. */
const expectedDisplay: Record<keyof typeof hovers, string> = {
  appName: "(property) appName: Input<string>",
  envs: "(property) envs?: Input<Input<EnvVarInput>[]> | undefined",
  "envs[0].name": "(property) name: Input<string>",
  "slsConfigs[0].logDir": "(property) logDir: Input<string>",
  "triggerConfig.timezone": "(property) timezone?: Input<string> | undefined",
  "postStart.exec.command": "(property) command: Input<string>[]",
};

describe.each([
  ["the sources", () => consumerLanguageService(consumer, projectOptions())],
  [
    "the emitted declarations",
    () => {
      const options = projectOptions();
      const declarations = emitProviderDeclarations(options);
      const index = join(options.outDir!, "provider", "index.d.ts");
      expect(declarations.has(index)).toBe(true);
      // Resolve the package name to the emitted declarations, as package.json's `types` does.
      return consumerLanguageService(
        consumer,
        { ...options, paths: { "pulumi-sae-job": [index] } },
        declarations,
      );
    },
  ],
])("hovering JobTemplate arguments, through %s", (_, makeService) => {
  let service: ConsumerService;
  beforeAll(() => {
    service = makeService();
  });
  afterAll(() => {
    service.dispose();
  });

  const quickInfo = (at: number) => service.quickInfo(at);

  it("type-checks the consumer program", () => {
    const diagnostics = service.semanticDiagnostics();
    expect(diagnostics).toEqual([]);
  });

  it.each(Object.keys(hovers) as (keyof typeof hovers)[])("shows the TSDoc of %s", (name) => {
    const { at, doc } = hovers[name];
    expect(doc.length).toBeGreaterThan(10);
    expect(quickInfo(at).documentation).toBe(doc);
  });

  it.each(Object.keys(hovers) as (keyof typeof hovers)[])("shows the type of %s plainly", (name) => {
    const { display } = quickInfo(hovers[name].at);
    expect(display).toBe(expectedDisplay[name]);
  });

  it("never shows an input of an input, nor the helper types the arguments are derived with", () => {
    for (const { at } of Object.values(hovers)) {
      const { display } = quickInfo(at);
      expect(display).not.toMatch(/Input<Input<[^<>[\]]*>>/);
      expect(display).not.toMatch(/\b(InputOf|ValueOf|ObjectValue|Simplify|Pick|Partial)\b/);
    }
  });
});
