// With dataDir, state survives a restart: templates, change orders (still progressing) and runs.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { start } from "../../emulator";
import { call, imageJob, makeClient, sleep } from "./signedClient";

let dataDir: string;
beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sae-emulator-test-"))));
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test("a restart loses no template, change order or run, and in-flight change orders still finish", async () => {
  const first = await start({ dataDir, changeOrderDurationMs: 50, jobRunDurationMs: 5000 });
  const c1 = makeClient(first);
  const created = await call(
    c1,
    "CreateJob",
    imageJob({ AppName: "durable", Envs: '[{"name":"K","value":"V"}]' }),
  );
  const appId = created.Data.AppId as string;
  await sleep(70);
  const jobId = (await call(c1, "ExecJob", { AppId: appId, EventId: "e1" })).Data.Data as string;
  await call(c1, "SuspendJob", { AppId: appId, Suspend: "true" });
  await first.stop();

  // After a restart, open a change order that will still be running at the next restart.
  const second = await start({ dataDir, changeOrderDurationMs: 400, jobRunDurationMs: 5000 });
  const c2 = makeClient(second);
  const update = await call(c2, "UpdateJob", { AppId: appId, Replicas: "3" });
  await second.stop();

  const third = await start({ dataDir });
  try {
    const c3 = makeClient(third);
    const d = (await call(c3, "DescribeJob", { AppId: appId })).Data;
    expect(d).toMatchObject({
      AppName: "durable",
      Replicas: 3,
      Suspend: true,
      Envs: '[{"name":"K","value":"V"}]',
    });
    expect(
      (await call(c3, "DescribeChangeOrder", { ChangeOrderId: created.Data.ChangeOrderId })).Data.Status,
    ).toBe(2);
    const inFlight = (await call(c3, "DescribeChangeOrder", { ChangeOrderId: update.Data.ChangeOrderId }))
      .Data;
    expect([0, 1]).toContain(inFlight.Status); // its own duration (400 ms) was stored with it
    await sleep(420);
    expect(
      (await call(c3, "DescribeChangeOrder", { ChangeOrderId: update.Data.ChangeOrderId })).Data.Status,
    ).toBe(2);
    const run = (await call(c3, "DescribeJobStatus", { AppId: appId, JobId: jobId })).Data;
    expect(run.State).toBe("3");
    // EventId idempotency also survives (after un-suspending).
    await call(c3, "SuspendJob", { AppId: appId, Suspend: "false" });
    expect((await call(c3, "ExecJob", { AppId: appId, EventId: "e1" })).Data.Data).toBe(jobId);
  } finally {
    await third.stop();
  }
  // Written atomically: one state file, no temporary files left behind.
  expect(fs.readdirSync(dataDir)).toEqual(["sae-emulator-state.json"]);
});

test("without dataDir nothing is written and a new emulator starts empty", async () => {
  const a = await start();
  await call(makeClient(a), "CreateJob", imageJob({ AppName: "ephemeral" }));
  await a.stop();
  const b = await start();
  try {
    expect((await call(makeClient(b), "ListJobs", {})).Data.TotalSize).toBe(0);
  } finally {
    await b.stop();
  }
});

test("a state file that is not the emulator's makes start() fail clearly", async () => {
  fs.writeFileSync(path.join(dataDir, "sae-emulator-state.json"), '{"something":"else"}');
  await expect(start({ dataDir })).rejects.toThrow(/not an SAE job emulator state file/);
});
