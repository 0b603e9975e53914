/**
 * Where to reach SAE and with which credentials, resolved at run time (never captured in the
 * serialized provider), and the one check of those settings that preview, the lookups and the
 * client all run ({@link checkProviderConfig}). First match wins at every step:
 *
 * - endpoint: stack config `sae:endpoint`, env `SAE_ENDPOINT`, else `https://sae.<region>.aliyuncs.com`.
 *   Plain `http://` is accepted only for loopback hosts (the local emulator).
 * - region: `sae:region`, `alicloud:region`, env `ALIBABA_CLOUD_REGION_ID`, env `ALICLOUD_REGION`.
 * - credentials: `sae:accessKeyId`/`sae:accessKeySecret`/`sae:securityToken`, then
 *   `alicloud:accessKey`/`alicloud:secretKey`/`alicloud:securityToken`, then env
 *   `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`, then the Alibaba Cloud
 *   default credential chain of `@alicloud/credentials`.
 * - change order timeout: `sae:changeOrderTimeout`, env `SAE_CHANGE_ORDER_TIMEOUT`, whole seconds.
 *
 * Each rule is one function reading a setting into its value or the sentence that says why it
 * cannot be used ({@link Reading}); the resolvers throw that sentence, the checker collects them.
 */
import { isIP } from "node:net";
import { quoteValue } from "../schema/shapes";
import { SaeConfigError } from "./errors";

/** Reads stack configuration by namespaced key (`sae:endpoint`); Pulumi's dynamic `Config` fits. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Environment variables, usually `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** An empty configuration, for callers outside a Pulumi program. */
export const noConfig: ConfigSource = { get: () => undefined };

/** Where requests go. */
export interface Endpoint {
  /** `host[:port]`, as `@alicloud/openapi-client` takes it. */
  readonly host: string;
  readonly protocol: "http" | "https";
  /** `protocol://host`, for messages. */
  readonly url: string;
  /** Which setting chose it, for messages. */
  readonly source: string;
}

/** Explicit access keys, with where they were found (never the values) for messages. */
export interface StaticCredentials {
  readonly kind: "static";
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  readonly source: string;
}

/**
 * A link of the Alibaba Cloud default credential chain, in the chain's order: environment keys,
 * OIDC role, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`, ECS RAM role (instance
 * metadata), credentials URI.
 */
export type ChainLink =
  "environment" | "oidc-role" | "cli-profile" | "credentials-file" | "ecs-ram-role" | "credentials-uri";

/**
 * No explicit keys: use the Alibaba Cloud default credential chain, limited to the links the
 * environment asks for (see {@link chainLinks}).
 */
export interface ChainCredentials {
  readonly kind: "default-chain";
  readonly source: string;
  /** The links to try, in order. */
  readonly links: readonly ChainLink[];
  /** `ALIBABA_CLOUD_CREDENTIALS_URI`, when set. */
  readonly credentialsUri?: string;
  /** `ALIBABA_CLOUD_ECS_METADATA` (the RAM role name), when set. */
  readonly ecsRoleName?: string;
}

export type CredentialSettings = StaticCredentials | ChainCredentials;

/** Everything needed to build a client. */
export interface ConnectionSettings {
  readonly endpoint: Endpoint;
  readonly regionId?: string;
  readonly credentials: CredentialSettings;
}

/** A provider setting that cannot be used, as {@link checkProviderConfig} reports it. */
export interface ConfigFailure {
  /**
   * The provider setting at fault, as a provider plugin's `CheckConfig` names its property. An
   * `alicloud:` setting or an environment variable is keyed by the `sae:` setting it stands in for
   * (`SAE_ENDPOINT` by `endpoint`, `ALICLOUD_ACCESS_KEY` by `accessKeyId`); no region and no
   * endpoint at all is keyed by `region`.
   */
  readonly key: ConfigKey;
  /**
   * Where the value was read (`stack config sae:endpoint`, `environment SAE_ENDPOINT`), what is
   * wrong with it and the form to write. Never a credential, a URL's query or its user.
   */
  readonly message: string;
}

/** The provider settings {@link checkProviderConfig} checks, by their `sae:` names. */
export type ConfigKey = "endpoint" | "endpoints" | "region" | "accessKeyId" | "changeOrderTimeout";

/** Options of {@link checkProviderConfig}. */
export interface ConfigCheckOptions {
  /**
   * The caller names its own region (a resource's or a lookup's `regionId`), so the stack needs
   * neither a region nor an endpoint for it. Default `false`.
   */
  readonly ownRegion?: boolean;
}

/**
 * Every problem of the provider settings at once, one per setting, in the order of the README's
 * Configuration table. Pure: it reads no credential (the default chain never runs), sends nothing
 * and looks up no host name, so preview can run it (the resources' check), a lookup before any
 * call, and a provider plugin's `CheckConfig` as it is. Only the setting that wins is checked (a
 * valid `sae:endpoint` hides `SAE_ENDPOINT`), by the same rules the resolvers below apply.
 */
export function checkProviderConfig(
  config: ConfigSource,
  env: Environment,
  options: ConfigCheckOptions = {},
): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const note = <T>(key: ConfigKey, reading: Reading<T>): Reading<T> => {
    if ("problem" in reading) {
      failures.push({ key, message: reading.problem });
    }
    return reading;
  };
  const explicit = note("endpoint", readExplicitEndpoint(config, env));
  note("endpoints", readRegionEndpoints(config));
  const region = note("region", readRegion(config, env));
  if (!options.ownRegion && isUnset(explicit) && isUnset(region)) {
    failures.push({ key: "region", message: noRegionMessage });
  }
  note("accessKeyId", readKeyPair(config, env));
  note("changeOrderTimeout", readChangeOrderTimeout(config, env));
  return failures;
}

/** Throws a {@link SaeConfigError} with each of {@link checkProviderConfig}'s failures on a line. */
export function assertProviderConfig(
  config: ConfigSource,
  env: Environment,
  options: ConfigCheckOptions = {},
): void {
  const failures = checkProviderConfig(config, env, options);
  if (failures.length > 0) {
    throw new SaeConfigError(failures.map((f) => f.message).join("\n"));
  }
}

/**
 * What a rule reads from a setting: the value to use, or the sentence saying why it cannot be
 * used (naming the setting, the problem and the form to write).
 */
type Reading<T> = { readonly value: T } | { readonly problem: string };

/** The value read, or the problem thrown as a {@link SaeConfigError}. */
function valueOf<T>(reading: Reading<T>): T {
  if ("problem" in reading) {
    throw new SaeConfigError(reading.problem);
  }
  return reading.value;
}

/** True when the setting read fine and is not set. */
function isUnset(reading: Reading<unknown>): boolean {
  return "value" in reading && reading.value === undefined;
}

/**
 * Resolves endpoint, region and credentials; throws {@link SaeConfigError} naming the setting at
 * fault. `regionId` is a resource's own region (its `regionId` input, or the one its state
 * records), over the stack's.
 */
export function resolveConnectionSettings(
  config: ConfigSource,
  env: Environment,
  regionId?: string,
): ConnectionSettings {
  const region = regionId ?? resolveRegion(config, env);
  return {
    endpoint: resolveEndpoint(config, env, region),
    regionId: region,
    credentials: resolveCredentials(config, env),
  };
}

/** The pattern of a region ID, such as cn-hangzhou or ap-southeast-1. */
export const regionIdPattern = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** The first region setting present, checked for shape. */
export function resolveRegion(config: ConfigSource, env: Environment): string | undefined {
  return valueOf(readRegion(config, env));
}

function readRegion(config: ConfigSource, env: Environment): Reading<string | undefined> {
  const found = firstOf([
    ["stack config sae:region", config.get("sae:region")],
    ["stack config alicloud:region", config.get("alicloud:region")],
    ["environment ALIBABA_CLOUD_REGION_ID", env.ALIBABA_CLOUD_REGION_ID],
    ["environment ALICLOUD_REGION", env.ALICLOUD_REGION],
  ]);
  if (!found || regionIdPattern.test(found.value)) {
    return { value: found?.value };
  }
  return { problem: `${found.source} is ${quoteValue(found.value)}, ${notRegionId(found.value)}` };
}

/** "which is not a region ID: write it as …", with the value's own spelling fixed when that is all it takes. */
function notRegionId(value: string): string {
  const respelled = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
  const form = regionIdPattern.test(respelled)
    ? respelled
    : "a region ID such as cn-hangzhou or ap-southeast-1";
  return `which is not a region ID: write it as ${form}.`;
}

/** Why an endpoint is needed and none can be built. */
const noRegionMessage =
  "No SAE region is configured: set stack config sae:region (pulumi config set sae:region cn-hangzhou), " +
  "or alicloud:region, or the environment variable ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION; " +
  "or point sae:endpoint / SAE_ENDPOINT at an endpoint; or give the resource or lookup a regionId of its own.";

/**
 * The endpoint to call for a region: the one `sae:endpoints` (a JSON object from region ID to URL)
 * names for it, else an explicit one for every region (`sae:endpoint`, `SAE_ENDPOINT`), else the
 * public SAE endpoint of the region.
 */
export function resolveEndpoint(
  config: ConfigSource,
  env: Environment,
  regionId: string | undefined,
): Endpoint {
  const perRegion = regionId === undefined ? undefined : regionEndpoints(config)[regionId];
  if (perRegion !== undefined) {
    return perRegion;
  }
  const explicit = valueOf(readExplicitEndpoint(config, env));
  if (explicit) {
    return explicit;
  }
  if (!regionId) {
    throw new SaeConfigError(noRegionMessage);
  }
  const host = `sae.${regionId}.aliyuncs.com`;
  return {
    host,
    protocol: "https",
    url: `https://${host}`,
    source: `the public endpoint of region ${regionId}`,
  };
}

/** `sae:endpoint`, else `SAE_ENDPOINT`, parsed; `undefined` when neither is set. */
function readExplicitEndpoint(config: ConfigSource, env: Environment): Reading<Endpoint | undefined> {
  const explicit = firstOf([
    ["stack config sae:endpoint", config.get("sae:endpoint")],
    ["environment SAE_ENDPOINT", env.SAE_ENDPOINT],
  ]);
  return explicit ? readEndpoint(explicit.value, explicit.source) : { value: undefined };
}

/**
 * `sae:endpoints`, region ID to endpoint; `{}` when not set. Every entry is checked, not only the
 * region in use, so a wrong one fails the preview rather than the first call to that region.
 */
export function regionEndpoints(config: ConfigSource): Readonly<Record<string, Endpoint>> {
  return valueOf(readRegionEndpoints(config));
}

/** The form `sae:endpoints` takes, for messages. */
const endpointsForm =
  'a JSON object from region ID to endpoint URL, such as {"cn-beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}';

function readRegionEndpoints(config: ConfigSource): Reading<Readonly<Record<string, Endpoint>>> {
  const text = config.get("sae:endpoints");
  if (text === undefined || text.trim() === "") {
    return { value: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `stack config sae:endpoints is not valid JSON: write it as ${endpointsForm}.` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return {
      problem: `stack config sae:endpoints is not a JSON object from region ID to endpoint URL: write it as ${endpointsForm}.`,
    };
  }
  // Every entry's problem, in one failure: one failure per setting.
  const problems: string[] = [];
  const endpoints: Record<string, Endpoint> = {};
  for (const [region, url] of Object.entries(parsed)) {
    const source = `stack config sae:endpoints[${quoteValue(region)}]`;
    if (!regionIdPattern.test(region)) {
      problems.push(`stack config sae:endpoints has the key ${quoteValue(region)}, ${notRegionId(region)}`);
    }
    if (typeof url !== "string") {
      problems.push(
        `${source} is ${quoteValue(url)}, which is not text: write the endpoint URL as a JSON string, ` +
          'such as "https://sae-vpc.cn-beijing.aliyuncs.com".',
      );
      continue;
    }
    const endpoint = readEndpoint(url.trim(), source);
    if ("problem" in endpoint) {
      problems.push(endpoint.problem);
    } else {
      endpoints[region] = endpoint.value;
    }
  }
  return problems.length > 0 ? { problem: problems.join(" ") } : { value: endpoints };
}

/**
 * Parses an endpoint setting: `https://host[:port]`, or `http://<loopback>[:port]` for the local
 * emulator. The scheme is required: guessing one would turn `127.0.0.1:9000` into an HTTPS URL
 * that fails later as a TLS error on whatever call comes first. Refuses plain HTTP to anything but
 * loopback, since keys and OSS secrets would cross the network in clear.
 */
export function parseEndpoint(value: string, source: string): Endpoint {
  return valueOf(readEndpoint(value, source));
}

function readEndpoint(value: string, source: string): Reading<Endpoint> {
  if (value === "") {
    return {
      problem: `${source} is empty: write an endpoint URL such as https://sae.cn-hangzhou.aliyuncs.com (http://127.0.0.1:9000 for the local emulator).`,
    };
  }
  // A query or a user may hold a secret: the messages never show them.
  const shown = value.replace(/[?#].*$/s, "").replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, "$1");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const hostPort = shown.split("/")[0];
    const scheme = isLoopbackHost(hostPort.replace(/:\d*$/, "")) ? "http" : "https";
    return {
      problem:
        `${source} is ${quoteValue(shown)}, which has no scheme: write it as ${scheme}://${hostPort}` +
        " (http:// only for loopback hosts such as the local emulator, https:// for anything else).",
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      problem:
        `${source} is ${quoteValue(shown)}, which is not a URL: write it as https://<host>[:<port>], ` +
        "such as https://sae.cn-hangzhou.aliyuncs.com (http://127.0.0.1:9000 for the local emulator).",
    };
  }
  const protocol = url.protocol.replace(/:$/, "");
  // The form to write: this host, over the scheme its host is allowed.
  const form = `${isLoopbackHost(url.hostname) ? "http" : "https"}://${url.host}`;
  if (protocol !== "http" && protocol !== "https") {
    return {
      problem: `${source} is ${quoteValue(shown)}: only http:// (loopback) and https:// endpoints are supported: write it as ${form}.`,
    };
  }
  const extras = [
    url.pathname !== "/" && url.pathname !== "" ? "a path" : undefined,
    url.search ? "a query" : undefined,
    url.hash ? "a fragment" : undefined,
    url.username || url.password ? "a user" : undefined,
  ].filter((extra) => extra !== undefined);
  if (extras.length > 0) {
    return {
      problem:
        `${source} has ${extras.join(" and ")}: give only scheme, host and port, with no path, query or user: ` +
        `write it as ${protocol === "https" ? `https://${url.host}` : form}.`,
    };
  }
  if (protocol === "http" && !isLoopbackHost(url.hostname)) {
    return {
      problem:
        `${source} is ${quoteValue(shown)}: plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, ::1), ` +
        `such as the local SAE emulator: write it as ${form}.`,
    };
  }
  return { value: { host: url.host, protocol, url: `${protocol}://${url.host}`, source } };
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1") {
    return true;
  }
  return isIP(host) === 4 && host.startsWith("127.");
}

/** Where explicit credentials are looked for, in order. */
const credentialLevels = [
  { id: "sae:accessKeyId", secret: "sae:accessKeySecret", token: "sae:securityToken", from: "config" },
  { id: "alicloud:accessKey", secret: "alicloud:secretKey", token: "alicloud:securityToken", from: "config" },
  { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN", from: "env" },
] as const;

/** The first explicit key pair found, or the default chain. A half-set pair is an error. */
export function resolveCredentials(config: ConfigSource, env: Environment): CredentialSettings {
  return (
    valueOf(readKeyPair(config, env)) ?? {
      kind: "default-chain",
      source: "the Alibaba Cloud default credential chain",
      links: chainLinks(env),
      credentialsUri: nonEmpty(env.ALIBABA_CLOUD_CREDENTIALS_URI),
      ecsRoleName: nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA),
    }
  );
}

/** The first explicit key pair; `undefined` when there is none; half a pair names the missing half. */
function readKeyPair(config: ConfigSource, env: Environment): Reading<StaticCredentials | undefined> {
  for (const level of credentialLevels) {
    const read = (key: string) => nonEmpty(level.from === "config" ? config.get(key) : env[key]);
    const where = level.from === "config" ? "stack config" : "environment variable";
    const accessKeyId = read(level.id);
    const accessKeySecret = read(level.secret);
    if (accessKeyId === undefined && accessKeySecret === undefined) {
      // A token in stack config without its pair would be ignored without a word: say so. In the
      // environment it may be another tool's, and the default chain reads its own variables.
      if (level.from === "config" && read(level.token) !== undefined) {
        return {
          problem:
            `${where} ${level.token} is set but ${level.id} and ${level.secret} are not: a security ` +
            "token is used only with the temporary key pair it was issued with. Set them with: " +
            `pulumi config set ${level.id} <value> and pulumi config set --secret ${level.secret} <value>`,
        };
      }
      continue;
    }
    if (accessKeyId === undefined || accessKeySecret === undefined) {
      const missing = accessKeyId === undefined ? level.id : level.secret;
      const present = accessKeyId === undefined ? level.secret : level.id;
      const howTo =
        level.from === "config"
          ? ` Set it with: pulumi config set ${missing === level.secret ? "--secret " : ""}${missing} <value>`
          : "";
      return { problem: `${where} ${present} is set but ${missing} is not: set both, or neither.${howTo}` };
    }
    return {
      value: {
        kind: "static",
        accessKeyId,
        accessKeySecret,
        securityToken: read(level.token),
        source: `${where} ${level.id}/${level.secret}`,
      },
    };
  }
  return { value: undefined };
}

/**
 * The links of the default chain, in its order: where each looks, for the "none found" error,
 * and, for the links that go over the network, when they are tried. `@alicloud/credentials`' own
 * default chain builds its credentials-URI link even when `ALIBABA_CLOUD_CREDENTIALS_URI` is unset,
 * and then looks up the host "undefined" in DNS; so such links are kept only when their variable
 * says so. The others only read variables and local files.
 */
const chainLinkTable: readonly {
  readonly link: ChainLink;
  readonly place: string;
  /** When the environment leaves the link out, and the reason in words. */
  readonly skip?: { readonly when: (env: Environment) => boolean; readonly because: string };
}[] = [
  { link: "environment", place: "environment ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET" },
  {
    link: "oidc-role",
    place: "the OIDC role of ALIBABA_CLOUD_ROLE_ARN",
    skip: {
      when: (env) => !nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN),
      because: "ALIBABA_CLOUD_ROLE_ARN is not set",
    },
  },
  {
    link: "cli-profile",
    place: "~/.aliyun/config.json",
    skip: {
      when: (env) => isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED),
      because: "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true",
    },
  },
  { link: "credentials-file", place: "~/.alibabacloud/credentials (or ALIBABA_CLOUD_CREDENTIALS_FILE)" },
  {
    link: "ecs-ram-role",
    place: "the ECS RAM role, from the instance metadata service",
    skip: {
      when: (env) => isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED),
      because: "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
    },
  },
  {
    link: "credentials-uri",
    place: "the credentials URI in ALIBABA_CLOUD_CREDENTIALS_URI",
    skip: {
      when: (env) => !nonEmpty(env.ALIBABA_CLOUD_CREDENTIALS_URI),
      because: "ALIBABA_CLOUD_CREDENTIALS_URI is not set",
    },
  },
];

/** The default chain's links that `env` asks for (see the table above). */
export function chainLinks(env: Environment): ChainLink[] {
  return chainLinkTable.filter((entry) => !entry.skip?.when(env)).map((entry) => entry.link);
}

/**
 * The "no credentials found" message: a lead sentence, then every place looked at, one a line, in
 * order: the explicit keys, then each link of the default chain with what it answered (`said`),
 * or why it was not tried.
 */
export function noCredentialsMessage(
  links: readonly ChainLink[],
  said: ReadonlyMap<ChainLink, string>,
): string {
  const explicit = credentialLevels.map(
    (level) => `- ${level.from === "config" ? "stack config" : "environment"} ${level.id}/${level.secret}`,
  );
  const chain = chainLinkTable.map(({ link, place, skip }) => {
    const answer = links.includes(link) ? said.get(link) : `not tried, ${skip?.because ?? "left out"}`;
    return `  - ${place}${answer ? `: ${answer}` : ""}`;
  });
  return [
    "No Alibaba Cloud credentials found. Looked in, in order:",
    ...explicit,
    "- the Alibaba Cloud default credential chain:",
    ...chain,
    "Set sae:accessKeyId and sae:accessKeySecret (pulumi config set --secret sae:accessKeySecret <value>), " +
      "or any of the others.",
  ].join("\n");
}

/** Default time to wait for a change order, in seconds. */
export const defaultChangeOrderTimeoutSeconds = 600;

/**
 * How long to wait for a change order, in seconds: stack config `sae:changeOrderTimeout`, env
 * `SAE_CHANGE_ORDER_TIMEOUT`, else {@link defaultChangeOrderTimeoutSeconds}.
 */
export function resolveChangeOrderTimeoutSeconds(config: ConfigSource, env: Environment): number {
  return valueOf(readChangeOrderTimeout(config, env));
}

function readChangeOrderTimeout(config: ConfigSource, env: Environment): Reading<number> {
  const found = firstOf([
    ["stack config sae:changeOrderTimeout", config.get("sae:changeOrderTimeout")],
    ["environment SAE_CHANGE_ORDER_TIMEOUT", env.SAE_CHANGE_ORDER_TIMEOUT],
  ]);
  if (!found) {
    return { value: defaultChangeOrderTimeoutSeconds };
  }
  const seconds = Number(found.value);
  if (Number.isInteger(seconds) && seconds >= 1) {
    return { value: seconds };
  }
  return {
    problem:
      `${found.source} is ${quoteValue(found.value)}, which is not a whole number of seconds, at least 1: ` +
      `write it as ${inSeconds(found.value) ?? `a number of seconds, such as ${defaultChangeOrderTimeoutSeconds} for ten minutes`}.`,
  };
}

/** A duration written with a unit (`10m`, `90s`, `1h`) in whole seconds, for the form to write. */
function inSeconds(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?)$/i.exec(value);
  if (!match) {
    return undefined;
  }
  const unit = match[2].toLowerCase();
  const seconds = Number(match[1]) * (unit.startsWith("h") ? 3600 : unit.startsWith("m") ? 60 : 1);
  return Number.isInteger(seconds) && seconds >= 1 ? seconds : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === "true";
}

function firstOf(candidates: [string, string | undefined][]): { source: string; value: string } | undefined {
  for (const [source, value] of candidates) {
    const v = nonEmpty(value);
    if (v !== undefined) {
      return { source, value: v };
    }
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
