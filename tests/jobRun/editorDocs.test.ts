/**
 * What an editor shows a program that uses JobRun: every argument, the fields of a nested
 * environment variable, and every output have TSDoc, and the types read plainly. Checked with the
 * TypeScript language service against the sources, as this repository's programs see them.
 */
import { join } from "node:path";
import { jobRunParameters, jobRunReportedValues } from "../../provider/schema/jobRunParameters";
import { consumerLanguageService, repoRoot, type ConsumerService } from "../support/languageService";

const consumer = {
  file: join(repoRoot, "tests", "jobRun", "editorDocsConsumer.virtual.ts"),
  source: `import { JobRun } from "pulumi-sae-job";

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
  regionId: "cn-beijing",
});
export const outputs = [run.jobId, run.eventId, run.state, run.message, run.startTime, run.completionTime, run.active, run.succeeded, run.failed];
`,
};

let languageService: ConsumerService;
beforeAll(() => {
  languageService = consumerLanguageService(consumer);
});
afterAll(() => {
  languageService.dispose();
});

function hover(context: string, word: string): { display: string; documentation: string } {
  return languageService.hover(context, word);
}

it("type-checks the consumer program", () => {
  const diagnostics = languageService.semanticDiagnostics();
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
