import { SaeConfigError } from "../../provider/api/errors";
import {
  type ConfigSource,
  isLoopbackHost,
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
