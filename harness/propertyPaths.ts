/**
 * The small subset of Pulumi property paths the harness needs for `ignoreChanges` and
 * `replaceOnChanges`: dotted object paths ("spec.image") and the "*" wildcard.
 */
import { deepCopy, type PropertyMap, type PropertyValue } from "./propertyValues";

function segments(path: string): string[] {
  return path.split(".").filter((part) => part !== "");
}

/**
 * Returns `news` with every ignored path reset to its value in `olds` (or removed when `olds` lacks
 * it), which is how the engine makes ignored properties look unchanged to Check and Diff.
 */
export function applyIgnoreChanges(news: PropertyMap, olds: PropertyMap, paths: string[]): PropertyMap {
  const result = deepCopy(news);
  for (const path of paths) {
    const parts = segments(path);
    if (parts.length === 0) {
      continue;
    }
    let target: Record<string, PropertyValue> = result;
    let source: PropertyValue | undefined = olds;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) {
        target = {};
        break;
      }
      target = next;
      source =
        typeof source === "object" && source !== null && !Array.isArray(source) ? source[part] : undefined;
    }
    const last = parts[parts.length - 1];
    const oldValue =
      typeof source === "object" && source !== null && !Array.isArray(source) ? source[last] : undefined;
    if (oldValue === undefined) {
      delete target[last];
    } else {
      target[last] = deepCopy(oldValue);
    }
  }
  return result;
}

/** True when the `replaceOnChanges` entry `pattern` covers the top-level property `key`. */
export function pathCovers(pattern: string, key: string): boolean {
  const parts = segments(pattern);
  return (
    parts.length > 0 && (parts[0] === "*" || parts[0] === "**" || (parts.length === 1 && parts[0] === key))
  );
}
