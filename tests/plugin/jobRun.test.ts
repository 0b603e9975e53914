/**
 * A JobRun through the plugin: it runs the template and waits; a failed run fails the deploy as a
 * partial failure carrying the job's ID, and after a fix the next up replaces it with a re-run.
 */
import { ResourceInitFailedError, UNKNOWN_VALUE } from "../../harness";
import { startPluginStack, type PluginStack, tokens, urnOf } from "./support";

let stack: PluginStack;
let appId: string;
const runUrn = urnOf(tokens.jobRun, "migrate");

beforeAll(async () => {
  stack = await startPluginStack();
  const urn = urnOf(tokens.jobTemplate, "migrations");
  const inputs = {
    appName: "migrations",
    packageType: "Image",
    imageUrl: "registry.example/acme/m:1",
    replicas: 1,
  };
  const checked = await stack.host.check(urn, {}, inputs);
  appId = (await stack.host.create(urn, checked.inputs)).id;
});

afterAll(async () => {
  await stack?.stop();
});

it("checks a run whose template is not known yet without a call", async () => {
  stack.emulator.clearRequests();
  const checked = await stack.host.check(
    runUrn,
    {},
    { appId: UNKNOWN_VALUE, commandArgs: ["--all", UNKNOWN_VALUE] },
  );
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.appId).toBe(UNKNOWN_VALUE);
  expect(stack.emulator.requests).toEqual([]);
});

it("runs, fails the deploy on a failed run with the job's ID, and runs again as a replacement", async () => {
  stack.emulator.faults.add({ action: "ExecJob", kind: "failJobRun", message: "exit code 3" });
  const first = await stack.host.check(runUrn, {}, { appId, commandArgs: ["--all"] });
  expect(first.failures).toEqual([]);
  expect(first.inputs.eventId).toMatch(/^pulumi-/);
  const error = await stack.host.create(runUrn, first.inputs).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResourceInitFailedError);
  const failed = error as ResourceInitFailedError;
  const [run] = stack.emulator.listRuns(appId);
  expect(failed.id).toBe(run.jobId);
  expect(failed.reasons).toEqual(["exit code 3"]);
  expect(failed.properties).toMatchObject({ jobId: run.jobId, state: "failed", appId });

  // The next up: the same inputs replace the failed run, shown on its eventId.
  const again = await stack.host.check(runUrn, first.inputs, { appId, commandArgs: ["--all"] });
  const diff = await stack.host.diff(runUrn, failed.id, failed.properties, again.inputs);
  expect(diff).toMatchObject({ changes: "some", replaces: ["eventId"], deleteBeforeReplace: false });
  expect(diff.detailedDiff).toEqual({ eventId: { kind: "UPDATE_REPLACE", inputDiff: false } });
  // The engine checks the replacement again with no old inputs.
  const replacement = await stack.host.check(runUrn, {}, { appId, commandArgs: ["--all"] });
  expect(replacement.inputs.eventId).not.toBe(first.inputs.eventId);
  const rerun = await stack.host.create(runUrn, replacement.inputs);
  expect(rerun.properties).toMatchObject({ state: "succeeded", appId });
  expect(rerun.id).not.toBe(failed.id);
  const sent = stack.sent("ExecJob");
  expect(sent).toHaveLength(2);
  expect(sent[1].EventId).toBe(replacement.inputs.eventId);
  // Unchanged afterwards: no diff, so a preview runs nothing.
  const settled = await stack.host.diff(runUrn, rerun.id, rerun.properties, replacement.inputs);
  expect(settled.changes).toBe("none");
});
