/**
 * The provider plugin's configuration: what the engine sends (Configure's `variables`, keyed
 * `sae:config:region`, and `args`; CheckConfig's and DiffConfig's inputs, keyed `region`) read into
 * the `sae:*` keys `ProviderContext` reads from a stack, so a stack's settings carry over unchanged
 * and an explicit provider's inputs mean the same. Only this package's settings are read: the
 * `alicloud:*` fallbacks never reach a package named `sae`; the environment fallbacks stay.
 */
import { checkProviderConfig, type ConfigSource, type Environment } from "../api/settings";
import { ProviderContext } from "../resources/context";
import type { CheckFailure } from "../resources/table/check";
import { type ProviderConfigName, providerConfigVariables } from "../schema/providerConfig";
import { unknownValue } from "../schema/shapes";

/** Settings by `sae:*` key, as text (a structured value as its JSON text, as stack config holds it). */
export type ConfigMap = Readonly<Record<string, string>>;

/** Keys the engine adds to a provider's inputs that are not settings. */
const engineKeys = new Set(["version", "pluginDownloadURL"]);

/** The setting names the provider reads, in the README's order. */
export const settingNames = Object.keys(providerConfigVariables) as ProviderConfigName[];

/** The text a setting's value is read from: a string as it is, anything else as its JSON text. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === unknownValue) {
    return undefined;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Provider inputs (`region`, …, as CheckConfig and Configure's `args` carry them) and legacy
 * variables (`sae:config:region`) as `sae:*` keys. Keys of other packages are left out.
 */
export function configMap(
  args: Readonly<Record<string, unknown>>,
  variables: ReadonlyMap<string, string> = new Map(),
): ConfigMap {
  const config: Record<string, string> = {};
  for (const [key, value] of variables) {
    const match = /^sae:(?:config:)?(.+)$/.exec(key);
    if (match && value !== unknownValue) {
      config[`sae:${match[1]}`] = value;
    }
  }
  for (const [name, value] of Object.entries(args)) {
    const text = asText(value);
    if (text !== undefined && !engineKeys.has(name) && !name.startsWith("__")) {
      config[`sae:${name}`] = text;
    }
  }
  return config;
}

/** A configuration as the provider context reads it. */
export function configSource(config: ConfigMap): ConfigSource {
  return { get: (key) => (Object.prototype.hasOwnProperty.call(config, key) ? config[key] : undefined) };
}

/**
 * Every mistake in a provider configuration, one failure per setting, keyed by the setting's name
 * and naming the form to write; no network. A missing region is not one here: each resource and
 * lookup may name its own `regionId`, and their check reports it when none does.
 */
export function checkConfig(config: ConfigMap, env: Environment): CheckFailure[] {
  const source = configSource(config);
  const unknownSettings = Object.keys(config)
    .map((key) => key.slice("sae:".length))
    .filter((name) => !(settingNames as string[]).includes(name))
    .map((name) => ({
      property: name,
      reason: `sae:${name} is not a setting of the sae provider; its settings are ${settingNames.join(", ")}`,
    }));
  const probe = new ProviderContext(env, () => {});
  probe.configure(source);
  const tags = probe
    .defaultTags()
    .failures.map((failure) => ({ property: "defaultTags", reason: failure.reason }));
  const settings = checkProviderConfig(source, env, { ownRegion: true }).map((failure) => ({
    property: failure.key,
    reason: failure.message,
  }));
  return [...unknownSettings, ...settings, ...tags];
}
