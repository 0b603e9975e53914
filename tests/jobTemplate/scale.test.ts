/**
 * At scale, as `pulumi up` and `pulumi destroy` drive independent resources: every step at once
 * through one host, against an emulator that throttles as SAE's gateway does; and a template kept
 * busy by a change order started outside Pulumi.
 */
import type { RecordedRequest } from "../../emulator";
import { checkedResources } from "../../harness";
import { JobTemplate } from "../../provider";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";
import { tally } from "../support/tally";

let stack: SaeStack;
afterEach(async () => {
  await stack?.dispose();
});

const count = 100;
// A burst of 20 that 100 templates started at once always exceed, refilled fast enough that the
// test does not spend its time waiting: what it proves holds at any rate below the demand.
const rateLimit = { requestsPerSecond: 100, burst: 20 };
// Long enough that no retry budget ends while 100 templates share the limit.
const config = { "sae:changeOrderTimeout": "300" };

/** The messages of the calls that failed, so a failure shows why. */
function failures(outcomes: PromiseSettledResult<unknown>[]): string[] {
  return outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
}

function fulfilled<T>(outcomes: PromiseSettledResult<T>[]): T[] {
  return outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
}

/** Refused by the emulator's rate limit (not by an injected fault). */
function byRateLimit(request: RecordedRequest): boolean {
  return request.fault?.split(",").includes("rateLimit") ?? false;
}

/** `sae: job template "<name>": <Action> was refused with <code> …`, the provider's retry line. */
const retryLine = /^sae: job template "([^"]+)": (\w+) was refused with (Throttling[\w.]*) /;

describe(`100 templates against an emulator that allows bursts of ${rateLimit.burst} requests, ${rateLimit.requestsPerSecond} a second`, () => {
  it("creates all at once and deletes all at once, retrying throttled requests and saying so once per call", async () => {
    stack = await startSaeStack({ emulator: { rateLimit }, config });
    const { host, emulator, client } = stack;
    const names = Array.from({ length: count }, (_, i) => `scale-${String(i).padStart(3, "0")}`);
    // The engine configures the provider once, then checks every resource before any step.
    await host.configure(stack.config);
    const resources = await checkedResources(
      host,
      () => names.forEach((name) => new JobTemplate(name, { ...imageJob, appName: name })),
      { project: "sae-test", stack: "dev", config: stack.config },
    );
    expect(resources).toHaveLength(count);
    const listAll = async () => (await client.listJobs({ PageSize: 2 * count })).Data.Applications;

    const firstLine = host.output.length;
    const creates = await Promise.allSettled(resources.map((r) => host.create(r.urn, r.inputs)));
    expect(failures(creates)).toEqual([]);
    const created = fulfilled(creates);
    const ids = created.map((c) => c.id);
    expect(ids.every((id) => id !== "")).toBe(true);
    const createRequests = emulator.requests;

    // Exactly the 100 templates: none lost, none twice, none left behind unrecorded.
    const listed = await listAll();
    expect(listed.map((t) => t.AppName).sort()).toEqual(names);
    expect(listed.map((t) => t.AppId).sort()).toEqual([...new Set(ids)].sort());
    expect(createRequests.filter((r) => r.action === "CreateJob" && r.status === 200)).toHaveLength(count);

    emulator.clearRequests();
    const deletes = await Promise.allSettled(
      resources.map((r, i) => host.delete(r.urn, ids[i], created[i].properties, r.inputs)),
    );
    expect(failures(deletes)).toEqual([]);
    const deleteRequests = emulator.requests;
    expect(await listAll()).toEqual([]);

    // What the provider sent: the test's own ListJobs aside.
    const sent = [...createRequests, ...deleteRequests].filter((r) => r.action !== "ListJobs");
    // The limit did bite, or this test proves nothing. The creates start 100 at once, before the
    // provider has seen any throttling, so they always meet it.
    expect(createRequests.filter((r) => r.action !== "ListJobs" && byRateLimit(r)).length).toBeGreaterThan(0);

    const lines = host.output.slice(firstLine);
    expect(lines.join("\n")).toMatch(
      /was refused with Throttling\.User \(the account's request rate limit\); retrying for up to \d+s/,
    );

    // Said once per call, however often the call was refused. Requests are told apart by the
    // template they are for; each call ends in one answer that is not a throttling.
    const nameOf = new Map(ids.map((id, i) => [id, names[i]]));
    for (const line of lines) {
      const order = /^sae: job template "([^"]+)": change order (\S+):/.exec(line);
      if (order) {
        nameOf.set(order[2], order[1]);
      }
    }
    const callKey = (r: RecordedRequest) =>
      `${r.params.AppName ?? nameOf.get(r.params.AppId ?? r.params.ChangeOrderId ?? "")} ${r.action}`;
    const throttled = tally(sent.filter(byRateLimit), callKey);
    const answered = sent.filter((r) => r.status !== 0 && !byRateLimit(r));
    const calls = tally(answered, callKey);
    const said = tally(lines, (line) => {
      const match = retryLine.exec(line);
      return match ? `${match[1]} ${match[2]}` : undefined;
    });
    expect([...said].filter(([key, times]) => times > (calls.get(key) ?? 0))).toEqual([]);
    // CreateJob and DeleteJob are one call per template: said exactly for those refused.
    const oneCall = (key: string) => / (CreateJob|DeleteJob)$/.test(key);
    expect([...said.keys()].filter(oneCall).sort()).toEqual([...throttled.keys()].filter(oneCall).sort());
  }, 180_000);
});

it("rides out a change order started outside Pulumi, saying once why it waits", async () => {
  stack = await startSaeStack({ config });
  const { engine, emulator, client } = stack;
  const first = await engine.up(template(imageJob));
  expect(first.errors).toEqual([]);
  const appId = engine.state[0].id;

  // Someone else's UpdateJob: its change order keeps the template busy until it ends, which it
  // does once the provider's UpdateJob has been refused three times.
  emulator.faults.add({ action: "UpdateJob", kind: "changeOrderDuration", durationMs: Infinity });
  const theirs = await client.updateJob({ AppId: appId, Replicas: 2 });
  emulator.clearRequests();

  const deployed = engine.up(template({ ...imageJob, replicas: 3 }));
  const refusedSoFar = () => emulator.requestsFor("UpdateJob").filter((r) => r.status === 400).length;
  await emulator.whenAnswered("UpdateJob", () => refusedSoFar() === 3);
  emulator.finishChangeOrder(theirs.Data.ChangeOrderId);
  const updated = await deployed;
  expect(updated.errors).toEqual([]);
  expect(engine.state[0].outputs).toMatchObject({ appId, replicas: 3 });

  const answers = emulator.requestsFor("UpdateJob").map((r) => r.code ?? String(r.status));
  expect(answers.at(-1)).toBe("200");
  const refused = answers.slice(0, -1);
  expect(refused.length).toBeGreaterThanOrEqual(3);
  expect(new Set(refused)).toEqual(new Set(["Application.ChangerOrderRunning"]));

  const logs = updated.steps[0].logs.join("\n");
  expect(logs.match(/UpdateJob was refused/g)).toHaveLength(1);
  expect(logs).toMatch(
    /UpdateJob was refused with Application\.ChangerOrderRunning \(an earlier change order is still running on it\); retrying for up to \d+s/,
  );
});
