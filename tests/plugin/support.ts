/**
 * Test support: the built `pulumi-resource-sae` started as the engine starts a plugin (the bin,
 * the engine's address as its argument, the port read from its first stdout line), an Engine
 * stand-in receiving its log lines, and an emulator standing in for SAE. Requires `npm run build`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator, EmulatorOptions } from "../../emulator";
import { EngineLogServer, findRepoRoot, type PropertyMap, ProviderHost } from "../../harness";
import { secretValue } from "../../harness/propertyValues";
import { startEmulator } from "../support/emulatorClient";

/** The executable the package's `bin` names. */
export const pluginBin = path.join(findRepoRoot(), "bin", "pulumi-resource-sae");

/** Type tokens, as a schema-generated SDK registers them. */
export const tokens = {
  jobTemplate: "sae:index:JobTemplate",
  jobRun: "sae:index:JobRun",
  getJobTemplate: "sae:index:getJobTemplate",
  listJobTemplates: "sae:index:listJobTemplates",
  listJobRuns: "sae:index:listJobRuns",
} as const;

/** The URN of a resource of type `type` named `name` in the test stack. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:dev::sae-test::${type}::${name}`;
}

/** A running plugin process with its engine stand-in. */
export interface PluginProcess {
  readonly host: ProviderHost;
  readonly engine: EngineLogServer;
  /** Every message the plugin logged, and every line it printed on stderr. */
  output(): string[];
  stop(): Promise<void>;
}

/** Starts the built plugin as the engine does, with fast waits for loopback endpoints. */
export async function startPlugin(env: NodeJS.ProcessEnv = {}): Promise<PluginProcess> {
  if (!fs.existsSync(path.join(findRepoRoot(), "dist", "provider", "plugin", "main.js"))) {
    throw new Error("the plugin is not built: run npm run build first");
  }
  const engine = await EngineLogServer.start();
  try {
    const host = await ProviderHost.start({
      plugin: pluginBin,
      engineAddress: engine.address,
      env: { SAE_TIME_SCALE: "0.05", ...env },
    });
    return {
      host,
      engine,
      output: () => [...engine.lines.map((line) => line.message), ...host.output],
      stop: async () => {
        await host.stop();
        await engine.stop();
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

/** The provider inputs (Configure's `args`) that point a plugin at `emulator`, its secret kept secret. */
export function emulatorConfig(emulator: Emulator, extra: PropertyMap = {}): PropertyMap {
  return {
    endpoint: emulator.url,
    accessKeyId: emulator.accessKeyId,
    accessKeySecret: secretValue(emulator.accessKeySecret),
    changeOrderTimeout: "30",
    ...extra,
  };
}

/** An emulator and a plugin configured for it. */
export interface PluginStack extends PluginProcess {
  readonly emulator: Emulator;
  /** The parameters of each successful call of `action`, in order. */
  sent(action: string): Record<string, string>[];
}

/** Starts an emulator and a plugin configured (as an explicit provider would be) to reach it. */
export async function startPluginStack(
  options: { emulator?: EmulatorOptions; config?: PropertyMap } = {},
): Promise<PluginStack> {
  const emulator = await startEmulator(options.emulator);
  let plugin: PluginProcess | undefined;
  try {
    plugin = await startPlugin();
    await plugin.host.configurePlugin(emulatorConfig(emulator, options.config));
    const started = plugin;
    return {
      ...started,
      emulator,
      sent: (action) =>
        emulator
          .requestsFor(action)
          .filter((request) => request.status === 200)
          .map((request) => request.params),
      stop: async () => {
        await started.stop();
        await emulator.stop();
      },
    };
  } catch (error) {
    await plugin?.stop();
    await emulator.stop();
    throw error;
  }
}
