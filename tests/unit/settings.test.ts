import { SaeConfigError } from "../../provider/api/errors";
import {
  type ChainLink,
  chainLinks,
  checkProviderConfig,
  type ConfigFailure,
  type ConfigSource,
  isLoopbackHost,
  noCredentialsMessage,
  resolveChangeOrderTimeoutSeconds,
  resolveConnectionSettings,
  resolveCredentials,
  resolveEndpoint,
  resolveRegion,
} from "../../provider/api/settings";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const none = config({});

describe("endpoint", () => {
  it("prefers stack config sae:endpoint over SAE_ENDPOINT over the region's public endpoint", () => {
    const env = { SAE_ENDPOINT: "http://127.0.0.1:9001" };
    expect(
      resolveEndpoint(config({ "sae:endpoint": "http://127.0.0.1:9000" }), env, "cn-hangzhou"),
    ).toMatchObject({
      host: "127.0.0.1:9000",
      protocol: "http",
      source: "stack config sae:endpoint",
    });
    expect(resolveEndpoint(none, env, "cn-hangzhou")).toMatchObject({
      host: "127.0.0.1:9001",
      protocol: "http",
    });
    expect(resolveEndpoint(none, {}, "cn-beijing")).toEqual({
      host: "sae.cn-beijing.aliyuncs.com",
      protocol: "https",
      url: "https://sae.cn-beijing.aliyuncs.com",
      source: "the public endpoint of region cn-beijing",
    });
  });

  it("refuses an endpoint without a scheme, giving the form to write", () => {
    expect(() => resolveEndpoint(none, { SAE_ENDPOINT: "127.0.0.1:9000" }, undefined)).toThrow(
      'environment SAE_ENDPOINT is "127.0.0.1:9000", which has no scheme: write it as http://127.0.0.1:9000',
    );
    expect(() =>
      resolveEndpoint(config({ "sae:endpoint": "sae.vpc.example.com:8443" }), {}, undefined),
    ).toThrow(
      'stack config sae:endpoint is "sae.vpc.example.com:8443", which has no scheme: write it as https://',
    );
    expect(() => resolveEndpoint(config({ "sae:endpoint": "localhost" }), {}, undefined)).toThrow(
      "write it as http://localhost (",
    );
  });

  it("refuses plain http:// to anything but loopback, naming the setting", () => {
    expect(() => resolveEndpoint(config({ "sae:endpoint": "http://10.1.2.3:9000" }), {}, undefined)).toThrow(
      /stack config sae:endpoint is "http:\/\/10.1.2.3:9000": plain http:\/\/ is accepted only for loopback hosts/,
    );
    expect(() =>
      resolveEndpoint(none, { SAE_ENDPOINT: "http://sae.cn-hangzhou.aliyuncs.com" }, undefined),
    ).toThrow(/environment SAE_ENDPOINT .* only for loopback hosts/);
    for (const ok of ["http://localhost:9000", "http://127.0.0.9:1", "http://[::1]:9000"]) {
      expect(resolveEndpoint(config({ "sae:endpoint": ok }), {}, undefined).protocol).toBe("http");
    }
  });

  it("refuses paths, queries and other schemes", () => {
    expect(() =>
      resolveEndpoint(config({ "sae:endpoint": "https://sae.example.com/pop" }), {}, undefined),
    ).toThrow(/no path, query or user/);
    expect(() => resolveEndpoint(config({ "sae:endpoint": "ftp://127.0.0.1" }), {}, undefined)).toThrow(
      /only http:\/\/ \(loopback\) and https:\/\//,
    );
  });

  it("asks for a region or an endpoint when it has neither", () => {
    expect(() => resolveEndpoint(none, {}, undefined)).toThrow(SaeConfigError);
    expect(() => resolveEndpoint(none, {}, undefined)).toThrow(/set stack config sae:region/);
  });

  it("knows loopback hosts", () => {
    expect(["127.0.0.1", "127.255.0.3", "localhost", "::1", "[::1]"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["128.0.0.1", "10.0.0.1", "example.com", "127.0.0.1.nip.io"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("region", () => {
  it("takes sae:region, then alicloud:region, then ALIBABA_CLOUD_REGION_ID, then ALICLOUD_REGION", () => {
    const env = { ALIBABA_CLOUD_REGION_ID: "cn-shanghai", ALICLOUD_REGION: "cn-shenzhen" };
    expect(resolveRegion(config({ "sae:region": "cn-beijing", "alicloud:region": "cn-hangzhou" }), env)).toBe(
      "cn-beijing",
    );
    expect(resolveRegion(config({ "alicloud:region": "cn-hangzhou" }), env)).toBe("cn-hangzhou");
    expect(resolveRegion(none, env)).toBe("cn-shanghai");
    expect(resolveRegion(none, { ALICLOUD_REGION: "cn-shenzhen" })).toBe("cn-shenzhen");
    expect(resolveRegion(none, {})).toBeUndefined();
  });

  it("rejects something that is not a region ID", () => {
    expect(() => resolveRegion(config({ "sae:region": "evil.com/x" }), {})).toThrow(
      /stack config sae:region is "evil.com\/x", which is not a region ID/,
    );
  });
});

describe("credentials", () => {
  it("takes the first complete pair: sae:*, then alicloud:*, then ALICLOUD_* environment", () => {
    const env = { ALICLOUD_ACCESS_KEY: "env-id", ALICLOUD_SECRET_KEY: "env-secret" };
    const both = config({
      "sae:accessKeyId": "sae-id",
      "sae:accessKeySecret": "sae-secret",
      "sae:securityToken": "sae-token",
      "alicloud:accessKey": "ali-id",
      "alicloud:secretKey": "ali-secret",
    });
    expect(resolveCredentials(both, env)).toEqual({
      kind: "static",
      accessKeyId: "sae-id",
      accessKeySecret: "sae-secret",
      securityToken: "sae-token",
      source: "stack config sae:accessKeyId/sae:accessKeySecret",
    });
    expect(
      resolveCredentials(config({ "alicloud:accessKey": "a", "alicloud:secretKey": "b" }), env),
    ).toMatchObject({
      accessKeyId: "a",
      source: "stack config alicloud:accessKey/alicloud:secretKey",
    });
    expect(resolveCredentials(none, env)).toMatchObject({
      accessKeyId: "env-id",
      source: "environment variable ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
    });
  });

  it("falls back to the default credential chain", () => {
    expect(resolveCredentials(none, {})).toMatchObject({
      kind: "default-chain",
      source: "the Alibaba Cloud default credential chain",
    });
  });

  it("rejects half a key pair, naming the missing half", () => {
    expect(() => resolveCredentials(config({ "sae:accessKeyId": "id" }), {})).toThrow(
      "stack config sae:accessKeyId is set but sae:accessKeySecret is not: set both, or neither.",
    );
    expect(() => resolveCredentials(none, { ALICLOUD_SECRET_KEY: "s" })).toThrow(
      "environment variable ALICLOUD_SECRET_KEY is set but ALICLOUD_ACCESS_KEY is not",
    );
  });

  it("never puts a secret in an error message", () => {
    let message = "";
    try {
      resolveConnectionSettings(config({ "sae:accessKeySecret": "TOP-SECRET-VALUE" }), {
        SAE_ENDPOINT: "http://127.0.0.1:1",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/sae:accessKeySecret is set but sae:accessKeyId is not/);
    expect(message).not.toContain("TOP-SECRET-VALUE");
  });
});

describe("checkProviderConfig", () => {
  const emulatorKeys = { "sae:accessKeyId": "id", "sae:accessKeySecret": "secret" };

  it("passes a valid configuration, whichever settings name the endpoint", () => {
    const valid: Record<string, string>[] = [
      { "sae:endpoint": "http://127.0.0.1:9000", ...emulatorKeys, "sae:changeOrderTimeout": "30" },
      { "sae:region": "cn-hangzhou" },
      {
        "alicloud:region": "cn-beijing",
        "sae:endpoints": '{"cn-beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}',
      },
    ];
    for (const values of valid) {
      expect(checkProviderConfig(config(values), {})).toEqual([]);
    }
    expect(
      checkProviderConfig(none, { SAE_ENDPOINT: "http://localhost:9000", SAE_CHANGE_ORDER_TIMEOUT: "60" }),
    ).toEqual([]);
  });

  // One mistake each: the setting it is keyed by, and the whole message.
  const mistakes: [string, Record<string, string>, Record<string, string>, ConfigFailure][] = [
    [
      "an endpoint without a scheme",
      { "sae:endpoint": "127.0.0.1:9000" },
      {},
      {
        key: "endpoint",
        message:
          'stack config sae:endpoint is "127.0.0.1:9000", which has no scheme: write it as http://127.0.0.1:9000 ' +
          "(http:// only for loopback hosts such as the local emulator, https:// for anything else).",
      },
    ],
    [
      "plain http:// to a host that is not loopback",
      {},
      { SAE_ENDPOINT: "http://sae.cn-hangzhou.aliyuncs.com" },
      {
        key: "endpoint",
        message:
          'environment SAE_ENDPOINT is "http://sae.cn-hangzhou.aliyuncs.com": plain http:// is accepted only for ' +
          "loopback hosts (127.0.0.1, localhost, ::1), such as the local SAE emulator: " +
          "write it as https://sae.cn-hangzhou.aliyuncs.com.",
      },
    ],
    [
      "a change order timeout with a unit",
      { "sae:region": "cn-hangzhou", "sae:changeOrderTimeout": "10m" },
      {},
      {
        key: "changeOrderTimeout",
        message:
          'stack config sae:changeOrderTimeout is "10m", which is not a whole number of seconds, at least 1: ' +
          "write it as 600.",
      },
    ],
    [
      "sae:endpoints that is not JSON",
      { "sae:region": "cn-hangzhou", "sae:endpoints": "{cn-beijing: https://x}" },
      {},
      {
        key: "endpoints",
        message:
          "stack config sae:endpoints is not valid JSON: write it as a JSON object from region ID to endpoint URL, " +
          'such as {"cn-beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}.',
      },
    ],
    [
      "sae:endpoints keyed by something that is not a region ID",
      {
        "sae:region": "cn-hangzhou",
        "sae:endpoints": '{"CN-Beijing":"https://sae-vpc.cn-beijing.aliyuncs.com"}',
      },
      {},
      {
        key: "endpoints",
        message:
          'stack config sae:endpoints has the key "CN-Beijing", which is not a region ID: write it as cn-beijing.',
      },
    ],
    [
      "sae:endpoints with a value that is not text",
      { "sae:region": "cn-hangzhou", "sae:endpoints": '{"cn-beijing":9000}' },
      {},
      {
        key: "endpoints",
        message:
          'stack config sae:endpoints["cn-beijing"] is 9000, which is not text: write the endpoint URL as a JSON ' +
          'string, such as "https://sae-vpc.cn-beijing.aliyuncs.com".',
      },
    ],
    [
      "sae:endpoints with a value that is not a valid endpoint",
      { "sae:region": "cn-hangzhou", "sae:endpoints": '{"cn-beijing":"http://10.0.0.8:9000"}' },
      {},
      {
        key: "endpoints",
        message:
          'stack config sae:endpoints["cn-beijing"] is "http://10.0.0.8:9000": plain http:// is accepted only for ' +
          "loopback hosts (127.0.0.1, localhost, ::1), such as the local SAE emulator: write it as https://10.0.0.8:9000.",
      },
    ],
    [
      "an access key ID without its secret in config",
      { "sae:region": "cn-hangzhou", "sae:accessKeyId": "LTAI-id" },
      {},
      {
        key: "accessKeyId",
        message:
          "stack config sae:accessKeyId is set but sae:accessKeySecret is not: set both, or neither. " +
          "Set it with: pulumi config set --secret sae:accessKeySecret <value>",
      },
    ],
    [
      "an access key without its secret in the environment",
      { "sae:region": "cn-hangzhou" },
      { ALICLOUD_ACCESS_KEY: "LTAI-id" },
      {
        key: "accessKeyId",
        message:
          "environment variable ALICLOUD_ACCESS_KEY is set but ALICLOUD_SECRET_KEY is not: set both, or neither.",
      },
    ],
    [
      "a region setting that is not a region ID",
      { "alicloud:region": "Hangzhou" },
      {},
      {
        key: "region",
        message:
          'stack config alicloud:region is "Hangzhou", which is not a region ID: ' +
          "write it as a region ID such as cn-hangzhou or ap-southeast-1.",
      },
    ],
    [
      "no region and no endpoint",
      {},
      {},
      {
        key: "region",
        message:
          "No SAE region is configured: set stack config sae:region (pulumi config set sae:region cn-hangzhou), " +
          "or alicloud:region, or the environment variable ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION; or point " +
          "sae:endpoint / SAE_ENDPOINT at an endpoint; or give the resource or lookup a regionId of its own.",
      },
    ],
  ];

  it.each(mistakes)("reports %s, naming the setting and the form to write", (_what, values, env, failure) => {
    expect(checkProviderConfig(config(values), env)).toEqual([failure]);
  });

  it.each(mistakes)("resolves %s into the same words, as a SaeConfigError", (_what, values, env, failure) => {
    const resolve = () => {
      resolveConnectionSettings(config(values), env);
      resolveChangeOrderTimeoutSeconds(config(values), env);
    };
    expect(resolve).toThrow(SaeConfigError);
    expect(resolve).toThrow(failure.message);
  });

  it("reports every setting at fault at once, one failure each, in the README's order", () => {
    const failures = checkProviderConfig(
      config({
        "sae:endpoint": "127.0.0.1:9000",
        "sae:endpoints": "[]",
        "sae:region": "Hangzhou 1",
        "sae:accessKeySecret": "TOP-SECRET-VALUE",
        "sae:changeOrderTimeout": "ten minutes",
      }),
      {},
    );
    expect(failures.map((f) => f.key)).toEqual([
      "endpoint",
      "endpoints",
      "region",
      "accessKeyId",
      "changeOrderTimeout",
    ]);
    expect(failures[1].message).toMatch(
      /^stack config sae:endpoints is not a JSON object from region ID to endpoint URL/,
    );
    expect(failures[4].message).toMatch(/write it as a number of seconds, such as 600 for ten minutes\.$/);
    expect(JSON.stringify(failures)).not.toContain("TOP-SECRET-VALUE");
  });

  it("puts every wrong entry of sae:endpoints in one failure", () => {
    const failures = checkProviderConfig(
      config({
        "sae:endpoint": "http://127.0.0.1:1",
        "sae:endpoints": '{"cn-beijing":"127.0.0.1:2","x":"https://a"}',
      }),
      {},
    );
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain(
      'stack config sae:endpoints["cn-beijing"] is "127.0.0.1:2", which has no scheme',
    );
    expect(failures[0].message).toContain(
      'stack config sae:endpoints has the key "x", which is not a region ID',
    );
  });

  it("checks only the setting that wins, as the resolvers read them", () => {
    const env = { SAE_ENDPOINT: "127.0.0.1:9000", ALICLOUD_ACCESS_KEY: "half", ALICLOUD_REGION: "nowhere" };
    expect(
      checkProviderConfig(
        config({ "sae:endpoint": "http://127.0.0.1:9000", "sae:region": "cn-hangzhou", ...emulatorKeys }),
        env,
      ),
    ).toEqual([]);
  });

  it("needs no region or endpoint when the caller names its own region", () => {
    expect(checkProviderConfig(none, {}, { ownRegion: true })).toEqual([]);
    // A region setting that is wrong is reported once, not as "no region" too.
    expect(checkProviderConfig(config({ "sae:region": "x" }), {}).map((f) => f.key)).toEqual(["region"]);
    expect(
      checkProviderConfig(config({ "sae:region": "x" }), {}, { ownRegion: true }).map((f) => f.key),
    ).toEqual(["region"]);
  });

  it("writes the change order timeout in seconds when the value has a unit", () => {
    const form = (value: string) =>
      checkProviderConfig(config({ "sae:region": "cn-hangzhou" }), { SAE_CHANGE_ORDER_TIMEOUT: value })[0]
        .message;
    expect(form("90s")).toMatch(/^environment SAE_CHANGE_ORDER_TIMEOUT is "90s", .*: write it as 90\.$/);
    expect(form("1h")).toMatch(/write it as 3600\.$/);
    expect(form("2.5")).toMatch(/write it as a number of seconds, such as 600 for ten minutes\.$/);
    expect(form("0")).toMatch(/write it as a number of seconds/);
    expect(resolveChangeOrderTimeoutSeconds(none, {})).toBe(600);
    expect(resolveChangeOrderTimeoutSeconds(none, { SAE_CHANGE_ORDER_TIMEOUT: " 45 " })).toBe(45);
  });

  it("never shows an endpoint's user, password or query", () => {
    for (const endpoint of [
      "https://admin:hunter2@sae.example.com/?token=abc123",
      "http://admin:hunter2@10.0.0.1:9000?token=abc123",
      "admin:hunter2@sae.example.com?token=abc123",
      "ftp://admin:hunter2@sae.example.com?token=abc123",
    ]) {
      const [failure] = checkProviderConfig(config({ "sae:endpoint": endpoint }), {});
      expect(failure.key).toBe("endpoint");
      expect(failure.message).not.toMatch(/hunter2|abc123|token/);
      expect(failure.message).toMatch(/write it as https?:\/\/(sae\.example\.com|10\.0\.0\.1:9000)/);
    }
  });
});

describe("noCredentialsMessage", () => {
  it("lists every place looked, one a line, with what each link answered or why it was not tried", () => {
    const env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/x" };
    const said = new Map<ChainLink, string>([
      ["environment", "no keys"],
      ["oidc-role", "no token file"],
    ]);
    expect(noCredentialsMessage(chainLinks(env), said).split("\n")).toEqual([
      "No Alibaba Cloud credentials found. Looked in, in order:",
      "- stack config sae:accessKeyId/sae:accessKeySecret",
      "- stack config alicloud:accessKey/alicloud:secretKey",
      "- environment ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
      "- the Alibaba Cloud default credential chain:",
      "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET: no keys",
      "  - the OIDC role of ALIBABA_CLOUD_ROLE_ARN: no token file",
      "  - ~/.aliyun/config.json",
      "  - ~/.alibabacloud/credentials (or ALIBABA_CLOUD_CREDENTIALS_FILE)",
      "  - the ECS RAM role, from the instance metadata service: not tried, ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
      "  - the credentials URI in ALIBABA_CLOUD_CREDENTIALS_URI: not tried, ALIBABA_CLOUD_CREDENTIALS_URI is not set",
      "Set sae:accessKeyId and sae:accessKeySecret (pulumi config set --secret sae:accessKeySecret <value>), " +
        "or any of the others.",
    ]);
  });
});
