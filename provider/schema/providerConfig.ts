/**
 * The provider's own settings, the stack's `sae:*` configuration, each described once: its name
 * (as `sae:<name>` in stack config, and as a provider plugin's configuration variable and provider
 * input), what its value is, whether it is secret, and its TSDoc. How each is read, in which order
 * beside `alicloud:*` and the environment, and checked, is `../api/settings`; this table says what
 * each setting is, for the package schema and the provider plugin.
 */
import { integer, type Shape, stringMap, text, type ValueOf } from "./shapes";
import { tagsShape } from "./tags";

/** One provider setting. */
export interface ProviderConfigSpec<S extends Shape = Shape> {
  /** What its value is. */
  readonly shape: S;
  /** Kept secret: Pulumi encrypts it in stack config and state, and it is never logged. */
  readonly secret?: boolean;
}

/** Declares a provider setting, keeping its literal flags. */
function setting<S extends Shape, const O extends Omit<ProviderConfigSpec<S>, "shape">>(
  shape: S,
  options?: O,
) {
  return { shape, ...options } as const;
}

/** The provider's settings, by name (`region` is stack config `sae:region`), in the README's order. */
export const providerConfigVariables = {
  /**
   * Endpoint of the SAE API for every region, a URL with its scheme such as
   * `https://sae-vpc.cn-hangzhou.aliyuncs.com` or, for the local emulator, `http://127.0.0.1:9000`
   * (plain `http://` only for a loopback host; no path, query or user). Optional: else the
   * environment variable `SAE_ENDPOINT`, else `https://sae.<region>.aliyuncs.com`.
   */
  endpoint: setting(text()),
  /**
   * Endpoints by region: region ID to endpoint URL (a VPC endpoint, a proxy, an emulator per
   * region), each in the form `endpoint` takes. It wins for the regions it names, over `endpoint`.
   * Optional.
   */
  endpoints: setting(stringMap()),
  /**
   * Region of the job templates, a region ID such as `cn-hangzhou`: requests go to its public
   * endpoint unless `endpoint` or `endpoints` says otherwise. Optional: else the environment
   * variable `ALIBABA_CLOUD_REGION_ID` or `ALICLOUD_REGION` (the TypeScript dynamic resources read
   * stack config `alicloud:region` first). A region or an endpoint is needed, unless each resource
   * and lookup sets its own `regionId`.
   */
  region: setting(text()),
  /**
   * AccessKey ID, set together with `accessKeySecret`. Optional: else the environment variable
   * `ALICLOUD_ACCESS_KEY` (the TypeScript dynamic resources read stack config `alicloud:accessKey`
   * first), else the Alibaba Cloud default credential chain.
   */
  accessKeyId: setting(text()),
  /**
   * AccessKey secret, set together with `accessKeyId`. Kept secret. Optional: else the environment
   * variable `ALICLOUD_SECRET_KEY` (the TypeScript dynamic resources read stack config
   * `alicloud:secretKey` first).
   */
  accessKeySecret: setting(text(), { secret: true }),
  /**
   * STS security token, for temporary credentials given with `accessKeyId` and `accessKeySecret`.
   * Kept secret. Optional: else the environment variable `ALICLOUD_SECURITY_TOKEN` (the TypeScript
   * dynamic resources read stack config `alicloud:securityToken` first).
   */
  securityToken: setting(text(), { secret: true }),
  /**
   * How long to wait for SAE's change order after CreateJob and UpdateJob, in whole seconds, at
   * least 1. Optional: else the environment variable `SAE_CHANGE_ORDER_TIMEOUT`. Defaults to 600.
   */
  changeOrderTimeout: setting(integer({ min: 1 })),
  /**
   * Tags every job template carries under its own `tags` (a key the template sets wins), by the
   * rules `tags` follows. Optional.
   */
  defaultTags: setting(tagsShape),
} as const;

/** A provider setting's name, such as `region`. */
export type ProviderConfigName = keyof typeof providerConfigVariables;

/** The provider's settings as plain values, each optional (mapped over the table, so each keeps its TSDoc). */
export type ProviderConfigValues = {
  readonly [K in keyof typeof providerConfigVariables]?: ValueOf<
    (typeof providerConfigVariables)[K]["shape"]
  >;
};
