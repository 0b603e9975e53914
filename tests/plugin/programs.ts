/**
 * Test support: programs that register the `sae` package's resources by type token, as every
 * language's generated SDK does, and an Engine stand-in that serves that package with the built
 * `pulumi-resource-sae` plugin (its default provider configured from the stack config).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { secret } from "@pulumi/pulumi/output";
import { CustomResource, type CustomResourceOptions, ProviderResource } from "@pulumi/pulumi/resource";
import type { Emulator } from "../../emulator";
import { Engine, type EngineOptions, findRepoRoot } from "../../harness";
import { pluginBin, tokens } from "./support";

type Props = Record<string, unknown>;

/** The package schema the plugin ships: where a generated SDK's output names come from. */
const schema = JSON.parse(fs.readFileSync(path.join(findRepoRoot(), "schema.json"), "utf8")) as {
  resources: Record<string, { properties: Props; inputProperties?: Props }>;
};

/** A resource class of a generated SDK: a `CustomResource` under its own name. */
class TokenResource extends CustomResource {}

/** A generated SDK's `Provider` class. */
class SaeProvider extends ProviderResource {}

/** A resource's outputs that are not inputs, which a generated SDK registers as `undefined`. */
function outputOnly(token: string): string[] {
  const resource = schema.resources[token];
  return Object.keys(resource.properties).filter((name) => !(name in (resource.inputProperties ?? {})));
}

/**
 * A resource of type `token` as a generated SDK constructs it: the inputs given, each output-only
 * property named with `undefined` (so it becomes an output), the options passed on.
 */
export function byToken(
  token: string,
  name: string,
  inputs: Props,
  opts?: CustomResourceOptions,
): CustomResource {
  const props: Props = Object.fromEntries(outputOnly(token).map((key) => [key, undefined]));
  return new TokenResource(token, name, { ...props, ...inputs }, opts);
}

/** A JobTemplate as a generated SDK registers it. */
export function jobTemplate(name: string, inputs: Props, opts?: CustomResourceOptions) {
  return byToken(tokens.jobTemplate, name, inputs, opts);
}

/** A JobRun as a generated SDK registers it. */
export function jobRun(name: string, inputs: Props, opts?: CustomResourceOptions) {
  return byToken(tokens.jobRun, name, inputs, opts);
}

/** An explicit `sae` provider, as `new sae.Provider(name, args)` registers it. */
export function saeProvider(name: string, inputs: Props): ProviderResource {
  return new SaeProvider("sae", name, inputs);
}

/** The explicit provider inputs (`region`, `endpoint`, keys) that point at `emulator`. */
export function providerInputs(emulator: Emulator, extra: Props = {}): Props {
  return {
    region: emulator.regionId,
    endpoint: emulator.url,
    accessKeyId: emulator.accessKeyId,
    accessKeySecret: secret(emulator.accessKeySecret),
    changeOrderTimeout: "30",
    ...extra,
  };
}

/** The stack config (`sae:*`) that points the default provider at `emulator`. */
export function stackConfig(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "sae:endpoint": emulator.url,
    "sae:accessKeyId": emulator.accessKeyId,
    "sae:accessKeySecret": emulator.accessKeySecret,
    "sae:changeOrderTimeout": "30",
    ...extra,
  };
}

/**
 * An Engine with no dynamic host whose `sae` package is served by the built plugin, in the test
 * stack (`sae-test`/`dev`, as `urnOf` names URNs). Call `engine.stop()` when done.
 */
export function pluginEngine(options: Omit<EngineOptions, "plugins" | "host"> = {}): Engine {
  return new Engine({ project: "sae-test", stack: "dev", ...options, plugins: { sae: pluginBin } });
}
