/**
 * Tags: applied with TagResources and UntagResources after the template exists, read back from
 * DescribeJob (a console-added tag is drift, SAE's own `acs:` tags are not), checked before any
 * call, and merged under the stack's `sae:defaultTags`.
 */
import { Engine, ProviderHost } from "../../harness";
import type { JobTemplateArgs } from "../../provider";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
afterEach(async () => {
  await stack?.dispose();
});

async function start(config: Record<string, string> = {}): Promise<SaeStack> {
  stack = await startSaeStack({ config });
  return stack;
}

const tags = { owner: "data", costCentre: "cc-42" };
const tagged: JobTemplateArgs = { ...imageJob, tags };

/** The one recorded call of `action` that succeeded, with where its parameters went. */
function onlyCall(action: string) {
  const calls = stack.emulator.requestsFor(action).filter((r) => r.status === 200);
  expect(calls).toHaveLength(1);
  return calls[0];
}

it("creates a tagged template with one TagResources, in the form body, and reports the tags", async () => {
  const { engine, emulator } = await start();
  const result = await engine.up(template(tagged));
  expect(result.errors).toEqual([]);
  const [entry] = engine.state;
  const call = onlyCall("TagResources");
  expect(call.method).toBe("POST");
  expect(call.query).not.toHaveProperty("Tags");
  expect(call.body).toEqual({
    RegionId: emulator.regionId,
    ResourceIds: JSON.stringify([entry.id]),
    ResourceType: "application",
    Tags: JSON.stringify([
      { key: "costCentre", value: "cc-42" },
      { key: "owner", value: "data" },
    ]),
  });
  expect(emulator.tagsOf(entry.id)).toEqual(tags);
  expect(entry.outputs).toMatchObject({ tags: tags, tagsAll: tags });
  // CreateJob takes no tags.
  expect(Object.keys(stack.sent("CreateJob")[0])).not.toContain("Tags");
  expect((await engine.preview(template(tagged))).steps.map((s) => s.op)).toEqual(["same"]);
});

it("tags before the read-back when the region is known, so one DescribeJob reports the tags", async () => {
  const { engine, emulator } = await start({ "sae:region": "cn-hangzhou" });
  expect((await engine.up(template(tagged))).errors).toEqual([]);
  const order = emulator.requests.map((r) => r.action).filter((a) => a !== "DescribeChangeOrder");
  expect(order).toEqual(["CreateJob", "TagResources", "DescribeJob"]);
  expect(onlyCall("TagResources").body.RegionId).toBe("cn-hangzhou");
  expect(engine.state[0].outputs).toMatchObject({ tagsAll: tags, regionId: "cn-hangzhou" });
});

it("changes only tags without UpdateJob: one TagResources and one UntagResources", async () => {
  const { engine, emulator } = await start();
  expect((await engine.up(template(tagged))).errors).toEqual([]);
  const appId = engine.state[0].id;
  emulator.clearRequests();
  const result = await engine.up(template({ ...imageJob, tags: { owner: "platform", env: "prod" } }));
  expect(result.errors).toEqual([]);
  expect(result.steps.map((s) => s.op)).toEqual(["update"]);
  expect(emulator.requestsFor("UpdateJob")).toEqual([]);
  expect(onlyCall("TagResources").body.Tags).toBe(
    JSON.stringify([
      { key: "env", value: "prod" },
      { key: "owner", value: "platform" },
    ]),
  );
  const untag = onlyCall("UntagResources");
  expect(untag.method).toBe("DELETE");
  expect(untag.query).toMatchObject({ TagKeys: JSON.stringify(["costCentre"]), ResourceType: "application" });
  expect(emulator.tagsOf(appId)).toEqual({ owner: "platform", env: "prod" });
  expect(result.steps[0].logs.join("\n")).toMatch(/TagResources \(env, owner\)/);
});

it("removes every tag with one UntagResources when the program sets none", async () => {
  const { engine, emulator } = await start();
  expect((await engine.up(template(tagged))).errors).toEqual([]);
  const appId = engine.state[0].id;
  emulator.clearRequests();
  expect((await engine.up(template(imageJob))).errors).toEqual([]);
  expect(emulator.requestsFor("TagResources")).toEqual([]);
  expect(onlyCall("UntagResources").query).toMatchObject({ DeleteAll: "true" });
  expect(emulator.tagsOf(appId)).toEqual({});
  expect(engine.state[0].outputs).not.toHaveProperty("tagsAll");
});

it("shows a tag added in the console on refresh, and removes it on the next up; SAE's own tags are left alone", async () => {
  const { engine, emulator } = await start();
  expect((await engine.up(template(tagged))).errors).toEqual([]);
  const appId = engine.state[0].id;
  emulator.setTags(appId, { "acs:rm:rgId": "rg-1", addedInConsole: "yes" });
  expect((await engine.refresh()).errors).toEqual([]);
  expect(engine.state[0].outputs.tagsAll).toEqual({ ...tags, addedInConsole: "yes" });
  expect((await engine.preview(template(tagged))).steps.map((s) => s.op)).toEqual(["update"]);
  emulator.clearRequests();
  expect((await engine.up(template(tagged))).errors).toEqual([]);
  expect(onlyCall("UntagResources").query.TagKeys).toBe(JSON.stringify(["addedInConsole"]));
  expect(emulator.tagsOf(appId)).toEqual({ ...tags, "acs:rm:rgId": "rg-1" });
  // SAE's own tag is never a change.
  expect((await engine.refresh()).errors).toEqual([]);
  expect(engine.state[0].outputs.tagsAll).toEqual(tags);
  expect((await engine.preview(template(tagged))).steps.map((s) => s.op)).toEqual(["same"]);
});

it("refuses bad tags at check, every rule named, before any call", async () => {
  const { engine, emulator } = await start();
  const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
  const result = await engine.preview(
    template({
      ...imageJob,
      tags: { "aliyun-team": "x", "see http://x": "y", ok: "v".repeat(129), ...many },
    }),
  );
  expect(result.ok).toBe(false);
  const errors = result.errors.join("\n");
  expect(errors).toMatch(/tags\["aliyun-team"\]: the key must not start with "aliyun" or "acs:"/);
  expect(errors).toMatch(/tags\["see http:\/\/x"\]: the key must not contain "http:\/\/" or "https:\/\/"/);
  expect(errors).toMatch(/tags\["ok"\]: the value must be at most 128 characters \(got 129\)/);
  expect(errors).toMatch(/tags: must have at most 20 entries \(got 23\)/);
  expect(emulator.requests).toEqual([]);
});

it("keeps the ID when tagging fails after the create, and tags it on the next up", async () => {
  const { engine, emulator } = await start();
  emulator.faults.add({
    action: "TagResources",
    kind: "error",
    status: 400,
    code: "InvalidParameter",
    message: "The tag service refused it.",
  });
  const failed = await engine.up(template(tagged));
  expect(failed.ok).toBe(false);
  const [entry] = engine.state;
  expect(entry.id).toMatch(/.+/);
  expect(failed.errors.join("\n")).toMatch(
    /was created \(AppId \S+\) but is not ready: SAE TagResources failed/,
  );
  expect(emulator.tagsOf(entry.id)).toEqual({});

  const retried = await engine.up(template(tagged));
  expect(retried.errors).toEqual([]);
  expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
  expect(engine.state[0]).toMatchObject({ id: entry.id, outputs: { tagsAll: tags } });
  expect(emulator.tagsOf(entry.id)).toEqual(tags);
});

it("merges sae:defaultTags under each template's tags, and a changed default updates every template", async () => {
  const { engine, emulator, config } = await start({
    "sae:defaultTags": '{"env":"prod","owner":"platform"}',
  });
  const program = () => {
    template({ ...imageJob, appName: "one", tags: { owner: "data" } }, "one")();
    template({ ...imageJob, appName: "two" }, "two")();
  };
  expect((await engine.up(program)).errors).toEqual([]);
  const [one, two] = engine.state;
  expect(emulator.tagsOf(one.id)).toEqual({ env: "prod", owner: "data" });
  expect(emulator.tagsOf(two.id)).toEqual({ env: "prod", owner: "platform" });
  expect(one.outputs).toMatchObject({ tags: { owner: "data" }, tagsAll: { env: "prod", owner: "data" } });

  // The next `pulumi up`, in a new process, with the default changed.
  const host = await ProviderHost.start();
  try {
    const next = new Engine({
      host,
      project: "sae-test",
      stack: "dev",
      config: { ...config, "sae:defaultTags": '{"env":"staging","owner":"platform"}' },
      state: engine.state,
    });
    emulator.clearRequests();
    const result = await next.up(program);
    expect(result.errors).toEqual([]);
    expect(result.steps.map((s) => s.op)).toEqual(["update", "update"]);
    expect(emulator.requestsFor("UpdateJob")).toEqual([]);
    expect(emulator.tagsOf(one.id)).toEqual({ env: "staging", owner: "data" });
    expect(emulator.tagsOf(two.id)).toEqual({ env: "staging", owner: "platform" });
  } finally {
    await host.stop();
  }
});

it("refuses sae:defaultTags that is not a JSON object of valid tags, naming the setting", async () => {
  const { engine, emulator } = await start({ "sae:defaultTags": '{"acs:x":"1"' });
  const result = await engine.preview(template(imageJob));
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toMatch(/stack config sae:defaultTags is not valid JSON/);
  expect(emulator.requests).toEqual([]);
});
