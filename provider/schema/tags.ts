/**
 * Tags on SAE resources: the rules Alibaba Cloud's tag service applies, as one shape that checks
 * them, and the split between the tags a user sets and those SAE sets on its own.
 */
import { stringMap, type StringMapShape } from "./shapes";

/** Alibaba Cloud allows at most this many user tags on one resource. */
export const maxUserTags = 20;

/** The longest key, and the longest value, in characters. */
export const maxTagLength = 128;

/** Keys SAE and other Alibaba Cloud services set themselves: never the user's to set or clear. */
export function isSystemTagKey(key: string): boolean {
  return key.startsWith("acs:") || key.startsWith("aliyun");
}

/**
 * The rule a tag breaks, or `undefined`. Keys are case-sensitive. An empty value is allowed, as
 * the console allows it (the API reference says 1 to 128 characters, but the console saves a key
 * with no value); keys are 1 to 128 characters.
 */
export function tagProblem(key: string, value: string): string | undefined {
  if (key.length === 0 || key.length > maxTagLength) {
    return `the key must be 1 to ${maxTagLength} characters (got ${key.length})`;
  }
  if (isSystemTagKey(key)) {
    return 'the key must not start with "aliyun" or "acs:" (those are set by Alibaba Cloud)';
  }
  if (/https?:\/\//.test(key)) {
    return 'the key must not contain "http://" or "https://"';
  }
  if (value.length > maxTagLength) {
    return `the value must be at most ${maxTagLength} characters (got ${value.length})`;
  }
  return undefined;
}

/** A set of tags: key to value, under the rules above, at most {@link maxUserTags}. */
export const tagsShape: StringMapShape = stringMap({
  maxEntries: maxUserTags,
  refineEntry: tagProblem,
  ignoredKey: isSystemTagKey,
});

/** What changing tags from `current` to `wanted` takes: keys to set (new or changed), keys to remove. */
export interface TagChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** The tag changes from `current` to `wanted` (both user tags only). */
export function tagChanges(
  current: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
): TagChanges {
  const set = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
  const remove = Object.keys(current).filter((key) => !(key in wanted));
  return { set, remove };
}
