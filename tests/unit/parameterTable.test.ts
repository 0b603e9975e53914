import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operations } from "../../provider/api/operations";
import { jobTemplateParameters, parameterList } from "../../provider/schema/jobTemplateParameters";
import { renderParameterTable } from "../../scripts/parameterTable";

const docs = join(__dirname, "..", "..", "..", "shared", "api-docs");
const repoRoot = join(__dirname, "..", "..");

describe("the parameter table", () => {
  it("names each input as the lowerCamel form of its API name", () => {
    for (const spec of parameterList) {
      expect(spec.name).toBe(spec.api[0].toLowerCase() + spec.api.slice(1));
    }
  });

  it("marks exactly the create-only parameters that OPERATIONS.md lists (Workload is fixed, not an input)", () => {
    const ops = readFileSync(join(docs, "OPERATIONS.md"), "utf8");
    const sentence = /Create-only parameters \(UpdateJob does not take them\): ([^.]+)\./.exec(ops)![1];
    const documented = sentence.split(/,\s*/).filter((name) => name !== "Workload");
    const ours = parameterList.filter((s) => s.createOnly).map((s) => s.api);
    expect(ours.sort()).toEqual(documented.sort());
  });

  it("covers every CreateJob and UpdateJob parameter of the reference pages", () => {
    const tableNames = (file: string) =>
      [
        ...readFileSync(join(docs, file), "utf8")
          .split(/Response (?:parameters|elements)/)[0]
          .matchAll(/^\| ([A-Z][A-Za-z]+) \|\s*(string|integer|boolean|long) \|/gm),
      ].map((m) => m[1]);
    const create = tableNames("CreateJob.txt").filter((n) => n !== "Workload");
    const update = tableNames("UpdateJob-table.txt").filter((n) => n !== "AppId");
    const ours = new Set(parameterList.map((s) => s.api));
    // OPERATIONS.md adds three CreateJob parameters the rendered page lost.
    for (const name of [...create, ...update, "EnableImageAccl", "NasConfigs", "BestEffortType"]) {
      expect(ours).toContain(name);
    }
    expect(create.length).toBeGreaterThan(45);
  });

  it("sends every secret in the form body of CreateJob and UpdateJob, never in the query", () => {
    const secrets = parameterList.filter((s) => s.secret).map((s) => s.api);
    expect(secrets.sort()).toEqual(["OssAkId", "OssAkSecret"]);
    for (const name of secrets) {
      expect(operations.CreateJob.bodyParams).toContain(name);
      expect(operations.UpdateJob.bodyParams).toContain(name);
    }
  });

  it("gives every updatable parameter that SAE does not choose itself a way to be cleared", () => {
    for (const spec of parameterList) {
      if (!spec.createOnly && !spec.computed && !spec.required) {
        expect({ name: spec.name, clearWith: spec.clearWith }).toEqual({
          name: spec.name,
          clearWith: expect.any(String),
        });
      }
    }
  });

  it('clears NAS, SLS, mounts and Tomcat with "" as UpdateJob documents', () => {
    for (const name of [
      "nasId",
      "mountHost",
      "mountDesc",
      "nasConfigs",
      "slsConfigs",
      "ossMountDescs",
      "configMapMountDesc",
      "tomcatConfig",
    ] as const) {
      expect([name, jobTemplateParameters[name].clearWith]).toEqual([name, ""]);
    }
  });

  it("is what the README's parameter table says", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const start = readme.indexOf("<!-- parameter-table:start -->");
    const end = readme.indexOf("<!-- parameter-table:end -->");
    expect(start).toBeGreaterThan(-1);
    // Compared cell by cell: Prettier pads Markdown tables.
    const cells = (table: string) =>
      table
        .split("\n")
        .filter((line) => line.startsWith("|"))
        .map((line) => line.replace(/\s*\|\s*/g, "|").replace(/-{3,}/g, "---"));
    expect(cells(readme.slice(start, end))).toEqual(cells(renderParameterTable()));
  });
});
