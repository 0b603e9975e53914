// ACS3-HMAC-SHA256 verification (OPERATIONS.md, "Request signing"). The canonical request is
// rebuilt from what actually arrived on the wire, never from what the client says it signed, so
// a changed query value, header or body is caught.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ApiError } from "./apiError";
import { acsPercentEncode, type Pair } from "./urlEncoded";

const ALGORITHM = "ACS3-HMAC-SHA256";
/** A request dated further than this from the server clock is rejected. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Headers that must be both present and signed. */
const REQUIRED_SIGNED_HEADERS = [
  "host",
  "x-acs-action",
  "x-acs-version",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-content-sha256",
];

/** A request as it arrived, reduced to what the signature covers. */
export interface ArrivedRequest {
  method: string;
  /** The path exactly as it arrived (still percent-encoded), without the query. */
  rawPath: string;
  /** Decoded query pairs. */
  queryPairs: readonly Pair[];
  /** Lower-cased header names to every value that arrived under that name. */
  headers: Readonly<Record<string, readonly string[]>>;
  body: Buffer;
}

/** The credentials the emulator accepts. */
export interface AcceptedCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function incomplete(why: string): ApiError {
  return new ApiError(
    400,
    "IncompleteSignature",
    `The request signature does not conform to Aliyun standards: ${why}`,
  );
}

function signatureMismatch(why: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(
    400,
    "SignatureDoesNotMatch",
    `The request signature we calculated does not match the signature you provided: ${why}`,
    extra,
  );
}

interface ParsedAuthorization {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

/** Parse `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`. */
function parseAuthorization(value: string | undefined): ParsedAuthorization {
  if (value === undefined || value.trim() === "") {
    throw incomplete("the Authorization header is missing.");
  }
  const trimmed = value.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`unsupported signature algorithm "${algorithm}"; only ${ALGORITHM} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) {
      fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature) {
    throw incomplete("the Authorization header needs Credential, SignedHeaders and Signature.");
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw incomplete("Signature must be 64 hex digits.");
  }
  return {
    credential,
    signedHeaders: [...new Set(signedHeaders.split(";").map((h) => h.trim().toLowerCase()))]
      .filter((h) => h !== "")
      .sort(),
    signature: signature.toLowerCase(),
  };
}

/** Canonical query: decoded pairs sorted by key, keys as they are, values ACS-percent-encoded. */
export function canonicalQuery(pairs: readonly Pair[]): string {
  // Sort as the signer does (plain code-unit order of the keys); tie-break on value for stability.
  const sorted = [...pairs].sort(([ka, va], [kb, vb]) =>
    ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0,
  );
  return sorted.map(([k, v]) => `${k}=${acsPercentEncode(v)}`).join("&");
}

/** The canonical request the client should have signed, rebuilt from the arrived request. */
export function canonicalRequest(
  req: ArrivedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const headerLines = signedHeaders
    .map((name) => {
      const values = (req.headers[name] ?? []).map((v) => v.trim()).sort();
      return `${name}:${values.join(",")}\n`;
    })
    .join("");
  return [
    req.method,
    req.rawPath,
    canonicalQuery(req.queryPairs),
    headerLines,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

function firstHeader(req: ArrivedRequest, name: string): string | undefined {
  return req.headers[name]?.[0];
}

/** Checks ACS3 signatures, timestamps, nonces and the security token. */
export class SignatureVerifier {
  /** Nonce to the time it may be forgotten (when its date could no longer pass the skew check). */
  private readonly seenNonces = new Map<string, number>();

  constructor(private readonly accepted: AcceptedCredentials) {}

  /** Throws an ApiError with the documented code when the request is not properly signed. */
  verify(req: ArrivedRequest, now: number): void {
    const auth = parseAuthorization(firstHeader(req, "authorization"));
    if (auth.credential !== this.accepted.accessKeyId) {
      throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    for (const name of REQUIRED_SIGNED_HEADERS) {
      if (!auth.signedHeaders.includes(name)) {
        throw incomplete(`the header ${name} must be signed.`);
      }
      if (!firstHeader(req, name)) {
        throw incomplete(`the header ${name} is missing.`);
      }
    }
    // Headers that change how the request is read must be covered too.
    for (const name of ["content-type", "x-acs-security-token"]) {
      if (firstHeader(req, name) !== undefined && !auth.signedHeaders.includes(name)) {
        throw incomplete(`the header ${name} must be signed.`);
      }
    }

    // The canonical request uses the header as sent; only the comparison ignores hex case.
    const claimedHash = firstHeader(req, "x-acs-content-sha256")!;
    if (claimedHash.toLowerCase() !== sha256Hex(req.body)) {
      throw signatureMismatch("x-acs-content-sha256 is not the SHA-256 of the request body received.");
    }

    const canonical = canonicalRequest(req, auth.signedHeaders, claimedHash);
    const stringToSign = `${ALGORITHM}\n${sha256Hex(canonical)}`;
    const expected = createHmac("sha256", this.accepted.accessKeySecret).update(stringToSign).digest();
    const given = Buffer.from(auth.signature, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      // The canonical request and string to sign help a client author find a signing difference;
      // neither reveals the secret.
      throw signatureMismatch("check your AccessKey secret and signing method.", {
        CanonicalRequest: canonical,
        StringToSign: stringToSign,
      });
    }

    this.checkDate(firstHeader(req, "x-acs-date")!, now);
    this.checkToken(firstHeader(req, "x-acs-security-token"));
    this.useNonce(firstHeader(req, "x-acs-signature-nonce")!, now);
  }

  private checkDate(value: string, now: number): void {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new ApiError(
        400,
        "InvalidTimeStamp.Format",
        `Specified time stamp or date value is not well formatted: ${value} (expected YYYY-MM-DDTHH:mm:ssZ).`,
      );
    }
    if (Math.abs(now - Date.parse(value)) > MAX_CLOCK_SKEW_MS) {
      throw new ApiError(
        400,
        "InvalidTimeStamp.Expired",
        `Specified time stamp or date value is expired: ${value} is more than 15 minutes from the server time.`,
      );
    }
  }

  private checkToken(token: string | undefined): void {
    // Without a configured token, a token sent along is ignored: the emulator has no STS.
    if (this.accepted.securityToken === undefined) {
      return;
    }
    if (token !== this.accepted.securityToken) {
      throw new ApiError(
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "Specified SecurityToken mismatch with the AccessKey.",
      );
    }
  }

  /** Remember the nonce for as long as a request carrying it could still pass the date check. */
  private useNonce(nonce: string, now: number): void {
    for (const [seen, forgetAt] of this.seenNonces) {
      if (forgetAt > now) {
        break;
      } // insertion order is expiry order
      this.seenNonces.delete(seen);
    }
    if (this.seenNonces.has(nonce)) {
      throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }
    this.seenNonces.set(nonce, now + 2 * MAX_CLOCK_SKEW_MS);
  }
}
