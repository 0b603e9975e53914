/**
 * The lowest `@pulumi/pulumi` the package's peer range allows runs the whole lifecycle: a project
 * with exactly that version and the packed tarball creates, refreshes, updates in place, imports
 * and destroys a JobTemplate against the emulator, its program on that SDK and its provider in
 * that SDK's dynamic-provider host.
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import type { SaeClient } from "../../provider/api/client";
import { Engine, type ProjectProgram, ProviderHost, projectProgram } from "../../harness";
import { findRepoRoot } from "../../harness/providerHost";
import { clientFor, startEmulator } from "../support/emulatorClient";
import {
  installedVersion,
  npmInstall,
  packedTarball,
  removePackedTarball,
  projectTsc,
  type ScratchProject,
  scratchProject,
} from "../support/packedPackage";
import { emulatorConfig } from "./pulumiProject";

const manifest = JSON.parse(readFileSync(join(findRepoRoot(), "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const range = manifest.peerDependencies["@pulumi/pulumi"];
/** The range's floor: "^3.268.0" allows nothing below 3.268.0. */
const lowest = range.replace(/^\^/, "");
const projectName = "lowest-pulumi";
const env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };

/** One JobTemplate from config; with `importId` set it adopts that template instead of creating one. */
const programSource = `import * as pulumi from "@pulumi/pulumi";
import { JobTemplate } from "pulumi-sae-job";

const config = new pulumi.Config();
const importId = config.get("importId");
const job = new JobTemplate(
  "report",
  {
    appName: "lowest-pulumi-report",
    packageType: "Image",
    imageUrl: "registry.example/acme/report:1",
    replicas: config.requireNumber("replicas"),
    envs: [{ name: "MODE", value: config.require("mode") }],
  },
  importId ? { import: importId } : {},
);

export const appId = job.appId;
`;

let project: ScratchProject;
let program: ProjectProgram;
let emulator: Emulator;
let client: SaeClient;
const hosts: ProviderHost[] = [];

/** An engine with empty state and a fresh host, as a new `pulumi` command on another machine. */
async function freshEngine(values: Record<string, string>): Promise<Engine> {
  const host = await ProviderHost.start({ projectDir: project.dir, env });
  hosts.push(host);
  const config = emulatorConfig(emulator);
  for (const [key, value] of Object.entries(values)) {
    config[`${projectName}:${key}`] = value;
  }
  return new Engine({ host, project: projectName, stack: "dev", config });
}

beforeAll(async () => {
  expect(lowest).toMatch(/^\d+\.\d+\.\d+$/);
  project = await scratchProject({ name: projectName, private: true });
  await npmInstall(project.dir, [
    "--save-exact",
    `@pulumi/pulumi@${lowest}`,
    await packedTarball(),
    `typescript@${manifest.devDependencies.typescript}`,
    "@types/node@22",
  ]);
  await writeFile(join(project.dir, "index.ts"), programSource);
  await writeFile(
    join(project.dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
      },
      files: ["index.ts"],
    }),
  );
  program = projectProgram(project.dir, { entry: "bin/index.js", env });
  emulator = await startEmulator();
  client = clientFor(emulator);
}, 300_000);

afterAll(async () => {
  for (const host of hosts) {
    await host.stop();
  }
  await emulator?.stop();
  await removePackedTarball();
  await project?.remove();
});

describe(`@pulumi/pulumi ${lowest}, the lowest ${range} allows`, () => {
  let engine: Engine;
  let appId: string;

  it("is what the project has, for the program and for the package alike", async () => {
    expect(await installedVersion(project.dir, "@pulumi/pulumi")).toBe(lowest);
    // No second copy under the package: its provider code runs on the project's SDK too.
    await expect(
      installedVersion(join(project.dir, "node_modules", "pulumi-sae-job"), "@pulumi/pulumi"),
    ).rejects.toThrow(/ENOENT/);
    const compiled = await projectTsc(project.dir, ["-p", "."]);
    expect(compiled.stdout + compiled.stderr).toBe("");
  });

  it("creates the template", async () => {
    engine = await freshEngine({ replicas: "1", mode: "full" });
    expect(hosts[0].script.startsWith(join(project.dir, "node_modules", "@pulumi", "pulumi"))).toBe(true);
    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    expect(up.steps.map((s) => s.op)).toEqual(["create"]);
    appId = engine.state[0].id;
    expect((await client.describeJob({ AppId: appId })).Data).toMatchObject({
      AppName: "lowest-pulumi-report",
    });
  });

  it("refreshes with no diff", async () => {
    const refreshed = await engine.refresh();
    expect(refreshed.errors).toEqual([]);
    expect(refreshed.steps[0].diff).toMatchObject({ providerChanges: "none", changes: "none" });
  });

  it("updates in place with one UpdateJob carrying what changed", async () => {
    engine.setConfig(`${projectName}:replicas`, "2");
    engine.setConfig(`${projectName}:mode`, "delta");
    const updated = await engine.up(program);
    expect(updated.errors).toEqual([]);
    expect(updated.steps.map((s) => s.op)).toEqual(["update"]);
    expect(updated.providerCalls.map((c) => c.operation)).toEqual(["Update"]);
    const updates = emulator.requestsFor("UpdateJob").filter((r) => r.status === 200);
    expect(updates).toHaveLength(1);
    expect(updates[0].params).toMatchObject({ AppId: appId, Replicas: "2" });
    expect(JSON.parse(updates[0].params.Envs)).toEqual([{ name: "MODE", value: "delta" }]);
    expect(updates[0].params).not.toHaveProperty("ImageUrl");
    expect(engine.state[0].id).toBe(appId);
  });

  it("imports the template into an empty stack with no diff, then destroys it", async () => {
    const importing = await freshEngine({ replicas: "2", mode: "delta", importId: appId });
    const imported = await importing.up(program);
    expect(imported.errors).toEqual([]);
    expect(imported.steps).toEqual([
      expect.objectContaining({
        op: "import",
        id: appId,
        diff: expect.objectContaining({ changes: "none" }),
      }),
    ]);
    expect(imported.providerCalls.map((c) => c.operation)).toEqual(["Read"]);
    expect(emulator.requestsFor("CreateJob")).toHaveLength(1);

    const destroyed = await importing.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(destroyed.steps.map((s) => s.op)).toEqual(["delete"]);
    expect((await client.listJobs({})).Data.Applications).toEqual([]);
  });
});
