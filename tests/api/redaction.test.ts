/**
 * Errors carry no values: the redaction of transport and SAE texts, the classification of
 * failures that waiting cannot fix (ENOTFOUND, 4xx, a request too large), the content-type of an
 * empty form body, and a credential chain that touches no network when nothing is configured.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Emulator } from "../../emulator";
import { SaeClient } from "../../provider/api/client";
import { SaeApiError, SaeNetworkError, SaeOutcomeUnknownError } from "../../provider/api/errors";
import { largestParameter, redactedCause, redactText, sensitiveValues } from "../../provider/api/redact";
import { classifyFailure } from "../../provider/api/retry";
import { chainLinks, resolveEndpoint } from "../../provider/api/settings";
import { clientFor, startEmulator } from "../support/emulatorClient";

const secret = "s3cr3t-value";
const envs = JSON.stringify([{ name: "DB_PASSWORD", value: secret }]);
const hangUp =
  "socket hang upPOST http://127.0.0.1:4321/pop/v1/sam/job/createJob?AppName=report&Envs=" +
  `${encodeURIComponent(envs)}&Replicas=1 failed.`;

describe("redactText", () => {
  it("drops httpx's request line, query and URL path, keeping the failure", () => {
    expect(redactText(hangUp)).toBe("socket hang up");
    expect(redactText("ReadTimeout(30000). GET /pop/v1/sam/job/describeJob?AppId=a-1 failed.")).toBe(
      "ReadTimeout(30000).",
    );
    expect(redactText("ConnectTimeout: Connect http://127.0.0.1:9/pop/x?Envs=1 failed.")).toBe(
      "ConnectTimeout: Connect 127.0.0.1:9 failed.",
    );
  });

  it("replaces the values it is given, raw and URL-encoded, and keeps the rest of SAE's text", () => {
    const text = `The application nightly-report already exists; OssAkSecret=${secret} ${encodeURIComponent(envs)}`;
    const out = redactText(text, [secret, envs]);
    expect(out).toContain("nightly-report already exists");
    expect(out).not.toContain(secret);
    expect(out).not.toContain("DB_PASSWORD");
  });

  it("keeps plain question marks and cuts very long texts", () => {
    expect(redactText("Is the app running? Check it.")).toBe("Is the app running? Check it.");
    expect(redactText("x".repeat(1000)).length).toBeLessThan(310);
  });
});

describe("sensitiveValues and largestParameter", () => {
  it("names form-body values and environment values, not names such as AppName", () => {
    const values = sensitiveValues(
      { AppName: "report", OssAkSecret: "oss-secret", Envs: envs, Replicas: 1 },
      ["OssAkSecret"],
    );
    expect(values).toEqual(expect.arrayContaining(["oss-secret", secret]));
    expect(values).not.toContain("report");
  });

  it("finds the parameter with the longest URL-encoded value", () => {
    expect(largestParameter({ AppName: "report", Envs: envs, Replicas: 1 })).toEqual({
      name: "Envs",
      encodedLength: encodeURIComponent(envs).length,
    });
  });
});

describe("errors built from a transport failure", () => {
  const reset = Object.assign(new Error(hangUp), { code: "ECONNRESET" });

  it("name the operation, the host and the attempts, and keep a redacted cause", () => {
    const error = new SaeNetworkError({
      action: "CreateJob",
      endpoint: "http://127.0.0.1:4321",
      cause: reset,
      mayHaveBeenApplied: true,
      attempts: 3,
    });
    expect(error.message).toBe(
      "SAE CreateJob got no answer from 127.0.0.1:4321 after 3 attempts: socket hang up (ECONNRESET)",
    );
    expect(String((error.cause as Error).stack)).not.toMatch(/\?|\/pop|DB_PASSWORD/);
    const unknown = new SaeOutcomeUnknownError("CreateJob", error);
    expect(unknown.message).not.toMatch(/\?|\/pop|DB_PASSWORD|http:/);
  });

  it("redactedCause keeps only name, code and a redacted message", () => {
    const safe = redactedCause(reset);
    expect(safe).toMatchObject({ message: "socket hang up", code: "ECONNRESET" });
  });

  it("SaeApiError takes URLs and query strings out of SAE's message", () => {
    const error = new SaeApiError({
      action: "UpdateJob",
      code: "InvalidParameter",
      status: 400,
      apiMessage: "bad request to http://127.0.0.1:1/pop/v1/sam/job/updateJob?Envs=x",
      requestId: "r-1",
    });
    expect(error.message).toBe(
      "SAE UpdateJob failed: InvalidParameter (HTTP 400): bad request to 127.0.0.1:1 (RequestId r-1)",
    );
  });
});

describe("classification", () => {
  const network = (code: string) =>
    new SaeNetworkError({
      action: "ListJobs",
      endpoint: "sae.cn-nowhere.aliyuncs.com",
      endpointSource: "the public endpoint of region cn-nowhere",
      cause: Object.assign(new Error(`getaddrinfo ${code} sae.cn-nowhere.aliyuncs.com`), { code }),
      mayHaveBeenApplied: false,
    });

  it("fails at once on ENOTFOUND, naming the setting that produced the host", () => {
    const error = network("ENOTFOUND");
    expect(classifyFailure(error, "idempotent")).toBe("fail");
    expect(error.message).toBe(
      "SAE ListJobs cannot reach sae.cn-nowhere.aliyuncs.com: DNS has no such host (ENOTFOUND). " +
        "The host comes from the public endpoint of region cn-nowhere: check the region or set sae:endpoint.",
    );
  });

  it("retries EAI_AGAIN, a DNS server that did not answer in time", () => {
    expect(classifyFailure(network("EAI_AGAIN"), "not-idempotent")).toBe("retry");
  });

  it.each([400, 401, 403, 404, 409, 413, 431])("does not retry HTTP %d with an unlisted code", (status) => {
    const error = new SaeApiError({ action: "CreateJob", code: `HTTP${status}`, status, apiMessage: "m" });
    expect(classifyFailure(error, "idempotent")).toBe("fail");
    expect(classifyFailure(error, "not-idempotent")).toBe("fail");
  });
});

describe("against the emulator", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  const image = {
    AppName: "report",
    PackageType: "Image",
    ImageUrl: "registry.example/acme/report:1",
    Replicas: 1,
  };

  it("sends content-type application/x-www-form-urlencoded on a form operation with an empty body", async () => {
    await clientFor(emulator).createJob(image);
    const [sent] = emulator.requestsFor("CreateJob");
    expect(sent.body).toEqual({});
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    await clientFor(emulator).listJobs();
    expect(emulator.requestsFor("ListJobs")[0].headers["content-type"]).toBeUndefined();
  });

  it("reports a request too large (HTTP 431) at once, naming its largest parameter, with no lookup", async () => {
    const big = JSON.stringify(
      Array.from({ length: 400 }, (_, i) => ({ name: `DB_PASSWORD_${i}`, value: `${secret}-${i}` })),
    );
    const client = clientFor(emulator);
    const error = await client.createJob({ ...image, Envs: big }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaeApiError);
    expect(error).toMatchObject({ status: 431, code: "RequestHeaderFieldsTooLarge", attempts: 1 });
    expect((error as Error).message).toMatch(
      /^SAE CreateJob failed: RequestHeaderFieldsTooLarge \(HTTP 431\): the request is too large; its largest parameter is Envs \(\d+ characters URL-encoded\)$/,
    );
    expect((error as Error).message).not.toContain(secret);
  });

  it("carries no URL, query or value in a lost answer's error", async () => {
    emulator.faults.add({ action: "CreateJob", kind: "drop", dropAfterProcessing: true });
    const error = await clientFor(emulator)
      .createJob({ ...image, Envs: envs })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaeOutcomeUnknownError);
    const text = `${(error as Error).message}\n${((error as SaeOutcomeUnknownError).cause.cause as Error).message}`;
    expect(text).toMatch(new RegExp(`no answer from 127\\.0\\.0\\.1:${emulator.port}`));
    expect(text).not.toMatch(/\?|\/pop|http:|DB_PASSWORD|s3cr3t/);
  });

  it("fails an ENOTFOUND at once, without retrying", async () => {
    const client = SaeClient.fromSettings(
      {
        get: (key) =>
          ({ "sae:region": "cn-nowhere", "sae:accessKeyId": "k", "sae:accessKeySecret": "s" })[key],
      },
      {},
    );
    let calls = 0;
    // Tests stay on loopback: stand in for the DNS answer instead of asking a resolver.
    (client as unknown as { api: { callApi: () => Promise<never> } }).api.callApi = async () => {
      calls++;
      throw Object.assign(new Error("getaddrinfo ENOTFOUND sae.cn-nowhere.aliyuncs.com"), {
        code: "ENOTFOUND",
      });
    };
    await expect(client.listJobs()).rejects.toThrow(
      /cannot reach sae\.cn-nowhere\.aliyuncs\.com: DNS has no such host \(ENOTFOUND\)\. The host comes from the public endpoint of region cn-nowhere/,
    );
    expect(calls).toBe(1);
    expect(resolveEndpoint({ get: () => undefined }, {}, "cn-nowhere").host).toBe(
      "sae.cn-nowhere.aliyuncs.com",
    );
  });
});

describe("the credential chain", () => {
  it("has only the links the environment asks for", () => {
    expect(chainLinks({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" })).toEqual([
      "environment",
      "cli-profile",
      "credentials-file",
    ]);
    expect(
      chainLinks({
        ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:1/c",
        ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/r",
      }),
    ).toEqual([
      "environment",
      "oidc-role",
      "cli-profile",
      "credentials-file",
      "ecs-ram-role",
      "credentials-uri",
    ]);
  });

  it("makes no network connection at all, not even DNS, before failing with where it looked", () => {
    const dir = mkdtempSync(join(tmpdir(), "sae-no-network-"));
    const preload = join(dir, "record.js");
    writeFileSync(
      preload,
      `
const calls = [];
const note = (what) => (...args) => { calls.push(what + " " + String(typeof args[0] === "object" ? JSON.stringify(args[0]) : args[0])); };
const wrap = (mod, name, what) => { const original = mod[name]; mod[name] = function (...args) { note(what)(...args); return original.apply(this, args); }; };
const dns = require("node:dns");
wrap(dns, "lookup", "dns.lookup");
wrap(dns, "resolve", "dns.resolve");
wrap(dns.promises, "lookup", "dns.promises.lookup");
const net = require("node:net");
wrap(net, "connect", "net.connect");
wrap(net, "createConnection", "net.createConnection");
wrap(net.Socket.prototype, "connect", "socket.connect");
for (const m of ["node:http", "node:https"]) { const mod = require(m); wrap(mod, "request", m + ".request"); wrap(mod, "get", m + ".get"); }
process.on("exit", () => { process.stdout.write("\\nCALLS " + JSON.stringify(calls) + "\\n"); });
`,
    );
    const script = join(dir, "run.js");
    writeFileSync(
      script,
      `
const { SaeClient } = require(${JSON.stringify(resolve(__dirname, "../../dist/provider/api/client.js"))});
const client = SaeClient.fromSettings({ get: () => undefined }, process.env);
client.listJobs().then(
  () => { process.stdout.write("RESULT ok\\n"); },
  (e) => { process.stdout.write("RESULT " + JSON.stringify({ name: e.name, message: e.message }) + "\\n"); },
);
`,
    );
    const run = spawnSync(process.execPath, ["--require", preload, script], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        SAE_ENDPOINT: "http://127.0.0.1:9",
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    const result = JSON.parse(/RESULT (.*)/.exec(run.stdout)?.[1] ?? "null") as {
      name: string;
      message: string;
    };
    const calls = JSON.parse(/CALLS (.*)/.exec(run.stdout)?.[1] ?? "null") as string[];
    expect(result).toMatchObject({ name: "SaeConfigError" });
    expect(result.message).toMatch(
      /^No Alibaba Cloud credentials found\. Looked in, in order:\n- stack config sae:accessKeyId\/sae:accessKeySecret\n/,
    );
    expect(result.message).toMatch(
      /^ {2}- environment ALIBABA_CLOUD_ACCESS_KEY_ID\/ALIBABA_CLOUD_ACCESS_KEY_SECRET: /m,
    );
    expect(calls).toEqual([]);
  });
});
