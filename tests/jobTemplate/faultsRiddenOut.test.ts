/**
 * Faults ridden out, as `pulumi up` and `pulumi destroy` meet them: a stack of templates whose
 * steps run all at once through one host, with faults on half of them.
 *
 * - Throttling that passes: every mutating call of the faulted templates throttled twice, their
 *   reads once (an injected fault, not a rate limit: the emulator has spare capacity).
 * - Slow answers: UpdateJob and DeleteJob answered after the per-attempt timeout although SAE
 *   acted, or lost before SAE acted; settled with DescribeJob, never guessed.
 * - Faults that outlast the budget: a clear error naming what happened, and a delete keeps its state.
 *
 * The host runs the product's schedule 20 times faster (SAE_TIME_SCALE 0.05) and an attempt waits
 * 1.5 s for its answer (SAE_ATTEMPT_TIMEOUT_MS), so "an answer after the timeout" is a 2 s
 * emulator delay.
 */
import type { FaultRule, RecordedRequest } from "../../emulator";
import { type CheckedResource, checkedResources, type PropertyMap } from "../../harness";
import { JobTemplate } from "../../provider";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";
import { tally } from "../support/tally";

let stack: SaeStack;
afterEach(async () => {
  await stack?.dispose();
});

/** The host's schedule, 20 times faster (backoffs from 25 ms), and a 1.5 s attempt timeout. */
const hostEnv = { SAE_TIME_SCALE: "0.05", SAE_ATTEMPT_TIMEOUT_MS: "1500" };
/** Longer than any emulator delay here: an answer later than the attempt timeout. */
const lateMs = 2000;

/** The messages of the steps that failed, so a failure shows why. */
function failures(outcomes: PromiseSettledResult<unknown>[]): string[] {
  return outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
}

function fulfilled<T>(outcomes: PromiseSettledResult<T>[]): T[] {
  return outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
}

/** `sae: job template "<name>": <Action> was refused with <code> …`, the provider's retry line. */
const retryLine = /^sae: job template "([^"]+)": (\w+) was refused with ([\w.]+) /;

/** A stack of `count` templates named `<prefix>-NN`, checked as the engine checks them. */
async function checkedStack(prefix: string, count: number, replicas: number): Promise<CheckedResource[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
  return checkedResources(
    stack.host,
    () => names.forEach((name) => new JobTemplate(name, { ...imageJob, appName: name, replicas })),
    { project: "sae-test", stack: "dev", config: stack.config },
  );
}

/** Every template the emulator holds: name, AppId and replicas. */
async function templatesHeld(): Promise<{ name: string; appId: string; replicas: number }[]> {
  const listed = (await stack.client.listJobs({ PageSize: 100 })).Data.Applications;
  const held = await Promise.all(
    listed.map(async (t) => ({
      name: t.AppName,
      appId: t.AppId,
      replicas: Number((await stack.client.describeJob({ AppId: t.AppId })).Data.Replicas),
    })),
  );
  return held.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every template's requests for `action`, keyed by AppId (or AppName for CreateJob). */
function requestsOf(requests: readonly RecordedRequest[], action: string, key: string): RecordedRequest[] {
  return requests.filter((r) => r.action === action && (r.params.AppId ?? r.params.AppName) === key);
}

describe("throttling that passes", () => {
  it("creates, updates and deletes 20 templates, half of them throttled on every call, each retry said once per call", async () => {
    stack = await startSaeStack({ hostEnv, config: { "sae:changeOrderTimeout": "30" } });
    const { host, emulator } = stack;
    await host.configure(stack.config);
    const resources = await checkedStack("throttled", 20, 1);
    const faulted = new Set(resources.filter((_, i) => i % 2 === 0).map((r) => r.name));
    const isFaulted = (name: string) => faulted.has(name);
    const firstLine = host.output.length;

    // Create: every faulted CreateJob throttled twice, and ten change order polls once.
    for (const name of faulted) {
      emulator.faults.add({ action: "CreateJob", kind: "throttle", times: 2, match: { AppName: name } });
    }
    emulator.faults.add({ action: "DescribeChangeOrder", kind: "throttle", times: 10 });
    const creates = await Promise.allSettled(resources.map((r) => host.create(r.urn, r.inputs)));
    expect(failures(creates)).toEqual([]);
    const created = fulfilled(creates);
    const ids = created.map((c) => c.id);
    const idOf = new Map(resources.map((r, i) => [r.name, ids[i]]));
    const nameOf = new Map(resources.map((r, i) => [ids[i], r.name]));
    expect(emulator.faults.pending()).toEqual([]);
    // Exactly the 20: none lost, none twice, each CreateJob done once.
    expect(await templatesHeld()).toEqual(
      resources.map((r) => ({ name: r.name, appId: idOf.get(r.name), replicas: 1 })),
    );
    const createRequests = emulator.requests;
    for (const r of resources) {
      const answers = requestsOf(createRequests, "CreateJob", r.name).map((q) => q.code ?? q.status);
      expect(answers).toEqual(isFaulted(r.name) ? ["Throttling.User", "Throttling.User", 200] : [200]);
    }

    // Update: every faulted UpdateJob throttled twice and its read-back once.
    emulator.clearRequests();
    const updated = await checkedStack("throttled", 20, 2);
    for (const name of faulted) {
      const match = { AppId: idOf.get(name)! };
      emulator.faults.add({ action: "UpdateJob", kind: "throttle", times: 2, match });
      emulator.faults.add({ action: "DescribeJob", kind: "throttle", match });
    }
    emulator.faults.add({ action: "DescribeChangeOrder", kind: "throttle", times: 10 });
    const updates = await Promise.allSettled(
      updated.map((r, i) => host.update(r.urn, ids[i], created[i].properties, r.inputs, resources[i].inputs)),
    );
    expect(failures(updates)).toEqual([]);
    expect(fulfilled(updates).map((u) => u.properties.replicas)).toEqual(resources.map(() => 2));
    expect(emulator.faults.pending()).toEqual([]);
    expect(await templatesHeld()).toEqual(
      resources.map((r) => ({ name: r.name, appId: idOf.get(r.name), replicas: 2 })),
    );
    const updateRequests = emulator.requests;
    for (const r of resources) {
      const answers = requestsOf(updateRequests, "UpdateJob", idOf.get(r.name)!).map(
        (q) => q.code ?? q.status,
      );
      expect(answers).toEqual(isFaulted(r.name) ? ["Throttling.User", "Throttling.User", 200] : [200]);
    }

    // Delete: every faulted DeleteJob throttled twice, and the read that finds it gone once.
    emulator.clearRequests();
    for (const name of faulted) {
      const match = { AppId: idOf.get(name)! };
      emulator.faults.add({ action: "DeleteJob", kind: "throttle", times: 2, match });
      emulator.faults.add({ action: "DescribeJob", kind: "throttle", match });
    }
    const outputs: PropertyMap[] = fulfilled(updates).map((u) => u.properties);
    const deletes = await Promise.allSettled(
      updated.map((r, i) => host.delete(r.urn, ids[i], outputs[i], r.inputs)),
    );
    expect(failures(deletes)).toEqual([]);
    expect(emulator.faults.pending()).toEqual([]);
    expect(await templatesHeld()).toEqual([]);
    const deleteRequests = emulator.requests.filter((r) => r.action !== "ListJobs");

    // Each retry said once per call: the one-call steps exactly for the faulted templates, and no
    // call more often than it was made.
    const lines = host.output.slice(firstLine);
    const said = tally(lines, (line) => {
      const match = retryLine.exec(line);
      return match ? `${match[1]} ${match[2]} ${match[3]}` : undefined;
    });
    for (const action of ["CreateJob", "UpdateJob", "DeleteJob"]) {
      const saidFor = [...said].filter(([key]) => key.split(" ")[1] === action);
      expect(saidFor.sort()).toEqual(
        [...faulted].sort().map((name) => [`${name} ${action} Throttling.User`, 1]),
      );
    }
    const sent = [...createRequests, ...updateRequests, ...deleteRequests];
    const calls = tally(
      sent.filter((r) => r.status !== 0 && r.fault === undefined),
      (r) => `${r.params.AppName ?? nameOf.get(r.params.AppId ?? "") ?? "?"} ${r.action}`,
    );
    const describeSaid = [...said].filter(([key]) => key.includes(" DescribeJob "));
    expect(describeSaid.length).toBeGreaterThan(0);
    for (const [key, times] of describeSaid) {
      const [name, action] = key.split(" ");
      expect(isFaulted(name)).toBe(true);
      expect(times).toBeLessThanOrEqual(calls.get(`${name} ${action}`) ?? 0);
    }
    // Nothing gave up: no call ran out of budget waiting for its turn.
    expect(lines.join("\n")).not.toMatch(/failed after \d+ attempts|error/i);
  }, 180_000);
});

describe("slow answers", () => {
  /**
   * Faults for five of the ten templates: three answered after the attempt timeout although SAE
   * acted at once, two lost before SAE acted (the connection dropped).
   */
  function slowFaults(action: "UpdateJob" | "DeleteJob", appIds: readonly string[]): FaultRule[] {
    return appIds
      .slice(0, 5)
      .map((appId, i) =>
        i < 3
          ? { action, kind: "delay", delayMs: lateMs, afterProcessing: true, match: { AppId: appId } }
          : { action, kind: "drop", match: { AppId: appId } },
      );
  }

  it("settles lost UpdateJob and DeleteJob answers with DescribeJob: applied or gone, else sent again", async () => {
    stack = await startSaeStack({ hostEnv, config: { "sae:changeOrderTimeout": "30" } });
    const { host, emulator } = stack;
    await host.configure(stack.config);
    const resources = await checkedStack("slow", 10, 1);
    const created = await Promise.all(resources.map((r) => host.create(r.urn, r.inputs)));
    const ids = created.map((c) => c.id);
    const [acted, lostBefore, untouched] = [ids.slice(0, 3), ids.slice(3, 5), ids.slice(5)];
    const nameOf = new Map(resources.map((r, i) => [ids[i], r.name]));

    // Update all ten at once.
    emulator.clearRequests();
    let firstLine = host.output.length;
    slowFaults("UpdateJob", ids).forEach((rule) => emulator.faults.add(rule));
    const updated = await checkedStack("slow", 10, 2);
    const updates = await Promise.allSettled(
      updated.map((r, i) => host.update(r.urn, ids[i], created[i].properties, r.inputs, resources[i].inputs)),
    );
    expect(failures(updates)).toEqual([]);
    let requests = emulator.requests;
    let lines = host.output.slice(firstLine);
    expect(fulfilled(updates).map((u) => u.properties.replicas)).toEqual(ids.map(() => 2));
    expect(emulator.faults.pending()).toEqual([]);
    expect(await templatesHeld()).toEqual(
      resources.map((r, i) => ({ name: r.name, appId: ids[i], replicas: 2 })),
    );
    const linesOf = (appId: string) =>
      lines.filter((l) => l.startsWith(`sae: job template "${nameOf.get(appId)}": `));
    /**
     * The template's requests, as `Action:answer`, in the order the emulator received them: a
     * dropped connection, an answer sent late (SAE acted at once), or SAE's code or status.
     */
    const answer = (r: RecordedRequest) =>
      r.fault === "drop" ? "dropped" : r.fault === "delay" ? "late" : (r.code ?? String(r.status));
    const wire = (appId: string, actions: readonly string[]) =>
      requests
        .filter((r) => actions.includes(r.action) && r.params.AppId === appId)
        .map((r) => `${r.action}:${answer(r)}`);
    for (const appId of acted) {
      // SAE applied it: one UpdateJob, read back once to see that, none sent again.
      expect(wire(appId, ["UpdateJob", "DescribeJob"])).toEqual([
        "UpdateJob:late",
        "DescribeJob:200",
        "DescribeJob:200",
      ]);
      expect(linesOf(appId)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /UpdateJob's answer was lost \(SAE UpdateJob got no answer from 127\.0\.0\.1:\d+: no answer within 1\.5s \(ReadTimeout\)\); reading the template to see whether SAE applied it$/,
          ),
          expect.stringMatching(/: SAE did apply it$/),
        ]),
      );
    }
    // Its change order's ID was in the lost answer: followed through ListJobs.
    expect(requests.filter((r) => r.action === "ListJobs").length).toBeGreaterThanOrEqual(acted.length);
    for (const appId of lostBefore) {
      // SAE never saw it: DescribeJob shows the old value, and UpdateJob is sent again.
      expect(wire(appId, ["UpdateJob", "DescribeJob"])).toEqual([
        "UpdateJob:dropped",
        "DescribeJob:200",
        "UpdateJob:200",
        "DescribeJob:200",
      ]);
      expect(linesOf(appId)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/DescribeJob does not show it applied; sending UpdateJob again$/),
          expect.stringMatching(/: change order \S+: succeeded \(Status 2\)/),
        ]),
      );
    }
    for (const appId of untouched) {
      expect(wire(appId, ["UpdateJob", "DescribeJob"])).toEqual(["UpdateJob:200", "DescribeJob:200"]);
      expect(linesOf(appId).join("\n")).not.toMatch(/lost|retrying|again/);
    }
    // Each loss said once.
    expect(lines.filter((l) => l.includes("answer was lost"))).toHaveLength(5);

    // Delete all ten at once.
    emulator.clearRequests();
    firstLine = host.output.length;
    slowFaults("DeleteJob", ids).forEach((rule) => emulator.faults.add(rule));
    const outputs = fulfilled(updates).map((u) => u.properties);
    const deletes = await Promise.allSettled(
      updated.map((r, i) => host.delete(r.urn, ids[i], outputs[i], r.inputs)),
    );
    expect(failures(deletes)).toEqual([]);
    requests = emulator.requests;
    lines = host.output.slice(firstLine);
    expect(emulator.faults.pending()).toEqual([]);
    expect(await templatesHeld()).toEqual([]);
    for (const appId of acted) {
      // SAE deleted it: the DescribeJob that finds it gone ends the delete; DeleteJob is not sent again.
      expect(wire(appId, ["DeleteJob", "DescribeJob"])).toEqual([
        "DeleteJob:late",
        "DescribeJob:InvalidAppId.NotFound",
      ]);
      expect(linesOf(appId)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /DeleteJob's answer was lost \(.*\); reading the template to see whether SAE deleted it$/,
          ),
          expect.stringMatching(/: SAE did delete it$/),
          expect.stringMatching(/: deleted$/),
        ]),
      );
    }
    for (const appId of lostBefore) {
      expect(wire(appId, ["DeleteJob", "DescribeJob"])).toEqual([
        "DeleteJob:dropped",
        "DescribeJob:200",
        "DeleteJob:200",
        "DescribeJob:InvalidAppId.NotFound",
      ]);
      expect(linesOf(appId)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/DescribeJob still finds it; sending DeleteJob again$/),
        ]),
      );
    }
    for (const appId of untouched) {
      expect(wire(appId, ["DeleteJob", "DescribeJob"])).toEqual([
        "DeleteJob:200",
        "DescribeJob:InvalidAppId.NotFound",
      ]);
    }
    expect(lines.filter((l) => l.includes("answer was lost"))).toHaveLength(5);
  }, 180_000);
});

describe("faults that outlast the budget", () => {
  it("an update whose answer is always lost fails naming what happened and changes nothing in state", async () => {
    stack = await startSaeStack({ hostEnv, config: { "sae:changeOrderTimeout": "2" } });
    const { engine, emulator } = stack;
    expect((await engine.up(template(imageJob))).errors).toEqual([]);
    const [before] = engine.state;
    emulator.clearRequests();
    emulator.faults.add({ action: "UpdateJob", kind: "drop", times: Infinity, match: { AppId: before.id } });

    const result = await engine.up(template({ ...imageJob, replicas: 2 }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /SAE UpdateJob for job template "nightly-report": the answer was lost \d+ times within 2s and DescribeJob does not show the update applied, so nothing was changed\. Last error: SAE UpdateJob got no answer from 127\.0\.0\.1:\d+: socket hang up \(ECONNRESET\)/,
    );
    expect(result.errors.join("\n")).not.toMatch(/\/pop|\?\w+=|Replicas=/);
    // Every lost UpdateJob was followed by a DescribeJob before it was sent again.
    const wire = emulator.requests
      .filter((r) => r.action === "UpdateJob" || r.action === "DescribeJob")
      .map((r) => r.action);
    expect(wire.length).toBeGreaterThanOrEqual(4);
    expect(wire.join(" ")).toMatch(/^(UpdateJob DescribeJob ?)+$/);
    expect(engine.state[0]).toMatchObject({ id: before.id, outputs: { replicas: 1 } });
    expect((await stack.client.describeJob({ AppId: before.id })).Data.Replicas).toBe(1);
  }, 60_000);

  it("a delete whose answer is always lost fails naming what happened and keeps the template in state", async () => {
    stack = await startSaeStack({ hostEnv, config: { "sae:changeOrderTimeout": "2" } });
    const { engine, emulator } = stack;
    expect((await engine.up(template(imageJob))).errors).toEqual([]);
    const [entry] = engine.state;
    emulator.faults.add({ action: "DeleteJob", kind: "drop", times: Infinity, match: { AppId: entry.id } });

    const result = await engine.destroy();
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /SAE DeleteJob for job template "nightly-report": the answer was lost \d+ times within 2s and DescribeJob still finds the template, so it was not deleted; Pulumi keeps it in the stack\. Last error: .*ECONNRESET/,
    );
    expect(engine.state.map((e) => e.id)).toEqual([entry.id]);

    // Once the fault passes, the next destroy finishes it.
    emulator.faults.clear();
    expect((await engine.destroy()).errors).toEqual([]);
    expect(engine.state).toEqual([]);
    expect(await templatesHeld()).toEqual([]);
  }, 60_000);

  it("a delete throttled for longer than its budget fails saying so, and keeps the template in state", async () => {
    stack = await startSaeStack({ hostEnv, config: { "sae:changeOrderTimeout": "2" } });
    const { engine, emulator } = stack;
    expect((await engine.up(template(imageJob))).errors).toEqual([]);
    const [entry] = engine.state;
    emulator.faults.add({ action: "DeleteJob", kind: "throttle", times: Infinity });

    const result = await engine.destroy();
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /SAE DeleteJob failed after \d+ attempts: Throttling\.User \(HTTP 400\)/,
    );
    expect(
      result.steps[0].logs.filter((l) => /DeleteJob was refused with Throttling\.User/.test(l)),
    ).toHaveLength(1);
    expect(engine.state.map((e) => e.id)).toEqual([entry.id]);
    expect(await templatesHeld()).toEqual([{ name: "nightly-report", appId: entry.id, replicas: 1 }]);
  }, 60_000);
});
