/**
 * The SAE client the lookups share. Lookups run in the Pulumi program's process, not in the
 * provider host, so they read the stack configuration through Pulumi's runtime (full keys, such as
 * `sae:endpoint`) and build the client exactly as the providers do (`ProviderContext`): the same
 * settings, credential chain, retry budget and retry lines.
 */
// Pulumi's config and log modules, not its index, which the plugin need not load (see ./outputForm).
import * as log from "@pulumi/pulumi/log";
import { allConfig, getConfig } from "@pulumi/pulumi/runtime/config";
import type { SaeClient } from "../api/client";
import { SaeConfigError } from "../api/errors";
import { type ConfigSource, type Environment, regionIdPattern, resolveRegion } from "../api/settings";
import { ProviderContext } from "../resources/context";

/** The program's stack configuration, by full key, as the providers' `ConfigSource` reads it. */
export const programConfig: ConfigSource = { get: (key) => getConfig(key) };

/** What a lookup calls SAE with. */
export interface LookupConnection {
  readonly client: SaeClient;
  /** The configured region, for messages; `undefined` when only an endpoint is set. */
  readonly regionId?: string;
}

/**
 * How a lookup reaches SAE for a region (its `regionId`, else the configured one): the program's
 * {@link lookupConnection}, or a provider plugin's own configuration ({@link contextConnection}).
 */
export type LookupConnect = (regionId?: string) => LookupConnection;

/** The context the lookups share, with the configuration and environment it was built for. */
let shared: { settings: string; context: ProviderContext } | undefined;

/**
 * The shared client for a region (a lookup's `regionId`, else the stack's), built on the first
 * lookup. It is built again only when the stack configuration or the environment changed: an
 * Automation API process can run several stacks one after another. Before any call, throws a
 * configuration error with every setting at fault, each on a line, in the words preview uses
 * for them (`checkProviderConfig`).
 */
export function lookupConnection(regionId?: string): LookupConnection {
  const settings = JSON.stringify([allConfig(), process.env]);
  if (shared?.settings !== settings) {
    const context = new ProviderContext(process.env, (line) => void log.info(line));
    context.configure(programConfig);
    shared = { settings, context };
  }
  return contextConnection(shared.context, programConfig, process.env)(regionId);
}

/**
 * Connections through `context`, configured with `config` (a provider plugin's configuration, so
 * an explicit provider's lookups use its settings, not the program's): the region ID is checked
 * first, and the client is the context's own.
 */
export function contextConnection(
  context: ProviderContext,
  config: ConfigSource,
  env: Environment,
): LookupConnect {
  return (regionId) => {
    if (regionId !== undefined && !regionIdPattern.test(regionId)) {
      throw new SaeConfigError(`regionId is "${regionId}", which is not a region ID (such as cn-hangzhou).`);
    }
    return { client: context.saeClient(regionId), regionId: regionId ?? resolveRegion(config, env) };
  };
}
