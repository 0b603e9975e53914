// Decoding of URL queries and application/x-www-form-urlencoded bodies, and the percent-encoding
// the ACS3 signature uses. Written out rather than using URLSearchParams so that the exact pairs
// that arrived (order, empty values) are what the signature check sees.

/** One decoded `key=value` pair, in arrival order. */
export type Pair = [key: string, value: string];

/** Thrown when a percent escape is malformed. */
export class MalformedEncodingError extends Error {}

function decodeComponent(text: string): string {
  try {
    // Form encoding writes a space as "+"; the SDK never sends a raw "+" (it writes %2B).
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new MalformedEncodingError(`malformed percent-encoding in "${text}"`);
  }
}

/** Decode `a=1&b=&c` into pairs (a key without "=" has the value ""). Empty segments are skipped. */
export function decodePairs(encoded: string): Pair[] {
  const text = encoded.startsWith("?") ? encoded.slice(1) : encoded;
  if (text === "") {
    return [];
  }
  const pairs: Pair[] = [];
  for (const segment of text.split("&")) {
    if (segment === "") {
      continue;
    }
    const eq = segment.indexOf("=");
    const key = eq < 0 ? segment : segment.slice(0, eq);
    const value = eq < 0 ? "" : segment.slice(eq + 1);
    pairs.push([decodeComponent(key), decodeComponent(value)]);
  }
  return pairs;
}

/** Pairs as a record; a repeated key keeps its last value. */
export function pairsToRecord(pairs: readonly Pair[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of pairs) {
    out[k] = v;
  }
  return { ...out };
}

/** Percent-encoding of the ACS3 canonical query: encodeURIComponent plus ! ' ( ) *. */
export function acsPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}
