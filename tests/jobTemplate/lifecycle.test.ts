/**
 * The JobTemplate lifecycle as `pulumi preview / up / destroy` drive it, through Pulumi's own
 * dynamic-provider host, against the emulator.
 */
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack.dispose();
});

it("previews without calling SAE, creates, leaves an unchanged program alone, updates in place, and destroys", async () => {
  const { engine, emulator } = stack;
  const preview = await engine.preview(template(imageJob));
  expect(preview.ok).toBe(true);
  expect(preview.steps.map((s) => s.op)).toEqual(["create"]);
  expect(emulator.requests).toHaveLength(0);

  const created = await engine.up(template(imageJob));
  expect(created.errors).toEqual([]);
  const [state] = engine.state;
  expect(state.id).toMatch(/.+/);
  expect(state.outputs).toMatchObject({
    appId: state.id,
    appName: "nightly-report",
    regionId: emulator.regionId,
    replicas: 1,
    // Documented defaults and namespace-bound values SAE fills in.
    timezone: "Asia/Shanghai",
    terminationGracePeriodSeconds: 30,
    vpcId: expect.any(String),
    vSwitchId: expect.any(String),
  });
  expect(stack.sent("CreateJob")).toEqual([
    {
      AppName: "nightly-report",
      PackageType: "Image",
      ImageUrl: "registry.example/acme/report:1",
      Replicas: "1",
      Workload: "job",
    },
  ]);
  // Progress lines reach the user while the change order runs.
  const createLogs = created.steps[0].logs.join("\n");
  expect(createLogs).toMatch(/CreateJob/);
  expect(createLogs).toMatch(/change order \S+: succeeded \(Status 2\)/);

  const again = await engine.up(template(imageJob));
  expect(again.steps.map((s) => s.op)).toEqual(["same"]);
  expect(stack.sent("UpdateJob")).toHaveLength(0);

  const updated = await engine.up(
    template({ ...imageJob, imageUrl: "registry.example/acme/report:2", replicas: 3 }),
  );
  expect(updated.steps.map((s) => s.op)).toEqual(["update"]);
  expect(stack.sent("UpdateJob")).toEqual([
    { AppId: state.id, ImageUrl: "registry.example/acme/report:2", Replicas: "3" },
  ]);
  expect(engine.state[0].outputs).toMatchObject({ imageUrl: "registry.example/acme/report:2", replicas: 3 });

  const destroyed = await engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(engine.state).toEqual([]);
  await expect(stack.client.describeJob({ AppId: state.id })).rejects.toMatchObject({
    code: "InvalidAppId.NotFound",
  });
});

it("suspends and resumes through SuspendJob, not UpdateJob", async () => {
  const { engine } = stack;
  await engine.up(template({ ...imageJob, suspend: true }));
  const id = engine.state[0].id;
  expect(stack.sent("SuspendJob")).toEqual([{ AppId: id, Suspend: "true" }]);
  expect((await stack.client.describeJob({ AppId: id })).Data.Suspend).toBe(true);

  const resumed = await engine.up(template(imageJob));
  expect(resumed.steps.map((s) => s.op)).toEqual(["update"]);
  expect(stack.sent("SuspendJob")[1]).toEqual({ AppId: id, Suspend: "false" });
  expect(stack.sent("UpdateJob")).toHaveLength(0);
  expect(engine.state[0].outputs.suspend).toBe(false);
});

it("applies php, which CreateJob does not take, with an UpdateJob right after creation", async () => {
  const { engine } = stack;
  await engine.up(template({ ...imageJob, packageType: "PhpZip", imageUrl: undefined, php: "PHP-7.3" }));
  expect(stack.sent("CreateJob")[0]).not.toHaveProperty("Php");
  expect(stack.sent("UpdateJob")).toEqual([{ AppId: engine.state[0].id, Php: "PHP-7.3" }]);
  expect(engine.state[0].outputs.php).toBe("PHP-7.3");
  const again = await engine.up(
    template({ ...imageJob, packageType: "PhpZip", imageUrl: undefined, php: "PHP-7.3" }),
  );
  expect(again.steps.map((s) => s.op)).toEqual(["same"]);
});
