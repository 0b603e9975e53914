import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operations } from "../../provider/api/operations";
import {
  jobTemplateParameters,
  jobTemplateRules,
  parameterList,
} from "../../provider/schema/jobTemplateParameters";
import { renderParameterTable } from "../../scripts/parameterTable";
import reference from "../reference/saeJobApi.json";

const repoRoot = join(__dirname, "..", "..");

describe("the parameter table", () => {
  it("names each input as the lowerCamel form of its API name", () => {
    for (const spec of parameterList) {
      expect(spec.name).toBe(spec.api[0].toLowerCase() + spec.api.slice(1));
    }
  });

  it("marks exactly the create-only parameters the API reference lists (Workload is fixed, not an input)", () => {
    const documented = reference.createOnly.filter((name) => !(name in reference.fixed));
    // The region is the endpoint's, not a parameter of either operation.
    const ours = parameterList
      .filter((s) => s.createOnly && s.appliedBy !== "the endpoint")
      .map((s) => s.api);
    expect(ours.sort()).toEqual(documented.sort());
  });

  it("covers every CreateJob and UpdateJob parameter of the API reference, with a matching type", () => {
    const documented = new Map<string, string>();
    // UpdateJob first, so CreateJob's type wins where the pages differ (Replicas: string vs integer).
    for (const page of [reference.pages.UpdateJob, reference.pages.CreateJob]) {
      for (const [name, type] of Object.entries(page.parameters)) {
        documented.set(name, type);
      }
    }
    for (const name of reference.sdkOnly.CreateJob) {
      documented.set(name, documented.get(name) ?? "string");
    }
    const ours = new Map(parameterList.map((s) => [s.api, s.shape.kind]));
    const wireKind: Record<string, string[]> = {
      // Structured values travel as JSON text in a string parameter.
      string: ["string", "scalar", "list", "object", "variants", "json"],
      integer: ["integer"],
      long: ["integer"],
      boolean: ["boolean"],
    };
    const mismatched = [...documented]
      .filter(([name]) => !(name in reference.fixed))
      .filter(([name, type]) => !wireKind[type].includes(ours.get(name) ?? "missing"))
      .map(([name, type]) => `${name}: documented ${type}, ours ${ours.get(name) ?? "missing"}`);
    expect(mismatched).toEqual([]);
    expect(documented.size).toBeGreaterThan(50);
  });

  it("sends every secret in the form body of CreateJob and UpdateJob, never in the query", () => {
    const secrets = parameterList.filter((s) => s.secret).map((s) => s.api);
    expect(secrets.sort()).toEqual(["OssAkId", "OssAkSecret"]);
    for (const name of secrets) {
      expect(operations.CreateJob.bodyParams).toContain(name);
      expect(operations.UpdateJob.bodyParams).toContain(name);
    }
  });

  it("puts in the form body what the official SDK does, as each parameter's `body` flag says", () => {
    const body = [
      "AcrInstanceId",
      "ConfigMapMountDesc",
      "EnableImageAccl",
      "OssAkId",
      "OssAkSecret",
      "OssMountDescs",
      "PhpConfig",
    ];
    expect([...operations.CreateJob.bodyParams].sort()).toEqual(body);
    // Php exists only on UpdateJob.
    expect([...operations.UpdateJob.bodyParams].sort()).toEqual([...body, "Php"].sort());
  });

  it("names only its own parameters in the rules across parameters", () => {
    const names = new Set<string>(parameterList.map((s) => s.name));
    const named = jobTemplateRules.flatMap((rule) => rule.fields);
    expect(named.filter((name) => !names.has(name))).toEqual([]);
    expect(new Set(named)).toEqual(
      new Set([
        "packageType",
        "packageUrl",
        "packageVersion",
        "imageUrl",
        "jdk",
        "webContainer",
        "cpu",
        "memory",
        "ossMountDescs",
        "ossAkId",
        "ossAkSecret",
        "nasId",
        "mountHost",
        "mountDesc",
      ]),
    );
  });

  it("gives every updatable parameter that SAE does not choose itself a way to be cleared", () => {
    // Tags are not an UpdateJob parameter: UntagResources removes them.
    const updatable = parameterList.filter(
      (spec) => !spec.createOnly && !spec.computed && !spec.required && spec.appliedBy !== "TagResources",
    );
    // All of them, or the filter let the check pass on none: 59 parameters, 42 of them updatable.
    expect([parameterList.length, updatable.length]).toEqual([59, 42]);
    expect(updatable.filter((spec) => typeof spec.clearWith !== "string").map((spec) => spec.name)).toEqual(
      [],
    );
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
