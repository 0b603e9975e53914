/**
 * Never an orphan: when CreateJob's answer is lost after SAE acted on it, the template is found
 * by name (waiting out ListJobs' lag) and adopted, and a resent CreateJob answered "the name
 * exists" is looked up again; a same-named template that is not the one asked for is not adopted.
 */
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
beforeEach(async () => {
  stack = await startSaeStack();
});
afterEach(async () => {
  await stack?.dispose();
});

/** Every template of that name the emulator holds. */
async function templatesNamed(name: string) {
  const listed = await stack.client.listJobs({ AppName: name, PageSize: 100 });
  return listed.Data.Applications.filter((app) => app.AppName === name);
}

/** A listing lag no test outlives: ListJobs shows new templates only once a test sets it back. */
const FOREVER = 600_000;

it("adopts the template when the answer is lost and ListJobs shows it only a little later", async () => {
  const { engine, emulator } = stack;
  emulator.setListLag(FOREVER);
  emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
  const deployed = engine.up(template(imageJob));
  // The listing catches up once the lookup has missed the template once: its next look finds it.
  await emulator.whenAnswered("ListJobs");
  emulator.setListLag(0);
  const result = await deployed;
  expect(result.errors).toEqual([]);
  emulator.setListLag(0);
  const [only, ...others] = await templatesNamed(imageJob.appName);
  expect(others).toEqual([]);
  expect(engine.state[0]).toMatchObject({ id: only.AppId, outputs: { imageUrl: imageJob.imageUrl } });
  expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
  // It looked more than once: the first listings did not show the template yet.
  expect(emulator.requestsFor("ListJobs").length).toBeGreaterThan(1);
  expect(result.steps[0].logs.join("\n")).toMatch(/SAE did create it \(AppId \S+\); adopting it/);
});

it("adopts the template when the gateway answers 503 although SAE created it", async () => {
  const { engine, emulator } = stack;
  emulator.faults.add({ action: "CreateJob", kind: "serviceUnavailable", afterProcessing: true });
  const result = await engine.up(template(imageJob));
  expect(result.errors).toEqual([]);
  const [only, ...others] = await templatesNamed(imageJob.appName);
  expect(others).toEqual([]);
  expect(engine.state[0].id).toBe(only.AppId);
  expect(emulator.requestsFor("CreateJob").map((r) => r.status)).toEqual([503]);
});

it("adopts it when a resent CreateJob answers that the name exists, though ListJobs still lags", async () => {
  const { engine, emulator } = stack;
  // Longer than the lookup waits before it sends CreateJob again: the listing catches up only
  // once the resent CreateJob has been answered that the name exists.
  emulator.setListLag(FOREVER);
  emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
  const deployed = engine.up(template(imageJob));
  await emulator.whenAnswered("CreateJob", (r) => r.code === "InvalidAppName.AlreadyExists");
  emulator.setListLag(0);
  const result = await deployed;
  expect(result.errors).toEqual([]);
  emulator.setListLag(0);
  const [only, ...others] = await templatesNamed(imageJob.appName);
  expect(others).toEqual([]);
  expect(engine.state[0].id).toBe(only.AppId);
  expect(emulator.requestsFor("CreateJob").map((r) => r.code ?? r.status)).toEqual([
    0,
    "InvalidAppName.AlreadyExists",
  ]);
  const logs = result.steps[0].logs.join("\n");
  expect(logs).toMatch(/not created; sending CreateJob again/);
  expect(logs).toMatch(/answered that the name exists: the first one did create it; looking it up again/);
  expect(logs).toMatch(/adopting it/);
});

it("does not adopt a same-named template that is not the one asked for, and records nothing", async () => {
  const { engine, emulator, client } = stack;
  const theirs = await client.createJob({
    AppName: imageJob.appName,
    PackageType: "Image",
    ImageUrl: "registry.example/someone-else/job:7",
    Replicas: 1,
  });
  // Our CreateJob is lost before SAE sees it; the lookup then finds theirs.
  emulator.faults.add({ action: "CreateJob", kind: "drop" });
  const result = await engine.up(template(imageJob));
  expect(result.ok).toBe(false);
  expect(engine.state).toEqual([]);
  const errors = result.errors.join("\n");
  expect(errors).toContain(
    `the template of that name (AppId ${theirs.Data.AppId}) is not the one asked for: its ImageUrl differs.`,
  );
  // Names, never values.
  expect(errors).not.toContain("someone-else");
  expect(errors).not.toContain(imageJob.imageUrl);
  const [only, ...others] = await templatesNamed(imageJob.appName);
  expect(others).toEqual([]);
  expect(only.AppId).toBe(theirs.Data.AppId);
});
