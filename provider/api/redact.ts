/**
 * Keeps request values out of error messages and log lines.
 *
 * The HTTP layers under `@alicloud/openapi-client` (tea, httpx) append the whole request URL,
 * query string included, to every network error (`socket hang upPOST http://host/pop/...?Envs=...
 * failed.`), and a query can carry environment values. Every text that leaves the client is
 * passed through {@link redactText} first, so nothing downstream has to think about it.
 *
 * SAE's own `Message` is kept (it is what explains a rejection, e.g. which name already
 * exists), with two things taken out: any URL or query string, and any value we sent that may be
 * secret: the form-body parameters (OSS keys and the other values that never go in a URL) and
 * the `value` of every environment variable. SAE does not echo those in practice; this makes
 * sure of it. Names such as AppName stay, since messages are useless without them.
 */

/** What replaces a value that was taken out. */
export const redactedMark = "<redacted>";

/** Longest text kept from a foreign error message, so a message cannot smuggle a body dump. */
const maxLength = 300;

/** `POST http://host/path?query failed.` (httpx) and `GET /path?query failed.` (read timeouts). */
const httpxSuffix =
  /(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:[a-z][a-z0-9+.-]*:\/\/|\/)\S*(?:\s+failed\.?)?/g;
/** Any absolute URL; replaced by its host. */
const absoluteUrl = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/gi;
/** A query string glued to a path or word: `?` followed by non-space characters. */
const queryString = /\?[^\s"']+/g;

/**
 * Returns `text` with URLs reduced to their host, query strings and HTTP request lines removed,
 * each of `values` (and its URL-encoded forms) replaced by {@link redactedMark}, and the result
 * cut to a readable length.
 */
export function redactText(text: string, values: readonly string[] = []): string {
  let out = text;
  // Longest first, so that a value containing another is replaced whole.
  for (const value of [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    for (const form of new Set([value, encodeURIComponent(value), formEncode(value)])) {
      out = out.split(form).join(redactedMark);
    }
  }
  out = out
    .replace(httpxSuffix, " ")
    .replace(absoluteUrl, (url) => hostOf(url))
    .replace(queryString, "")
    .replace(/\s+/g, " ")
    .trim();
  return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
}

/**
 * The values of a request that must never appear in a message: every form-body parameter and
 * each environment variable's `value` inside `Envs`/`SliceEnvs` (JSON arrays of `{name, value}`).
 */
export function sensitiveValues(
  params: Readonly<Record<string, unknown>>,
  bodyParams: readonly string[],
): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    const text = String(value);
    if (bodyParams.includes(name)) {
      values.push(text);
    }
    if (name === "Envs" || name === "SliceEnvs") {
      values.push(...envValues(text));
    }
  }
  return values;
}

/** The parameter with the longest URL-encoded `name=value`, for "the request is too large". */
export function largestParameter(
  params: Readonly<Record<string, unknown>>,
): { name: string; encodedLength: number } | undefined {
  let largest: { name: string; encodedLength: number } | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    const encodedLength = encodeURIComponent(String(value)).length;
    if (!largest || encodedLength > largest.encodedLength) {
      largest = { name, encodedLength };
    }
  }
  return largest;
}

/**
 * A copy of a transport failure that is safe to keep and print: its `name` and `code` (ECONNRESET,
 * ENOTFOUND…) and a redacted message; no request, socket or response objects attached.
 */
export function redactedCause(cause: unknown, values: readonly string[] = []): Error {
  if (!(cause instanceof Error)) {
    return new Error(redactText(String(cause), values));
  }
  const safe = new Error(redactText(cause.message, values) || cause.name);
  safe.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") {
    Object.assign(safe, { code });
  }
  // The stack would repeat the original message (URL and all) in its first line.
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}

/** `host[:port]` of a URL-looking text, or nothing when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** `application/x-www-form-urlencoded` form of a value (spaces as `+`). */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

function envValues(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) {
      return [];
    }
    return parsed
      .map((entry) => (entry as { value?: unknown } | null)?.value)
      .filter((value): value is string | number => typeof value === "string" || typeof value === "number")
      .map(String);
  } catch {
    return [];
  }
}
