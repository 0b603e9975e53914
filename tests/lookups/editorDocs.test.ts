/**
 * What an editor shows a program that uses the lookups: their answers' fields carry the TSDoc of
 * the tables they come from (a template's parameters, a run's reported values) and read plainly,
 * the secret ones as Outputs; the arguments type-check as a user writes them.
 */
import { join } from "node:path";
import { consumerLanguageService, type ConsumerService, repoRoot } from "../support/languageService";

const source = `import * as pulumi from "@pulumi/pulumi";
import { getJobTemplate, getJobTemplateOutput, JobTemplate, listJobRuns, listJobTemplates } from "pulumi-sae-job";

new JobTemplate("t", { appName: "a", packageType: "Image", imageUrl: "i", replicas: 1, ossAkSecret: "s" });

export async function program(namespaceId: pulumi.Output<string>) {
  const found = await getJobTemplate({ appName: "nightly-report", namespaceId: "cn-hangzhou:reports" });
  const byId = getJobTemplateOutput({ appId: pulumi.output(found.appId) });
  const runs = await listJobRuns({ appId: found.appId, state: "failed", limit: 5 });
  const templates = await listJobTemplates({ tags: { team: "data" } });
  return [found.imageUrl, found.ossAkSecret, byId.ossAkSecret, runs[0].startTime, templates[0].lastJobState, namespaceId];
}
`;

let service: ConsumerService;
beforeAll(() => {
  service = consumerLanguageService({
    file: join(repoRoot, "tests", "lookups", "editorDocsConsumer.virtual.ts"),
    source,
  });
});
afterAll(() => {
  service.dispose();
});

it("type-checks a program that uses them", () => {
  expect(service.semanticDiagnostics()).toEqual([]);
});

it("shows the parameter table's TSDoc on a template's fields, and the secret ones as Outputs", () => {
  const imageUrl = service.hover("found.imageUrl", "imageUrl");
  expect(imageUrl.display).toBe("(property) imageUrl?: string | undefined");
  // The same TSDoc as the JobTemplate argument: both come from the parameter table.
  expect(imageUrl.documentation).toBe(service.hover('imageUrl: "i"', "imageUrl").documentation);
  expect(imageUrl.documentation.length).toBeGreaterThan(10);
  const secret = service.hover("found.ossAkSecret", "ossAkSecret");
  expect(secret.display).toBe("(property) ossAkSecret?: pulumi.Output<string> | undefined");
  expect(secret.documentation).toBe(service.hover('ossAkSecret: "s"', "ossAkSecret").documentation);
  expect(service.hover("byId.ossAkSecret", "ossAkSecret").documentation).toBe(secret.documentation);
  expect(secret.documentation.length).toBeGreaterThan(10);
});

it("shows the run table's TSDoc on a run's fields", () => {
  const startTime = service.hover("runs[0].startTime", "startTime");
  expect(startTime.display).toBe("(property) startTime?: string | undefined");
  expect(startTime.documentation).toBe(
    "When the run started, ISO 8601 in UTC (such as `2024-05-01T02:00:03Z`); absent until it starts.",
  );
  expect(service.hover("templates[0].lastJobState", "lastJobState").documentation).toMatch(/last run/);
});

it("refuses an ID and a name together", () => {
  const both = consumerLanguageService({
    file: join(repoRoot, "tests", "lookups", "editorDocsBoth.virtual.ts"),
    source: `import { getJobTemplate } from "pulumi-sae-job";\nvoid getJobTemplate({ appId: "x", appName: "y" });\n`,
  });
  try {
    expect(both.semanticDiagnostics()).toEqual([expect.stringMatching(/not assignable/)]);
  } finally {
    both.dispose();
  }
});
