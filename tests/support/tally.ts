/** Test support: counting what a run said or sent, by a key. */

/** How many times `key(x)` comes up in `items`; items whose key is `undefined` are not counted. */
export function tally<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) {
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}
