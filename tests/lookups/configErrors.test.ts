/**
 * The lookups refuse every provider-configuration mistake that needs no network to be found, in
 * the words preview uses for it (one table of mistakes for both), before any call. A lookup that
 * names its own region needs no stack region or endpoint.
 */
import type { Emulator } from "../../emulator";
import { Engine, ProviderHost } from "../../harness";
import { getJobTemplate, listJobRuns, listJobTemplates } from "../../provider";
import { startEmulator } from "../support/emulatorClient";
import { configMistakes, validConfig } from "../support/configMistakes";

let emulator: Emulator;
let host: ProviderHost;

beforeAll(async () => {
  emulator = await startEmulator();
  host = await ProviderHost.start();
});
afterEach(() => {
  emulator.clearRequests();
});
afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const appId = "0f1c0000-0000-0000-0000-000000000001";

/** Each lookup, as a program makes it. */
const lookups: Record<string, (regionId?: string) => Promise<unknown>> = {
  getJobTemplate: (regionId) => getJobTemplate({ appId, regionId }),
  listJobTemplates: (regionId) => listJobTemplates({ regionId }),
  listJobRuns: (regionId) => listJobRuns({ appId, regionId }),
};

/**
 * What `pulumi up` reports for a program making `lookup` with the stack config `config`, the
 * program's process having the environment variables `env` besides its own.
 */
async function programErrors(
  config: Record<string, string>,
  env: Record<string, string>,
  lookup: () => Promise<unknown>,
): Promise<string[]> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await new Engine({ host, config }).up(async () => {
      await lookup();
    });
    return result.errors;
  } finally {
    process.env = saved;
  }
}

/** The names of the mistakes, for the tests' titles (the emulator's address is not known yet). */
const mistakeNames = configMistakes({ url: "http://127.0.0.1:1", accessKeyId: "", accessKeySecret: "" }).map(
  (mistake) => mistake.name,
);

it.each(mistakeNames)("refuses %s in every lookup, in preview's words, before any call", async (name) => {
  const mistake = configMistakes(emulator).find((m) => m.name === name)!;
  for (const [lookupName, lookup] of Object.entries(lookups)) {
    const errors = await programErrors(mistake.config, mistake.env, () => lookup());
    expect({ lookupName, errors: errors.join("\n") }).toEqual({
      lookupName,
      errors: expect.stringContaining(mistake.message),
    });
  }
  expect(emulator.requests).toEqual([]);
});

it("lists every setting at fault, one a line", async () => {
  const errors = await programErrors(
    { ...validConfig(emulator), "sae:region": "Hangzhou", "sae:changeOrderTimeout": "90 seconds" },
    {},
    () => listJobTemplates(),
  );
  const [mistakes] = configMistakes(emulator).filter(
    (m) => m.name === "a region setting that is not a region ID",
  );
  expect(errors.join("\n")).toContain(
    `${mistakes.message}\n` +
      'stack config sae:changeOrderTimeout is "90 seconds", which is not a whole number of seconds, at least 1: ' +
      "write it as 90.",
  );
  expect(emulator.requests).toEqual([]);
});

it("needs no stack region or endpoint for a lookup that names its own region", async () => {
  const { "sae:endpoint": _endpoint, ...keys } = validConfig(emulator);
  const config = { ...keys, "sae:endpoints": JSON.stringify({ [emulator.regionId]: emulator.url }) };
  expect(await programErrors(config, {}, () => listJobTemplates({ regionId: emulator.regionId }))).toEqual(
    [],
  );
  expect(emulator.requestsFor("ListJobs")).toHaveLength(1);
  expect((await programErrors(config, {}, () => listJobTemplates())).join("\n")).toContain(
    "No SAE region is configured",
  );
});
