/**
 * Faults: throttling and lost answers are survived; failures are reported plainly; a template
 * that exists is never orphaned (its ID stays in state).
 */
import { Engine, ProviderHost } from "../../harness";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
afterEach(async () => {
  await stack?.dispose();
});

describe("with a normal emulator", () => {
  beforeEach(async () => {
    stack = await startSaeStack();
  });

  it("keeps the ID of a template whose creation failed, and finishes it on the next up", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "CreateJob", kind: "failChangeOrder" });
    const failed = await engine.up(template(imageJob));
    expect(failed.ok).toBe(false);
    const [entry] = engine.state;
    expect(entry.id).toMatch(/.+/);
    expect(entry.initErrors?.join("\n")).toMatch(/ended failed \(Status 3\)/);
    expect(failed.errors.join("\n")).toMatch(
      new RegExp(
        `job template "nightly-report" was created \\(AppId ${entry.id}\\) but is not ready: SAE change order \\S+ ended failed`,
      ),
    );
    expect(failed.errors.join("\n")).toMatch(/run `pulumi up` again to retry/);

    const retried = await engine.up(template(imageJob));
    expect(retried.errors).toEqual([]);
    expect(engine.state[0]).toMatchObject({ id: entry.id });
    expect(engine.state[0].initErrors ?? []).toEqual([]);
    expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
  });

  it("records an update whose change order failed, so state matches SAE", async () => {
    const { engine, emulator } = stack;
    await engine.up(template(imageJob));
    emulator.faults.add({ action: "UpdateJob", kind: "failChangeOrder", status: 10 });
    const failed = await engine.up(template({ ...imageJob, replicas: 4 }));
    expect(failed.ok).toBe(false);
    expect(failed.errors.join("\n")).toMatch(
      /was updated but is not ready: SAE change order \S+ ended failed by a system error \(Status 10\)/,
    );
    expect(engine.state[0].outputs.replicas).toBe(4);
    expect(engine.state[0].initErrors).toHaveLength(1);
  });

  it("rides out throttling and 5xx answers, telling the user it retries", async () => {
    const { engine, emulator } = stack;
    emulator.faults.add({ action: "CreateJob", kind: "throttle", times: 2 });
    emulator.faults.add({ action: "DescribeChangeOrder", kind: "serverError" });
    emulator.faults.add({ action: "DescribeJob", kind: "serviceUnavailable" });
    const result = await engine.up(template(imageJob));
    expect(result.errors).toEqual([]);
    const logs = result.steps[0].logs.join("\n");
    expect(logs).toMatch(
      /CreateJob was refused with Throttling.User \(the account's request rate limit\); retrying for up to \d+s/,
    );
    expect(logs).toMatch(/DescribeChangeOrder was refused with InternalError; retrying for up to \d+s/);
    // Once per cause, not per attempt.
    expect(logs.match(/CreateJob was refused/g)).toHaveLength(1);
    expect(emulator.requestsFor("CreateJob").map((r) => r.status)).toEqual([400, 400, 200]);
  });

  it("reports an SAE rejection plainly and records nothing", async () => {
    const { engine, client } = stack;
    await client.createJob({ AppName: "nightly-report", PackageType: "Image", ImageUrl: "x", Replicas: 1 });
    const result = await engine.up(template(imageJob));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/SAE CreateJob failed: \S+ \(HTTP 4\d\d\): .*nightly-report/);
    expect(engine.state).toEqual([]);
  });

  it("adopts the template when CreateJob's answer is lost after SAE created it", async () => {
    const { engine, emulator, client } = stack;
    emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
    const result = await engine.up(template(imageJob));
    expect(result.errors).toEqual([]);
    const listed = await client.listJobs({ AppName: "nightly-report" });
    expect(listed.Data.Applications).toHaveLength(1);
    expect(engine.state[0].id).toBe(listed.Data.Applications[0].AppId);
    expect(emulator.requestsFor("CreateJob")).toHaveLength(1);
    expect(result.steps[0].logs.join("\n")).toMatch(/SAE did create it \(AppId \S+\); adopting it/);
  });

  it("sends CreateJob again when the lost request never created anything", async () => {
    const { engine, emulator, client } = stack;
    emulator.faults.add({ action: "CreateJob", kind: "drop" });
    const result = await engine.up(template(imageJob));
    expect(result.errors).toEqual([]);
    expect(emulator.requestsFor("CreateJob")).toHaveLength(2);
    expect((await client.listJobs({ AppName: "nightly-report" })).Data.Applications).toHaveLength(1);
    expect(result.steps[0].logs.join("\n")).toMatch(/not created; sending CreateJob again/);
  });
});

it("gives up waiting for a slow change order, naming the last state, and keeps the ID", async () => {
  stack = await startSaeStack({ config: { "sae:changeOrderTimeout": "1" } });
  // Still in progress at the deadline, however slow the machine: it never ends on its own.
  stack.emulator.faults.add({ action: "CreateJob", kind: "changeOrderDuration", durationMs: Infinity });
  const result = await stack.engine.up(template(imageJob));
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toMatch(/did not finish within 1s; last state: in progress \(Status 1\)/);
  expect(stack.engine.state[0].id).toMatch(/.+/);
});

describe("configuration errors", () => {
  it("lists where it looked for credentials, before calling SAE", async () => {
    stack = await startSaeStack();
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true",
        ALIBABA_CLOUD_CREDENTIALS_FILE: "/nonexistent/credentials",
      },
    });
    try {
      const engine = new Engine({ host, config: { "sae:endpoint": stack.emulator.url } });
      const result = await engine.up(template(imageJob));
      expect(result.ok).toBe(false);
      const message = result.errors.join("\n");
      expect(message).toContain(
        "No Alibaba Cloud credentials found. Looked in, in order:\n" +
          "- stack config sae:accessKeyId/sae:accessKeySecret\n" +
          "- stack config alicloud:accessKey/alicloud:secretKey\n" +
          "- environment ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY\n" +
          "- the Alibaba Cloud default credential chain:\n" +
          "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET: ",
      );
      // Each place on a line of its own, with what it answered or why it was not tried.
      expect(message).toMatch(
        /^ {2}- ~\/\.aliyun\/config\.json: not tried, ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true$/m,
      );
      expect(message).toMatch(
        /^ {2}- ~\/\.alibabacloud\/credentials .*: ENOENT.*\/nonexistent\/credentials'$/m,
      );
      expect(stack.emulator.requests).toHaveLength(0);
    } finally {
      await host.stop();
    }
  });

  it("refuses plain http to a non-loopback endpoint, naming the setting", async () => {
    stack = await startSaeStack({ config: { "sae:endpoint": "http://192.0.2.10:9000" } });
    const result = await stack.engine.up(template(imageJob));
    expect(result.errors.join("\n")).toMatch(
      /stack config sae:endpoint is "http:\/\/192.0.2.10:9000": plain http:\/\/ is accepted only for loopback hosts/,
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("refuses SAE_ENDPOINT without a scheme, giving the form to write, before calling SAE", async () => {
    stack = await startSaeStack();
    const port = new URL(stack.emulator.url).port;
    const host = await ProviderHost.start({ env: { SAE_ENDPOINT: `127.0.0.1:${port}` } });
    try {
      const config = { "sae:accessKeyId": stack.emulator.accessKeyId, "sae:accessKeySecret": "s" };
      const result = await new Engine({ host, config }).up(template(imageJob));
      expect(result.errors.join("\n")).toContain(
        `environment SAE_ENDPOINT is "127.0.0.1:${port}", which has no scheme: write it as http://127.0.0.1:${port}`,
      );
      expect(result.errors.join("\n")).not.toMatch(/SSL|TLS|EPROTO/);
      expect(stack.emulator.requests).toHaveLength(0);
    } finally {
      await host.stop();
    }
  });
});

it("rejects a bad change order timeout before creating anything", async () => {
  stack = await startSaeStack({ config: { "sae:changeOrderTimeout": "ten minutes" } });
  const result = await stack.engine.up(template(imageJob));
  expect(result.errors.join("\n")).toMatch(
    /stack config sae:changeOrderTimeout is "ten minutes", which is not a whole number of seconds, at least 1: write it as a number of seconds, such as 600 for ten minutes\./,
  );
  expect(stack.emulator.requestsFor("CreateJob")).toHaveLength(0);
  expect(stack.engine.state).toEqual([]);
});
