/**
 * Test support: the provider-configuration mistakes that need no network to be found, each as the
 * stack config and environment that make it and the words that name it. Preview (the resources'
 * check) and the lookups must both report each one in these words, before any call.
 */
import type { Emulator } from "../../emulator";

/** What a configuration needs to reach an emulator. */
export type Reach = Pick<Emulator, "url" | "accessKeyId" | "accessKeySecret">;

/** One mistake: what makes it, and the sentence every entry point must report for it. */
export interface ConfigMistake {
  /** What is wrong, for the test's name. */
  readonly name: string;
  /** The whole stack config. */
  readonly config: Record<string, string>;
  /** Environment variables of the process that reads the settings. */
  readonly env: Record<string, string>;
  /** The failure's text, in full. */
  readonly message: string;
}

/** A configuration that reaches `emulator`: its endpoint, its keys and a short timeout. */
export function validConfig(emulator: Reach): Record<string, string> {
  return {
    "sae:endpoint": emulator.url,
    "sae:accessKeyId": emulator.accessKeyId,
    "sae:accessKeySecret": emulator.accessKeySecret,
    "sae:changeOrderTimeout": "30",
  };
}

/**
 * Every mistake, each made on a configuration that is otherwise {@link validConfig} (the
 * environment ones and "no region and no endpoint" on as little as they need).
 */
export function configMistakes(emulator: Reach): ConfigMistake[] {
  const valid = validConfig(emulator);
  const keys = { "sae:accessKeyId": emulator.accessKeyId, "sae:accessKeySecret": emulator.accessKeySecret };
  const hostPort = new URL(emulator.url).host;
  const endpoints = (value: string) => ({ ...valid, "sae:endpoints": value });
  const { "sae:accessKeySecret": _secret, ...withoutSecret } = valid;
  return [
    {
      name: "sae:endpoint without a scheme",
      config: { ...valid, "sae:endpoint": hostPort },
      env: {},
      message:
        `stack config sae:endpoint is "${hostPort}", which has no scheme: write it as http://${hostPort} ` +
        "(http:// only for loopback hosts such as the local emulator, https:// for anything else).",
    },
    {
      name: "sae:endpoint over plain http:// to a host that is not loopback",
      config: { ...valid, "sae:endpoint": "http://192.0.2.10:9000" },
      env: {},
      message:
        'stack config sae:endpoint is "http://192.0.2.10:9000": plain http:// is accepted only for loopback ' +
        "hosts (127.0.0.1, localhost, ::1), such as the local SAE emulator: write it as https://192.0.2.10:9000.",
    },
    {
      name: "sae:changeOrderTimeout that is not whole seconds",
      config: { ...valid, "sae:changeOrderTimeout": "10m" },
      env: {},
      message:
        'stack config sae:changeOrderTimeout is "10m", which is not a whole number of seconds, at least 1: ' +
        "write it as 600.",
    },
    {
      name: "sae:endpoints that is not JSON",
      config: endpoints("cn-beijing=https://sae-vpc.cn-beijing.aliyuncs.com"),
      env: {},
      message:
        "stack config sae:endpoints is not valid JSON: write it as a JSON object from region ID to endpoint " +
        'URL, such as {"cn-beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}.',
    },
    {
      name: "sae:endpoints with a key that is not a region ID",
      config: endpoints('{"Beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}'),
      env: {},
      message:
        'stack config sae:endpoints has the key "Beijing", which is not a region ID: ' +
        "write it as a region ID such as cn-hangzhou or ap-southeast-1.",
    },
    {
      name: "sae:endpoints with a value that is not text",
      config: endpoints('{"cn-beijing":["https://sae-vpc.cn-beijing.aliyuncs.com"]}'),
      env: {},
      message:
        'stack config sae:endpoints["cn-beijing"] is ["https://sae-vpc.cn-beijing.aliyuncs.com"], which is ' +
        'not text: write the endpoint URL as a JSON string, such as "https://sae-vpc.cn-beijing.aliyuncs.com".',
    },
    {
      name: "sae:endpoints with a value that is not a valid endpoint URL",
      config: endpoints('{"cn-beijing":"sae-vpc.cn-beijing.aliyuncs.com"}'),
      env: {},
      message:
        'stack config sae:endpoints["cn-beijing"] is "sae-vpc.cn-beijing.aliyuncs.com", which has no scheme: ' +
        "write it as https://sae-vpc.cn-beijing.aliyuncs.com (http:// only for loopback hosts such as the " +
        "local emulator, https:// for anything else).",
    },
    {
      name: "sae:accessKeyId without sae:accessKeySecret",
      config: withoutSecret,
      env: {},
      message:
        "stack config sae:accessKeyId is set but sae:accessKeySecret is not: set both, or neither. " +
        "Set it with: pulumi config set --secret sae:accessKeySecret <value>",
    },
    {
      name: "sae:securityToken without a key pair",
      config: { "sae:endpoint": emulator.url, "sae:securityToken": "sts-token" },
      env: {},
      message:
        "stack config sae:securityToken is set but sae:accessKeyId and sae:accessKeySecret are not: a " +
        "security token is used only with the temporary key pair it was issued with. Set them with: " +
        "pulumi config set sae:accessKeyId <value> and pulumi config set --secret sae:accessKeySecret <value>",
    },
    {
      name: "ALICLOUD_ACCESS_KEY without ALICLOUD_SECRET_KEY",
      config: { "sae:endpoint": emulator.url },
      env: { ALICLOUD_ACCESS_KEY: emulator.accessKeyId },
      message:
        "environment variable ALICLOUD_ACCESS_KEY is set but ALICLOUD_SECRET_KEY is not: set both, or neither.",
    },
    {
      name: "a region setting that is not a region ID",
      config: { ...valid, "sae:region": "Hangzhou" },
      env: {},
      message:
        'stack config sae:region is "Hangzhou", which is not a region ID: ' +
        "write it as a region ID such as cn-hangzhou or ap-southeast-1.",
    },
    {
      name: "no region and no endpoint",
      config: keys,
      env: {},
      message:
        "No SAE region is configured: set stack config sae:region (pulumi config set sae:region cn-hangzhou), " +
        "or alicloud:region, or the environment variable ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION; or point " +
        "sae:endpoint / SAE_ENDPOINT at an endpoint; or give the resource or lookup a regionId of its own.",
    },
  ];
}
