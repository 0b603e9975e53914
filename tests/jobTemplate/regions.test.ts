/**
 * Several regions in one stack: `regionId` picks a template's region, `sae:endpoints` names each
 * region's endpoint, and state keeps the region, so refresh, update and destroy go to the right
 * one even after the stack's default region changes. Two emulators stand in for two regions.
 */
import type { Emulator } from "../../emulator";
import { Engine, ProviderHost } from "../../harness";
import { JobRun, JobTemplate, type JobTemplateArgs } from "../../provider";
import { startEmulator } from "../support/emulatorClient";
import { imageJob } from "../support/saeStack";

let hangzhou: Emulator;
let beijing: Emulator;
const hosts: ProviderHost[] = [];

beforeEach(async () => {
  hangzhou = await startEmulator({ regionId: "cn-hangzhou" });
  beijing = await startEmulator({ regionId: "cn-beijing" });
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  await hangzhou.stop();
  await beijing.stop();
});

/** An engine (a `pulumi up` in a process of its own) with the stack's default region `region`. */
async function engineFor(region: string, state?: Engine["state"], resolveOutputs = false): Promise<Engine> {
  const host = await ProviderHost.start();
  hosts.push(host);
  return new Engine({
    host,
    project: "sae-test",
    stack: "dev",
    config: {
      "sae:region": region,
      "sae:endpoints": JSON.stringify({ "cn-hangzhou": hangzhou.url, "cn-beijing": beijing.url }),
      "sae:accessKeyId": hangzhou.accessKeyId,
      "sae:accessKeySecret": hangzhou.accessKeySecret,
      "sae:changeOrderTimeout": "30",
    },
    state,
    resolveOutputs,
  });
}

function program(extra: Partial<JobTemplateArgs> = {}, awayRegion = "cn-beijing") {
  return () => {
    new JobTemplate("home", { ...imageJob, appName: "home", ...extra });
    new JobTemplate("away", { ...imageJob, appName: "away", regionId: awayRegion, ...extra });
  };
}

/** The AppIds each emulator was sent `action` for. */
function sentTo(emulator: Emulator, action: string): string[] {
  return emulator
    .requestsFor(action)
    .filter((r) => r.status === 200)
    .map((r) => r.params.AppId ?? r.params.AppName);
}

function clearRequests(): void {
  hangzhou.clearRequests();
  beijing.clearRequests();
}

it("creates, refreshes, updates and destroys each template through its own region's endpoint", async () => {
  const engine = await engineFor("cn-hangzhou");
  expect((await engine.up(program())).errors).toEqual([]);
  const home = engine.resource("home")!;
  const away = engine.resource("away")!;
  expect(sentTo(hangzhou, "CreateJob")).toEqual(["home"]);
  expect(sentTo(beijing, "CreateJob")).toEqual(["away"]);
  // State records each one's region, from DescribeJob.
  expect(home.outputs.regionId).toBe("cn-hangzhou");
  expect(away.outputs.regionId).toBe("cn-beijing");

  clearRequests();
  expect((await engine.refresh()).errors).toEqual([]);
  expect(sentTo(hangzhou, "DescribeJob")).toEqual([home.id]);
  expect(sentTo(beijing, "DescribeJob")).toEqual([away.id]);

  clearRequests();
  expect((await engine.up(program({ replicas: 2 }))).errors).toEqual([]);
  expect(sentTo(hangzhou, "UpdateJob")).toEqual([home.id]);
  expect(sentTo(beijing, "UpdateJob")).toEqual([away.id]);

  // Moving a template to another region replaces it.
  const moved = await engine.preview(program({ replicas: 2 }, "cn-hangzhou"));
  expect(moved.steps.map((s) => [s.name, s.op])).toEqual([
    ["home", "same"],
    ["away", "replace"],
  ]);

  clearRequests();
  expect((await engine.destroy()).errors).toEqual([]);
  expect(sentTo(hangzhou, "DeleteJob")).toEqual([home.id]);
  expect(sentTo(beijing, "DeleteJob")).toEqual([away.id]);
});

it("keeps a template where it was created when the stack's default region changes", async () => {
  const first = await engineFor("cn-hangzhou");
  expect((await first.up(program())).errors).toEqual([]);
  const home = first.resource("home")!;

  // The next run of the stack, with `pulumi config set sae:region cn-beijing`.
  const next = await engineFor("cn-beijing", first.state);
  clearRequests();
  expect((await next.refresh()).errors).toEqual([]);
  expect(sentTo(hangzhou, "DescribeJob")).toEqual([home.id]);
  expect(next.resource("home")!.outputs.regionId).toBe("cn-hangzhou");
  expect((await next.preview(program())).steps.map((s) => s.op)).toEqual(["same", "same"]);

  clearRequests();
  expect((await next.up(program({ replicas: 3 }))).errors).toEqual([]);
  expect(sentTo(hangzhou, "UpdateJob")).toEqual([home.id]);
  expect(sentTo(beijing, "CreateJob")).toEqual([]);

  clearRequests();
  expect((await next.destroy()).errors).toEqual([]);
  expect(sentTo(hangzhou, "DeleteJob")).toEqual([home.id]);
  expect(hangzhou.requestsFor("ListJobs")).toEqual([]);
});

it("runs a job in the template's region, and state keeps the run's region", async () => {
  const engine = await engineFor("cn-hangzhou", undefined, true);
  const runProgram = () => {
    const home = new JobTemplate("home", { ...imageJob, appName: "home" });
    const away = new JobTemplate("away", { ...imageJob, appName: "away", regionId: "cn-beijing" });
    new JobRun("home-run", { appId: home.appId });
    new JobRun("away-run", { appId: away.appId, regionId: "cn-beijing" });
  };
  expect((await engine.up(runProgram)).errors).toEqual([]);
  const homeRun = engine.resource("home-run")!;
  const awayRun = engine.resource("away-run")!;
  // The run without a regionId records the stack's region it ran in.
  expect(homeRun.outputs).toMatchObject({ regionId: "cn-hangzhou", state: "succeeded" });
  expect(awayRun.outputs).toMatchObject({ regionId: "cn-beijing", state: "succeeded" });
  expect(hangzhou.requestsFor("ExecJob").map((r) => r.params.AppId)).toEqual([homeRun.outputs.appId]);
  expect(beijing.requestsFor("ExecJob").map((r) => r.params.AppId)).toEqual([awayRun.outputs.appId]);

  // After `pulumi config set sae:region cn-beijing`, each run is still read where it ran.
  const next = await engineFor("cn-beijing", engine.state, true);
  clearRequests();
  expect((await next.refresh()).errors).toEqual([]);
  expect(hangzhou.requestsFor("DescribeJobStatus").map((r) => r.params.JobId)).toEqual([homeRun.id]);
  expect(beijing.requestsFor("DescribeJobStatus").map((r) => r.params.JobId)).toEqual([awayRun.id]);
  clearRequests();
  const again = await next.up(runProgram);
  expect(again.steps.map((s) => s.op)).toEqual(["same", "same", "same", "same"]);
  expect([...hangzhou.requests, ...beijing.requests]).toEqual([]);
});

it("refuses a regionId that is not a region ID, before any call", async () => {
  const engine = await engineFor("cn-hangzhou");
  const result = await engine.preview(() => {
    new JobTemplate("bad", { ...imageJob, regionId: "Beijing 1" });
  });
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toMatch(/regionId: must be a region ID such as cn-hangzhou/);
  expect([...hangzhou.requests, ...beijing.requests]).toEqual([]);
});

it("names the setting when sae:endpoints is not a JSON object of region endpoints", async () => {
  const host = await ProviderHost.start();
  hosts.push(host);
  const engine = new Engine({
    host,
    config: {
      "sae:region": "cn-hangzhou",
      "sae:endpoints": '["http://127.0.0.1:1"]',
      "sae:accessKeyId": hangzhou.accessKeyId,
      "sae:accessKeySecret": hangzhou.accessKeySecret,
    },
  });
  const result = await engine.up(() => {
    new JobTemplate("job", imageJob);
  });
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toMatch(/stack config sae:endpoints is not a JSON object from region ID/);
});
