/**
 * The standalone plugin, checked for real: the linux-amd64 archive `npm run plugin:archives`
 * builds, unpacked alone into an empty folder with no `node_modules` above it, and its executable
 * started as the engine starts a plugin, with no `node` on its PATH and no NODE_PATH or
 * NODE_OPTIONS. It must answer as the npm package's plugin does, and manage a JobTemplate against
 * the emulator through the engine stand-in.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../emulator";
import { Engine, EngineLogServer, findRepoRoot, ProviderHost } from "../../harness";
import { startEmulator } from "../support/emulatorClient";
import { pluginArchive, testedArchiveName } from "../support/pluginArchive";
import { jobTemplate, stackConfig } from "./programs";

const run = promisify(execFile);
const root = findRepoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };

let archive: string;
/** The folder the archive is unpacked into, and the executable in it. */
let folder: string;
let executable: string;
/** An empty folder: the plugin's whole PATH. */
let emptyPath: string;
let emulator: Emulator;

/** The plugin's environment: this process's, with a PATH that finds nothing and no Node.js settings. */
function pluginEnv(): NodeJS.ProcessEnv {
  return { PATH: emptyPath, NODE_PATH: undefined, NODE_OPTIONS: undefined };
}

beforeAll(async () => {
  archive = await pluginArchive();
  folder = await mkdtemp(path.join(tmpdir(), "sae-standalone-"));
  emptyPath = await mkdtemp(path.join(tmpdir(), "sae-empty-path-"));
  await run("tar", ["-xzf", archive, "-C", folder]);
  executable = path.join(folder, "pulumi-resource-sae");
  emulator = await startEmulator();
}, 300_000);

afterAll(async () => {
  await emulator?.stop();
  for (const dir of [folder, emptyPath]) {
    if (dir !== undefined) {
      await rm(dir, { recursive: true, force: true });
    }
  }
});

describe("the linux-amd64 archive", () => {
  it("is named as Pulumi looks for it and holds the executable alone, at its root", async () => {
    expect(path.basename(archive)).toBe(`pulumi-resource-sae-v${manifest.version}-linux-amd64.tar.gz`);
    expect(fs.readdirSync(path.dirname(archive))).toContain(testedArchiveName());
    const { stdout } = await run("tar", ["-tvzf", archive]);
    const entries = stdout.trim().split("\n");
    expect(entries).toHaveLength(1);
    // `-rwxr-xr-x owner/group size date time name`
    expect(entries[0]).toMatch(/^-rwxr-xr-x \S+ +\d+ \S+ \S+ pulumi-resource-sae$/);
    expect(fs.readdirSync(folder)).toEqual(["pulumi-resource-sae"]);
  });

  it("is unpacked where no node_modules is near and no node is on the plugin's PATH", () => {
    for (let dir = folder; ; dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, "node_modules"))).toBe(false);
      if (path.dirname(dir) === dir) {
        break;
      }
    }
    expect(fs.readdirSync(emptyPath)).toEqual([]);
  });
});

describe("the standalone executable", () => {
  it("answers GetPluginInfo with the package version and GetSchema with the repository's schema", async () => {
    const engine = await EngineLogServer.start();
    const host = await ProviderHost.start({
      plugin: executable,
      engineAddress: engine.address,
      cwd: folder,
      env: pluginEnv(),
    });
    try {
      expect(await host.getPluginInfo()).toBe(manifest.version);
      const schema = JSON.parse(await host.getSchema());
      expect(schema).toEqual(JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")));
    } finally {
      await host.stop();
      await engine.stop();
    }
  });

  it("creates, refreshes and deletes a JobTemplate through the engine", async () => {
    emulator.reset();
    const engine = new Engine({
      project: "sae-test",
      stack: "dev",
      config: stackConfig(emulator),
      plugins: { sae: executable },
      pluginEnv: pluginEnv(),
      pluginCwd: folder,
    });
    const ok = (action: string) => emulator.requestsFor(action).filter((request) => request.status === 200);
    try {
      const program = () =>
        void jobTemplate("nightly", {
          appName: "nightly-report",
          packageType: "Image",
          imageUrl: "registry.example/acme/report:1",
          replicas: 1,
        });
      const up = await engine.up(program);
      expect(up.errors).toEqual([]);
      const template = engine.resource("nightly")!;
      expect(ok("CreateJob")).toEqual([
        expect.objectContaining({
          params: expect.objectContaining({
            AppName: "nightly-report",
            ImageUrl: "registry.example/acme/report:1",
          }),
        }),
      ]);
      expect(template.outputs).toMatchObject({ appId: template.id, appName: "nightly-report" });

      emulator.clearRequests();
      const refreshed = await engine.refresh();
      expect(refreshed.errors).toEqual([]);
      expect(ok("DescribeJob").map((request) => request.params.AppId)).toContain(template.id);
      const writes = ["CreateJob", "UpdateJob", "DeleteJob"];
      expect(emulator.requests.filter((request) => writes.includes(request.action))).toEqual([]);

      emulator.clearRequests();
      const destroyed = await engine.destroy();
      expect(destroyed.errors).toEqual([]);
      expect(ok("DeleteJob").map((request) => request.params.AppId)).toEqual([template.id]);
      expect(engine.state).toEqual([]);
    } finally {
      await engine.stop();
    }
  });
});
