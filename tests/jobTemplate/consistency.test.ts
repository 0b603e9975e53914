/**
 * Eventual consistency: just after SAE confirms a create, DescribeJob may not find the new
 * template yet. A 404 within the grace period is retried; one that persists past it fails as a
 * partial failure that keeps the ID.
 */
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
beforeEach(async () => {
  // A grace of 2 s (10 s for real SAE): the retries within it outlast a loaded machine's slowest
  // answers, and waiting one out still costs little.
  stack = await startSaeStack({ timeScale: 0.2 });
});
afterEach(async () => {
  await stack?.dispose();
});

const notFound = {
  action: "DescribeJob",
  kind: "error",
  status: 404,
  code: "InvalidAppId.NotFound",
} as const;

it("retries DescribeJob's 404 right after a create, and creates the template with its outputs", async () => {
  const { engine, emulator } = stack;
  emulator.faults.add({ ...notFound, times: 2 });
  const result = await engine.up(template(imageJob));
  expect(result.errors).toEqual([]);
  const [entry] = engine.state;
  expect(entry.initErrors ?? []).toEqual([]);
  expect(entry.outputs).toMatchObject({ ...imageJob, appId: entry.id });
  expect(emulator.requestsFor("DescribeJob").map((r) => r.status)).toEqual([404, 404, 200]);
  expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
  expect(result.steps[0].logs.join("\n")).toMatch(/DescribeJob does not find AppId \S+ yet.*retrying/);
});

it("fails as a partial failure that keeps the ID when the 404 persists past the grace", async () => {
  const { engine, emulator } = stack;
  emulator.faults.add({ ...notFound, times: Infinity });
  const result = await engine.up(template(imageJob));
  expect(result.ok).toBe(false);
  const [entry] = engine.state;
  expect(entry.id).toMatch(/.+/);
  expect(entry.outputs).toMatchObject({ appName: imageJob.appName, appId: entry.id });
  expect(result.errors.join("\n")).toMatch(
    new RegExp(
      `job template "nightly-report" was created \\(AppId ${entry.id}\\) but is not ready: ` +
        "DescribeJob still does not find it [\\d.]+s after SAE confirmed the create",
    ),
  );
  expect(entry.initErrors?.join("\n")).toMatch(/InvalidAppId\.NotFound/);
  expect(emulator.requestsFor("CreateJob")).toHaveLength(1);

  // Once SAE's reads catch up, the next up finishes the same template.
  emulator.faults.clear();
  const retried = await engine.up(template(imageJob));
  expect(retried.errors).toEqual([]);
  expect(engine.state[0]).toMatchObject({ id: entry.id });
  expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
});

it("retries the follow-up UpdateJob and SuspendJob that SAE does not know the new template for yet", async () => {
  const { engine, emulator } = stack;
  emulator.faults.add({
    action: "UpdateJob",
    kind: "error",
    status: 400,
    code: "InvalidApplication.NotFound",
    message: "The current application does not exist.",
  });
  emulator.faults.add({ ...notFound, action: "SuspendJob" });
  const result = await engine.up(template({ ...imageJob, php: "8.2", suspend: true }));
  expect(result.errors).toEqual([]);
  const [entry] = engine.state;
  expect(entry.initErrors ?? []).toEqual([]);
  expect(emulator.requestsFor("UpdateJob").map((r) => r.code ?? r.status)).toEqual([
    "InvalidApplication.NotFound",
    200,
  ]);
  expect(emulator.requestsFor("SuspendJob").map((r) => r.code ?? r.status)).toEqual([
    "InvalidAppId.NotFound",
    200,
  ]);
  expect(stack.sent("UpdateJob")).toEqual([{ AppId: entry.id, Php: "8.2" }]);
  const logs = result.steps[0].logs.join("\n");
  expect(logs).toMatch(/UpdateJob does not find AppId \S+ yet.*retrying/);
  expect(logs).toMatch(/SuspendJob does not find AppId \S+ yet.*retrying/);
  expect(entry.outputs).toMatchObject({ suspend: true });
});
