/**
 * Where to reach SAE and with which credentials, resolved at run time (never captured in the
 * serialized provider). First match wins at every step:
 *
 * - endpoint: stack config `sae:endpoint`, env `SAE_ENDPOINT`, else `https://sae.<region>.aliyuncs.com`.
 *   Plain `http://` is accepted only for loopback hosts (the local emulator).
 * - region: `sae:region`, `alicloud:region`, env `ALIBABA_CLOUD_REGION_ID`, env `ALICLOUD_REGION`.
 * - credentials: `sae:accessKeyId`/`sae:accessKeySecret`/`sae:securityToken`, then
 *   `alicloud:accessKey`/`alicloud:secretKey`/`alicloud:securityToken`, then env
 *   `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`, then the Alibaba Cloud
 *   default credential chain of `@alicloud/credentials`.
 */
import { isIP } from "node:net";
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

/** Where explicit credentials are looked for, in order. */
const credentialLevels = [
  { id: "sae:accessKeyId", secret: "sae:accessKeySecret", token: "sae:securityToken", from: "config" },
  { id: "alicloud:accessKey", secret: "alicloud:secretKey", token: "alicloud:securityToken", from: "config" },
  { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN", from: "env" },
] as const;

/** A sentence listing every place credentials are looked for, for the "none found" error. */
export const credentialSearchPath =
  "stack config sae:accessKeyId/sae:accessKeySecret, stack config alicloud:accessKey/alicloud:secretKey, " +
  "environment ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY, then the Alibaba Cloud default credential chain " +
  "(environment ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET, OIDC role via ALIBABA_CLOUD_ROLE_ARN, " +
  "~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM role unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true, " +
  "ALIBABA_CLOUD_CREDENTIALS_URI)";

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
  const found = firstOf([
    ["stack config sae:region", config.get("sae:region")],
    ["stack config alicloud:region", config.get("alicloud:region")],
    ["environment ALIBABA_CLOUD_REGION_ID", env.ALIBABA_CLOUD_REGION_ID],
    ["environment ALICLOUD_REGION", env.ALICLOUD_REGION],
  ]);
  if (!found) {
    return undefined;
  }
  if (!regionIdPattern.test(found.value)) {
    throw new SaeConfigError(
      `${found.source} is "${found.value}", which is not a region ID (such as cn-hangzhou or ap-southeast-1).`,
    );
  }
  return found.value;
}

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
    return parseEndpoint(perRegion, `stack config sae:endpoints["${regionId}"]`);
  }
  const explicit = firstOf([
    ["stack config sae:endpoint", config.get("sae:endpoint")],
    ["environment SAE_ENDPOINT", env.SAE_ENDPOINT],
  ]);
  if (explicit) {
    return parseEndpoint(explicit.value, explicit.source);
  }
  if (!regionId) {
    throw new SaeConfigError(
      "No SAE region is configured: set stack config sae:region (or alicloud:region), or the environment " +
        "variable ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION; or point sae:endpoint / SAE_ENDPOINT at an endpoint.",
    );
  }
  const host = `sae.${regionId}.aliyuncs.com`;
  return {
    host,
    protocol: "https",
    url: `https://${host}`,
    source: `the public endpoint of region ${regionId}`,
  };
}

/** `sae:endpoints`: region ID to endpoint URL; `{}` when not set. */
export function regionEndpoints(config: ConfigSource): Readonly<Record<string, string>> {
  const text = config.get("sae:endpoints");
  if (text === undefined || text.trim() === "") {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const shape =
    'a JSON object from region ID to endpoint URL, such as {"cn-beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}';
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SaeConfigError(`stack config sae:endpoints is not ${shape}.`);
  }
  for (const [region, url] of Object.entries(parsed)) {
    if (!regionIdPattern.test(region) || typeof url !== "string") {
      throw new SaeConfigError(
        `stack config sae:endpoints has the key "${region}"${typeof url === "string" ? "" : " with a value that is not text"}: it must be ${shape}.`,
      );
    }
  }
  return parsed as Record<string, string>;
}

/**
 * Parses an endpoint setting: `https://host[:port]`, or `http://<loopback>[:port]` for the local
 * emulator. The scheme is required: guessing one would turn `127.0.0.1:9000` into an HTTPS URL
 * that fails later as a TLS error on whatever call comes first. Refuses plain HTTP to anything but
 * loopback, since keys and OSS secrets would cross the network in clear.
 */
export function parseEndpoint(value: string, source: string): Endpoint {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const scheme = isLoopbackHost(value.replace(/:\d*$/, "")) ? "http" : "https";
    throw new SaeConfigError(
      `${source} is "${value}", which has no scheme: write it as ${scheme}://${value}` +
        " (http:// only for loopback hosts such as the local emulator, https:// for anything else).",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SaeConfigError(`${source} is "${value}", which is not a URL such as http://127.0.0.1:9000.`);
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") {
    throw new SaeConfigError(
      `${source} is "${value}": only http:// (loopback) and https:// endpoints are supported.`,
    );
  }
  if (
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new SaeConfigError(
      `${source} is "${value}": give only scheme, host and port, with no path, query or user.`,
    );
  }
  if (protocol === "http" && !isLoopbackHost(url.hostname)) {
    throw new SaeConfigError(
      `${source} is "${value}": plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, ::1), ` +
        "such as the local SAE emulator; use https:// for anything else.",
    );
  }
  return { host: url.host, protocol, url: `${protocol}://${url.host}`, source };
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1") {
    return true;
  }
  return isIP(host) === 4 && host.startsWith("127.");
}

/** The first explicit key pair found, or the default chain. A half-set pair is an error. */
export function resolveCredentials(config: ConfigSource, env: Environment): CredentialSettings {
  for (const level of credentialLevels) {
    const read = (key: string) => nonEmpty(level.from === "config" ? config.get(key) : env[key]);
    const where = level.from === "config" ? "stack config" : "environment variable";
    const accessKeyId = read(level.id);
    const accessKeySecret = read(level.secret);
    if (accessKeyId === undefined && accessKeySecret === undefined) {
      continue;
    }
    if (accessKeyId === undefined || accessKeySecret === undefined) {
      const missing = accessKeyId === undefined ? level.id : level.secret;
      const present = accessKeyId === undefined ? level.secret : level.id;
      throw new SaeConfigError(`${where} ${present} is set but ${missing} is not: set both, or neither.`);
    }
    return {
      kind: "static",
      accessKeyId,
      accessKeySecret,
      securityToken: read(level.token),
      source: `${where} ${level.id}/${level.secret}`,
    };
  }
  return {
    kind: "default-chain",
    source: "the Alibaba Cloud default credential chain",
    links: chainLinks(env),
    credentialsUri: nonEmpty(env.ALIBABA_CLOUD_CREDENTIALS_URI),
    ecsRoleName: nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA),
  };
}

/**
 * The default chain's links that `env` asks for. `@alicloud/credentials`' own default chain
 * builds its credentials-URI link even when `ALIBABA_CLOUD_CREDENTIALS_URI` is unset, and then
 * looks up the host "undefined" in DNS; so links that go over the network are kept only when
 * their variable says so (the OIDC role when `ALIBABA_CLOUD_ROLE_ARN` is set, the URI when
 * `ALIBABA_CLOUD_CREDENTIALS_URI` is set, instance metadata unless
 * `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`). The others only read variables and local files.
 */
export function chainLinks(env: Environment): ChainLink[] {
  const links: ChainLink[] = ["environment"];
  if (nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN)) {
    links.push("oidc-role");
  }
  if (!isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) {
    links.push("cli-profile");
  }
  links.push("credentials-file");
  if (!isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) {
    links.push("ecs-ram-role");
  }
  if (nonEmpty(env.ALIBABA_CLOUD_CREDENTIALS_URI)) {
    links.push("credentials-uri");
  }
  return links;
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
