/**
 * The plugin's provider configuration: CheckConfig refuses each mistake that needs no network, in
 * the words preview uses, keyed by the setting (so `pulumi preview` fails on it); a stack's
 * `sae:*` settings and an explicit provider's inputs configure it alike; two explicit providers
 * (two plugin processes) each reach only their own SAE.
 */
import type { Emulator } from "../../emulator";
import type { PropertyMap } from "../../harness";
import { secretValue } from "../../harness/propertyValues";
import { configMistakes, validConfig } from "../support/configMistakes";
import { startEmulator } from "../support/emulatorClient";
import { emulatorConfig, type PluginProcess, startPlugin, tokens, urnOf } from "./support";

const providerUrn = urnOf("pulumi:providers:sae", "default");

/** Stack config (`sae:region`) as a provider's inputs (`region`), as the engine passes them. */
function asInputs(config: Record<string, string>): PropertyMap {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key.replace(/^sae:/, ""), value]));
}

let emulator: Emulator;
let plugin: PluginProcess;

beforeAll(async () => {
  emulator = await startEmulator();
  plugin = await startPlugin();
});

afterAll(async () => {
  await plugin?.stop();
  await emulator?.stop();
});

describe("CheckConfig", () => {
  // Mistakes of the settings alone: those of the environment need a process of their own, and
  // "no region and no endpoint" is each resource's check, as a resource may name its own region.
  const mistakes = configMistakes({
    url: "http://127.0.0.1:9",
    accessKeyId: "id",
    accessKeySecret: "secret",
  }).filter((m) => Object.keys(m.env).length === 0 && m.name !== "no region and no endpoint");

  it.each(mistakes.map((m) => [m.name, m] as const))(
    "refuses %s, naming the setting, with no call",
    async (_, mistake) => {
      emulator.clearRequests();
      const checked = await plugin.host.checkConfig(providerUrn, {}, asInputs(mistake.config));
      expect(checked.failures).toEqual([{ property: expect.any(String), reason: mistake.message }]);
      expect(mistake.message).toContain(`sae:${checked.failures[0].property}`);
      expect(emulator.requests).toEqual([]);
    },
  );

  it("reports one failure per setting at fault, all at once", async () => {
    const checked = await plugin.host.checkConfig(
      providerUrn,
      {},
      {
        ...asInputs(validConfig(emulator)),
        endpoint: "127.0.0.1:9000",
        changeOrderTimeout: "10m",
        defaultTags: '{"acs:x":"1"}',
        regoin: "cn-hangzhou",
      },
    );
    expect(checked.failures.map((f) => f.property).sort()).toEqual(
      ["changeOrderTimeout", "defaultTags", "endpoint", "regoin"].sort(),
    );
    expect(checked.failures.find((f) => f.property === "regoin")?.reason).toContain(
      "not a setting of the sae provider",
    );
  });

  it("passes a valid configuration, structured values given as values or as JSON text", async () => {
    const valid = asInputs(validConfig(emulator));
    expect((await plugin.host.checkConfig(providerUrn, {}, valid)).failures).toEqual([]);
    const structured = {
      ...valid,
      defaultTags: { env: "prod" },
      endpoints: { "cn-beijing": emulator.url },
      version: "0.2.0",
    };
    const checked = await plugin.host.checkConfig(providerUrn, {}, structured);
    // The secret settings come back secret, given in clear or not.
    expect(checked).toEqual({
      inputs: { ...structured, accessKeySecret: secretValue(emulator.accessKeySecret) },
      failures: [],
    });
    const token = await plugin.host.checkConfig(
      providerUrn,
      {},
      { ...valid, securityToken: secretValue("sts-token") },
    );
    expect(token.inputs.securityToken).toEqual(secretValue("sts-token"));
    const diff = await plugin.host.diffConfig(providerUrn, valid, { ...valid, changeOrderTimeout: "60" });
    expect(diff).toMatchObject({
      changes: "some",
      replaces: [],
      detailedDiff: { changeOrderTimeout: { kind: "UPDATE" } },
    });
  });
});

describe("Check of a resource", () => {
  it("fails a preview on a provider with no region and no endpoint, unless the resource names its region", async () => {
    const unconfigured = await startPlugin();
    try {
      await unconfigured.host.configurePlugin({});
      const urn = urnOf(tokens.jobTemplate, "nowhere");
      const inputs = {
        appName: "nowhere",
        packageType: "Image",
        imageUrl: "registry.example/a/b:1",
        replicas: 1,
      };
      const checked = await unconfigured.host.check(urn, {}, inputs);
      expect(checked.failures).toEqual([
        {
          property: "",
          reason: expect.stringMatching(/^No SAE region is configured: set stack config sae:region/),
        },
      ]);
      const own = await unconfigured.host.check(urn, {}, { ...inputs, regionId: "cn-beijing" });
      expect(own.failures).toEqual([]);
    } finally {
      await unconfigured.stop();
    }
  });
});

describe("Configure", () => {
  it("takes a stack's settings as the engine's variables (sae:config:<name>)", async () => {
    const other = await startPlugin();
    try {
      const variables = Object.fromEntries(
        Object.entries(validConfig(emulator)).map(([key, value]) => [
          key.replace("sae:", "sae:config:"),
          value,
        ]),
      );
      expect(await other.host.configurePlugin({}, variables)).toEqual({ acceptSecrets: true });
      emulator.clearRequests();
      const listed = await other.host.invoke(tokens.listJobTemplates, {});
      expect(listed.result).toEqual([]);
      expect(emulator.requestsFor("ListJobs")).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it("serves two explicit providers, each reaching only its own SAE and its own default tags", async () => {
    const second = await startEmulator({ regionId: "cn-beijing" });
    const east = await startPlugin();
    const west = await startPlugin();
    try {
      await east.host.configurePlugin(
        emulatorConfig(emulator, { region: "cn-hangzhou", defaultTags: { side: "east" } }),
      );
      await west.host.configurePlugin(
        emulatorConfig(second, { region: "cn-beijing", defaultTags: '{"side":"west"}' }),
      );
      emulator.clearRequests();
      const inputs = {
        appName: "twin",
        packageType: "Image",
        imageUrl: "registry.example/acme/twin:1",
        replicas: 1,
      };
      const made = [];
      for (const [name, plugin] of [
        ["east", east],
        ["west", west],
      ] as const) {
        const urn = urnOf(tokens.jobTemplate, `twin-${name}`);
        const checked = await plugin.host.check(urn, {}, inputs);
        expect(checked.failures).toEqual([]);
        made.push({ plugin, urn, ...(await plugin.host.create(urn, checked.inputs)) });
      }
      expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
      expect(second.requestsFor("CreateJob")).toHaveLength(1);
      expect(made[0].properties.tagsAll).toEqual({ side: "east" });
      expect(made[1].properties.tagsAll).toEqual({ side: "west" });
      for (const { plugin, urn, id, properties } of made) {
        await plugin.host.delete(urn, id, properties);
      }
      expect(emulator.requestsFor("DeleteJob")).toHaveLength(1);
      expect(second.requestsFor("DeleteJob")).toHaveLength(1);
    } finally {
      await east.stop();
      await west.stop();
      await second.stop();
    }
  });
});
