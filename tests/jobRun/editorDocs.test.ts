/**
 * What an editor shows a program that uses JobRun: every argument, the fields of a nested
 * environment variable, and every output have TSDoc, and the types read plainly. Checked with the
 * TypeScript language service against the sources, as this repository's programs see them.
 */
import { join } from "node:path";
import * as ts from "typescript";
import { jobRunParameters, jobRunReportedValues } from "../../provider/schema/jobRunParameters";

const repoRoot = join(__dirname, "..", "..");
const consumerFile = join(repoRoot, "tests", "jobRun", "editorDocsConsumer.virtual.ts");
const consumerSource = `import { JobRun } from "pulumi-sae-job";

const run = new JobRun("r", {
  appId: "a",
  command: "python",
  commandArgs: ["--all"],
  envs: [{ name: "A", value: "b" }],
  replicas: 1,
  time: "2024-05-01T02:00:00Z",
  jarStartArgs: "x",
  jarStartOptions: "-Xmx1G",
  warStartOptions: "w",
  triggers: [1],
  waitTimeoutSeconds: 60,
  deleteHistoryOnDestroy: true,
});
export const outputs = [run.jobId, run.eventId, run.state, run.message, run.startTime, run.completionTime, run.active, run.succeeded, run.failed];
`;

function service(): ts.LanguageService {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath);
  const options = { ...parsed.options, incremental: false, tsBuildInfoFile: undefined, noEmit: true };
  const readFile = (path: string) => (path === consumerFile ? consumerSource : ts.sys.readFile(path));
  return ts.createLanguageService({
    getScriptFileNames: () => [consumerFile],
    getScriptVersion: () => "1",
    getScriptSnapshot: (path) => {
      const text = readFile(path);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => repoRoot,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (path) => path === consumerFile || ts.sys.fileExists(path),
    readFile,
    directoryExists: (path) => ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
  });
}

let languageService: ts.LanguageService;
beforeAll(() => {
  languageService = service();
});
afterAll(() => {
  languageService.dispose();
});

function hover(context: string, word: string): { display: string; documentation: string } {
  const at = consumerSource.indexOf(context) + context.indexOf(word);
  const info = languageService.getQuickInfoAtPosition(consumerFile, at);
  return {
    display: ts.displayPartsToString(info?.displayParts),
    documentation: ts.displayPartsToString(info?.documentation).replace(/\s+/g, " ").trim(),
  };
}

it("type-checks the consumer program", () => {
  const diagnostics = languageService
    .getSemanticDiagnostics(consumerFile)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(diagnostics).toEqual([]);
});

it.each([...Object.keys(jobRunParameters), "triggers"])("documents the argument %s", (name) => {
  const { documentation } = hover(`\n  ${name}:`, name);
  expect(documentation.length).toBeGreaterThan(30);
});

it.each(Object.keys(jobRunReportedValues))("documents the output %s", (name) => {
  const { documentation } = hover(`run.${name}`, name);
  expect(documentation.length).toBeGreaterThan(10);
});

it("documents the fields of an environment variable, and shows plain types", () => {
  expect(hover('{ name: "A"', "name").documentation).toMatch(/Name of the variable/);
  expect(hover("  appId:", "appId").display).toBe("(property) appId: Input<string>");
  expect(hover("  envs:", "envs").display).toBe("(property) envs?: Input<Input<EnvVarInput>[]> | undefined");
  expect(hover("  triggers:", "triggers").display).toBe(
    "(property) JobRunArgs.triggers?: Input<unknown[]> | undefined",
  );
  expect(hover("  triggers:", "triggers").documentation).toMatch(/template\.imageUrl/);
  expect(hover("run.state", "state").display).toBe(
    '(property) state: Output<"pending" | "running" | "succeeded" | "failed">',
  );
});
