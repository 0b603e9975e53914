/**
 * The `pulumi-resource-sae` plugin, started from the built package as the engine starts it and
 * driven over gRPC the engine's way, against the emulator: what it answers, what goes over the
 * wire, and that nothing secret comes back in clear.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  findRepoRoot,
  HostError,
  type PropertyMap,
  ResourceInitFailedError,
  UNKNOWN_VALUE,
} from "../../harness";
import { isSecretValue, secretValue } from "../../harness/propertyValues";
import { startPluginStack, type PluginStack, tokens, urnOf } from "./support";

const templateUrn = urnOf(tokens.jobTemplate, "nightly");
const image = "registry.example/acme/report:1";
const baseInputs: PropertyMap = {
  appName: "nightly-report",
  packageType: "Image",
  imageUrl: image,
  replicas: 1,
  nasId: "nas-1",
  mountHost: "nas-1.example.com",
  mountDesc: [{ mountPath: "/mnt/data", nasPath: "/" }],
};

let stack: PluginStack;

/** `value` as JSON with every secret-wrapped value left out: what the engine would show in clear. */
function clearText(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (isSecretValue(member) ? "[secret]" : member));
}

beforeAll(async () => {
  stack = await startPluginStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Check, then Create, as the engine runs a new resource. */
async function createTemplate(inputs: PropertyMap, urn = templateUrn) {
  const checked = await stack.host.check(urn, {}, inputs);
  expect(checked.failures).toEqual([]);
  return { checked: checked.inputs, ...(await stack.host.create(urn, checked.inputs)) };
}

describe("the plugin process", () => {
  it("answers the package version and the shipped schema", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(findRepoRoot(), "package.json"), "utf8"));
    expect(await stack.host.getPluginInfo()).toBe(manifest.version);
    const schema = JSON.parse(await stack.host.getSchema());
    expect(schema).toEqual(JSON.parse(fs.readFileSync(path.join(findRepoRoot(), "schema.json"), "utf8")));
    expect(schema.name).toBe("sae");
  });
});

describe("Check", () => {
  it("reports every bad input at once, each with its property path, before any call", async () => {
    stack.emulator.clearRequests();
    const checked = await stack.host.check(
      templateUrn,
      {},
      {
        ...baseInputs,
        replicas: -1,
        envs: [{ name: "A", value: "1" }, { value: "2" }],
      },
    );
    const properties = checked.failures.map((f) => f.property);
    expect(properties).toEqual(expect.arrayContaining(["replicas", "envs[1].name"]));
    expect(stack.emulator.requests).toEqual([]);
  });

  it("takes unknown values, also inside lists and objects, and calls nothing", async () => {
    stack.emulator.clearRequests();
    const checked = await stack.host.check(
      templateUrn,
      {},
      {
        ...baseInputs,
        imageUrl: UNKNOWN_VALUE,
        envs: [{ name: "A", value: UNKNOWN_VALUE }],
        triggerConfig: { type: "time", config: UNKNOWN_VALUE },
      },
    );
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.imageUrl).toBe(UNKNOWN_VALUE);
    const diff = await stack.host.diff(
      templateUrn,
      "app-1",
      { ...baseInputs, appId: "app-1" },
      checked.inputs,
    );
    expect(diff.changes).toBe("some");
    expect(diff.detailedDiff?.imageUrl).toEqual({ kind: "UPDATE", inputDiff: false });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe("a JobTemplate through Create, Diff, Update, Read and Delete", () => {
  it("keeps what is omitted, clears with an empty string, and replaces on create-only inputs", async () => {
    const created = await createTemplate(baseInputs);
    expect(created.id).toMatch(/\S/);
    expect(created.properties).toMatchObject({ appId: created.id, imageUrl: image, nasId: "nas-1" });
    expect(stack.sent("CreateJob")).toHaveLength(1);

    // An update that changes the image and drops the NAS mount.
    const { nasId: _n, mountHost: _m, mountDesc: _d, ...withoutNas } = baseInputs;
    const next = { ...withoutNas, imageUrl: `${image}-2` };
    const checked = await stack.host.check(templateUrn, created.checked, next);
    const diff = await stack.host.diff(templateUrn, created.id, created.properties, checked.inputs);
    expect(diff).toMatchObject({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(diff.detailedDiff).toEqual({
      imageUrl: { kind: "UPDATE", inputDiff: false },
      nasId: { kind: "DELETE", inputDiff: false },
      mountHost: { kind: "DELETE", inputDiff: false },
      mountDesc: { kind: "DELETE", inputDiff: false },
    });
    const updated = await stack.host.update(templateUrn, created.id, created.properties, checked.inputs);
    const [sent] = stack.sent("UpdateJob");
    // Omit to keep: nothing but what changed; "" to clear what was removed.
    expect(sent).toMatchObject({
      AppId: created.id,
      ImageUrl: `${image}-2`,
      NasId: "",
      MountHost: "",
      MountDesc: "",
    });
    expect(
      Object.keys(sent)
        .filter((key) => key !== "AppId")
        .sort(),
    ).toEqual(["ImageUrl", "MountDesc", "MountHost", "NasId"].sort());
    expect(updated.properties.nasId).toBeUndefined();

    // A create-only input replaces; the same name in the same namespace deletes first.
    const renamedCpu = await stack.host.check(templateUrn, checked.inputs, { ...next, cpu: 2000 });
    const cpuDiff = await stack.host.diff(templateUrn, created.id, updated.properties, renamedCpu.inputs);
    expect(cpuDiff).toMatchObject({ replaces: ["cpu"], deleteBeforeReplace: true });
    expect(cpuDiff.detailedDiff?.cpu.kind).toBe("UPDATE_REPLACE");
    const renamed = await stack.host.check(templateUrn, checked.inputs, {
      ...next,
      cpu: 2000,
      appName: "nightly-2",
    });
    const renameDiff = await stack.host.diff(templateUrn, created.id, updated.properties, renamed.inputs);
    expect(renameDiff.deleteBeforeReplace).toBe(false);
    expect(renameDiff.detailedDiff?.appName.kind).toBe("UPDATE_REPLACE");

    // Refresh (prior outputs) and import (the ID alone).
    const refreshed = await stack.host.read(templateUrn, created.id, updated.properties);
    expect(refreshed).toMatchObject({ id: created.id, properties: { imageUrl: `${image}-2` } });
    const imported = await stack.host.read(templateUrn, created.id, {});
    expect(imported.inputs).toMatchObject({ appName: "nightly-report", imageUrl: `${image}-2` });

    // Progress goes to the engine's log, tied to the resource; stdout carries the port alone.
    expect(stack.engine.lines).toContainEqual(
      expect.objectContaining({ urn: templateUrn, message: expect.stringContaining("CreateJob") }),
    );

    await stack.host.delete(templateUrn, created.id, updated.properties);
    expect(stack.sent("DeleteJob")).toEqual([expect.objectContaining({ AppId: created.id })]);
    expect((await stack.host.read(templateUrn, created.id, updated.properties)).id).toBe("");
  });

  it("reports a template created but not ready as ErrorResourceInitFailed carrying its ID", async () => {
    stack.emulator.faults.add({ action: "CreateJob", kind: "failChangeOrder" });
    const urn = urnOf(tokens.jobTemplate, "broken");
    const checked = await stack.host.check(urn, {}, { ...baseInputs, appName: "broken-job" });
    const error = await stack.host.create(urn, checked.inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const failure = error as ResourceInitFailedError;
    expect(failure.id).toMatch(/\S/);
    expect(failure.message).toContain(`AppId ${failure.id}`);
    expect(failure.properties).toMatchObject({ appId: failure.id, appName: "broken-job" });
    await stack.host.delete(urn, failure.id, failure.properties);
  });
});

describe("secrets", () => {
  it("come back secret, and never in clear in an answer, a log line or an error", async () => {
    const akSecret = "oss-secret-value-42";
    const envSecret = "db-password-value-7";
    const urn = urnOf(tokens.jobTemplate, "secretive");
    const inputs: PropertyMap = {
      ...baseInputs,
      appName: "secretive",
      ossAkId: "oss-id-value",
      ossAkSecret: secretValue(akSecret),
      envs: secretValue([{ name: "DB_PASSWORD", value: envSecret }]),
      ossMountDescs: [{ bucketName: "b", bucketPath: "/", mountPath: "/oss", readOnly: true }],
    };
    const { checked, id, properties } = await createTemplate(inputs, urn);
    for (const name of ["ossAkId", "ossAkSecret", "envs"]) {
      expect(isSecretValue(checked[name])).toBe(true);
      expect(isSecretValue(properties[name])).toBe(true);
    }
    const read = await stack.host.read(urn, id, properties);
    expect(isSecretValue(read.properties.ossAkSecret)).toBe(true);
    expect(isSecretValue(read.properties.envs)).toBe(true);
    // A bad value next to the secrets: the error names the input, never a secret.
    const bad = await stack.host.check(urn, checked, {
      ...inputs,
      ossAkSecret: secretValue(`${akSecret}\n`),
      replicas: "x",
    });
    expect(bad.failures.length).toBeGreaterThan(0);
    const answers = clearText([checked, properties, read, bad]);
    for (const secret of [akSecret, envSecret, stack.emulator.accessKeySecret]) {
      expect(answers).not.toContain(secret);
      expect(stack.output().join("\n")).not.toContain(secret);
    }
    // Rotated: sent in the request body, never in a URL; a template that then fails to become ready
    // is an error whose message, reasons and properties show no secret in clear.
    stack.emulator.faults.add({ action: "UpdateJob", kind: "failChangeOrder" });
    const rotated = await stack.host.check(urn, checked, {
      ...inputs,
      ossAkSecret: secretValue(`${akSecret}-2`),
    });
    const failure = await stack.host.update(urn, id, properties, rotated.inputs).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ResourceInitFailedError);
    const { message, reasons, properties: failedProperties } = failure as ResourceInitFailedError;
    expect(isSecretValue(failedProperties.ossAkSecret)).toBe(true);
    expect(stack.sent("UpdateJob").at(-1)).toMatchObject({ OssAkSecret: `${akSecret}-2` });
    const seen = clearText([message, reasons, failedProperties]) + stack.output().join("\n");
    for (const secret of [akSecret, envSecret]) {
      expect(seen).not.toContain(secret);
    }
    for (const request of stack.emulator.requests) {
      expect(JSON.stringify(request.query)).not.toContain(akSecret);
    }
    await stack.host.delete(urn, id, properties);
  });
});

describe("Invoke", () => {
  it("runs each lookup with the provider's own configuration", async () => {
    const { id, properties } = await createTemplate(
      { ...baseInputs, appName: "looked-up", ossAkId: "k", ossAkSecret: secretValue("lookup-secret") },
      urnOf(tokens.jobTemplate, "looked-up"),
    );
    const got = await stack.host.invoke(tokens.getJobTemplate, { appId: id });
    expect(got).toMatchObject({ appId: id, appName: "looked-up", imageUrl: image });
    expect(isSecretValue(got.ossAkSecret)).toBe(true);
    const byName = await stack.host.invoke(tokens.getJobTemplate, { appName: "looked-up" });
    expect(byName.appId).toBe(id);
    const listed = await stack.host.invoke(tokens.listJobTemplates, { appName: "looked-up" });
    expect(listed.result).toEqual([expect.objectContaining({ appId: id, appName: "looked-up" })]);
    const runs = await stack.host.invoke(tokens.listJobRuns, { appId: id });
    expect(runs.result).toEqual([]);
    const missing = await stack.host
      .invoke(tokens.getJobTemplate, { appId: "no-such-app" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HostError);
    expect((missing as Error).message).toContain("no job template with AppId no-such-app");
    await stack.host.delete(urnOf(tokens.jobTemplate, "looked-up"), id, properties);
  });
});
