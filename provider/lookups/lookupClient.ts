/**
 * The SAE client the lookups share. Lookups run in the Pulumi program's process, not in the
 * provider host, so they read the stack configuration through Pulumi's runtime (full keys, such as
 * `sae:endpoint`) and build the client exactly as the providers do (`ProviderContext`): the same
 * settings, credential chain, retry budget and retry lines.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SaeClient } from "../api/client";
import { SaeConfigError } from "../api/errors";
import { type ConfigSource, regionIdPattern, resolveRegion } from "../api/settings";
import { ProviderContext } from "../resources/context";

/** The program's stack configuration, by full key, as the providers' `ConfigSource` reads it. */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/** What a lookup calls SAE with. */
export interface LookupConnection {
  readonly client: SaeClient;
  /** The configured region, for messages; `undefined` when only an endpoint is set. */
  readonly regionId?: string;
}

let shared: { config: string; context: ProviderContext } | undefined;

/**
 * The shared client for a region (a lookup's `regionId`, else the stack's), built on the first
 * lookup. It is built again only when the stack configuration changed: an Automation API process
 * can run several stacks one after another. Throws a configuration error naming the setting at
 * fault.
 */
export function lookupConnection(regionId?: string): LookupConnection {
  if (regionId !== undefined && !regionIdPattern.test(regionId)) {
    throw new SaeConfigError(`regionId is "${regionId}", which is not a region ID (such as cn-hangzhou).`);
  }
  const config = JSON.stringify(pulumi.runtime.allConfig());
  if (shared?.config !== config) {
    const context = new ProviderContext(process.env, (line) => void pulumi.log.info(line));
    context.configure(programConfig);
    shared = { config, context };
  }
  return {
    client: shared.context.saeClient(regionId),
    regionId: regionId ?? resolveRegion(programConfig, process.env),
  };
}
