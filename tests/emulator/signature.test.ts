// ACS3-HMAC-SHA256 verification against the official signer, including tampered requests.

import OpenApiUtil from "@alicloud/openapi-util";
import { createHash } from "node:crypto";
import type { Emulator } from "../../emulator";
import {
  call,
  callError,
  captureSigned,
  imageJob,
  makeClient,
  sendRaw,
  startWithClient,
  type CapturedRequest,
} from "./signedClient";
import type OpenApi from "@alicloud/openapi-client";

let emulator: Emulator;
let client: OpenApi;
beforeAll(async () => ({ emulator, client } = await startWithClient()));
afterAll(() => emulator.stop());

const creds = () => ({ accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret });

/** Re-sign a captured request (after changing it) with openapi-util's signer. */
function resign(
  req: CapturedRequest,
  change: (headers: Record<string, string>) => void,
  secret?: string,
): CapturedRequest {
  const headers = { ...req.headers };
  change(headers);
  const [pathname, search = ""] = req.url.split("?");
  const query = Object.fromEntries(new URLSearchParams(search));
  delete headers.authorization;
  const signable = Object.fromEntries(
    Object.entries(headers).filter(([k]) => k === "host" || k === "content-type" || k.startsWith("x-acs-")),
  );
  headers.authorization = OpenApiUtil.getAuthorization(
    { method: req.method, pathname, query, headers: signable } as unknown as Parameters<
      typeof OpenApiUtil.getAuthorization
    >[0],
    "ACS3-HMAC-SHA256",
    headers["x-acs-content-sha256"],
    emulator.accessKeyId,
    secret ?? emulator.accessKeySecret,
  );
  return { ...req, headers };
}

function freshNonce(h: Record<string, string>): void {
  h["x-acs-signature-nonce"] = createHash("sha256").update(String(Math.random())).digest("hex").slice(0, 32);
}

test("a request signed by the official client passes, with awkward characters in query and body", async () => {
  const description = "a b+c!'()*~é/?&=%20 中文";
  const created = await call(
    client,
    "CreateJob",
    imageJob({ AppName: "sig-ok", AppDescription: description, OssAkSecret: "x=y&z+1" }),
  );
  expect(created.Success).toBe(true);
  const described = await call(client, "DescribeJob", { AppId: created.Data.AppId });
  expect(described.Data.AppDescription).toBe(description);
  expect(described.Data.OssAkSecret).toBe("x=y&z+1");
});

test("a wrong secret is rejected with SignatureDoesNotMatch and the secret is never echoed", async () => {
  const bad = makeClient({ ...emulator, accessKeySecret: "not-the-secret" });
  const err = await callError(bad, "ListJobs", {});
  expect(err.statusCode).toBe(400);
  expect(err.code).toBe("SignatureDoesNotMatch");
  expect(err.data.Message).toMatch(/signature we calculated does not match/);
  expect(JSON.stringify(err.data)).not.toContain(emulator.accessKeySecret);
});

test("an unknown AccessKey ID is rejected with 404 InvalidAccessKeyId.NotFound", async () => {
  const err = await callError(makeClient({ ...emulator, accessKeyId: "someone-else" }), "ListJobs", {});
  expect([err.statusCode, err.code]).toEqual([404, "InvalidAccessKeyId.NotFound"]);
});

test("a replayed exact request passes once, then is rejected as SignatureNonceUsed", async () => {
  const req = await captureSigned(creds(), "ListJobs", { AppName: "x" });
  const first = await sendRaw(emulator, req);
  expect(first.status).toBe(200);
  const again = await sendRaw(emulator, req);
  expect([again.status, again.json.Code]).toEqual([400, "SignatureNonceUsed"]);
});

test("a query value changed after signing is rejected", async () => {
  const req = await captureSigned(creds(), "DescribeJob", { AppId: "app-one" });
  expect(req.url).toContain("AppId=app-one");
  const res = await sendRaw(emulator, { ...req, url: req.url.replace("app-one", "app-two") });
  expect([res.status, res.json.Code]).toEqual([400, "SignatureDoesNotMatch"]);
  // The emulator shows its canonical request (which has the value it received) to help debugging.
  expect(res.json.CanonicalRequest).toContain("AppId=app-two");
});

test("an added query parameter is rejected", async () => {
  const req = await captureSigned(creds(), "ListJobs", { PageSize: "5" });
  const res = await sendRaw(emulator, { ...req, url: `${req.url}&NamespaceId=cn-hangzhou` });
  expect(res.json.Code).toBe("SignatureDoesNotMatch");
});

test("a body changed after signing is rejected, whether or not the content hash is updated", async () => {
  const req = await captureSigned(
    creds(),
    "CreateJob",
    imageJob({ AppName: "tamper", OssAkId: "ak-original" }),
  );
  expect(req.body.toString()).toContain("OssAkId=ak-original");
  const body = Buffer.from(req.body.toString().replace("ak-original", "ak-attacker"));

  const sameHash = await sendRaw(emulator, { ...req, body });
  expect([sameHash.status, sameHash.json.Code]).toEqual([400, "SignatureDoesNotMatch"]);
  expect(sameHash.json.Message).toMatch(/x-acs-content-sha256/);

  const newHash = createHash("sha256").update(body).digest("hex");
  const rehashed = await sendRaw(emulator, {
    ...req,
    body,
    headers: { ...req.headers, "x-acs-content-sha256": newHash },
  });
  expect([rehashed.status, rehashed.json.Code]).toEqual([400, "SignatureDoesNotMatch"]);

  const list = await call(client, "ListJobs", { AppName: "tamper" });
  expect(list.Data.TotalSize).toBe(0);
});

test("a signed header changed after signing is rejected", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  const res = await sendRaw(emulator, {
    ...req,
    headers: { ...req.headers, "x-acs-signature-nonce": "changed-nonce" },
  });
  expect(res.json.Code).toBe("SignatureDoesNotMatch");
});

test("a missing or malformed Authorization header is IncompleteSignature", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  const headers = { ...req.headers };
  delete headers.authorization;
  const missing = await sendRaw(emulator, { ...req, headers });
  expect([missing.status, missing.json.Code]).toEqual([400, "IncompleteSignature"]);

  const oldStyle = await sendRaw(emulator, {
    ...req,
    headers: { ...headers, authorization: "acs emulator-key:abc=" },
  });
  expect(oldStyle.json.Code).toBe("IncompleteSignature");
});

test("a required header left out of SignedHeaders is IncompleteSignature", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  // Re-sign without x-acs-signature-nonce in the signed set (signature valid over what it covers).
  const signed = resign(req, (h) => freshNonce(h));
  const auth = signed.headers.authorization;
  const names = /SignedHeaders=([^,]+)/
    .exec(auth)![1]
    .split(";")
    .filter((n) => n !== "x-acs-signature-nonce");
  const headers = {
    ...signed.headers,
    authorization: auth.replace(/SignedHeaders=[^,]+/, `SignedHeaders=${names.join(";")}`),
  };
  const res = await sendRaw(emulator, { ...signed, headers });
  expect(res.json.Code).toBe("IncompleteSignature");
  expect(res.json.Message).toContain("x-acs-signature-nonce");
});

test("a correctly re-signed request passes (the re-signing helper itself is sound)", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  const res = await sendRaw(emulator, resign(req, freshNonce));
  expect(res.status).toBe(200);
});

test("a request dated more than 15 minutes away is InvalidTimeStamp.Expired", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  const old = new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const res = await sendRaw(
    emulator,
    resign(req, (h) => {
      freshNonce(h);
      h["x-acs-date"] = old;
    }),
  );
  expect([res.status, res.json.Code]).toEqual([400, "InvalidTimeStamp.Expired"]);
});

test("x-acs-action must name the operation at the path", async () => {
  const req = await captureSigned(creds(), "ListJobs", {});
  const res = await sendRaw(
    emulator,
    resign(req, (h) => {
      freshNonce(h);
      h["x-acs-action"] = "DeleteJob";
    }),
  );
  expect([res.status, res.json.Code]).toEqual([400, "InvalidAction.Mismatch"]);
  expect(res.json.Message).toContain("ListJobs");
});

test("unknown paths and wrong methods answer 404 InvalidAction.NotFound as JSON", async () => {
  const unknown = await callError(client, "ListJobs", {}, "/pop/v1/sam/job/noSuchThing");
  expect([unknown.statusCode, unknown.code]).toEqual([404, "InvalidAction.NotFound"]);
  const raw = await sendRaw(emulator, { method: "POST", url: "/pop/v1/sam/job/listJobs", headers: {} });
  expect([raw.status, raw.json.Code]).toEqual([404, "InvalidAction.NotFound"]);
  expect(raw.json.Message).toContain("ListJobs is GET /pop/v1/sam/job/listJobs");
});

test("recorded requests include rejected ones, with credentials redacted", async () => {
  emulator.clearRequests();
  await callError(makeClient({ ...emulator, accessKeySecret: "wrong" }), "ListJobs", {});
  const [rec] = emulator.requests;
  expect(rec).toMatchObject({
    action: "ListJobs",
    method: "GET",
    status: 400,
    code: "SignatureDoesNotMatch",
  });
  expect(rec.headers.authorization).toBe("[redacted]");
  expect(rec.headers["x-acs-action"]).toBe("ListJobs");
});

describe("with a security token configured", () => {
  let stsEmulator: Emulator;
  beforeAll(
    async () => ({ emulator: stsEmulator } = await startWithClient({ securityToken: "sts-token-1" })),
  );
  afterAll(() => stsEmulator.stop());

  test("the matching token passes and is redacted in the log", async () => {
    const body = await call(makeClient({ ...stsEmulator, securityToken: "sts-token-1" }), "ListJobs", {});
    expect(body.Success).toBe(true);
    expect(stsEmulator.requests.at(-1)!.headers["x-acs-security-token"]).toBe("[redacted]");
  });

  test("a different or missing token is InvalidSecurityToken.MismatchWithAccessKey", async () => {
    const wrong = await callError(makeClient({ ...stsEmulator, securityToken: "other" }), "ListJobs", {});
    expect([wrong.statusCode, wrong.code]).toEqual([400, "InvalidSecurityToken.MismatchWithAccessKey"]);
    const none = await callError(makeClient(stsEmulator), "ListJobs", {});
    expect(none.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
  });
});
