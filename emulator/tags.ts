// Tags on job templates: Alibaba Cloud's tag rules and the changes the tag operations make. The
// wire (JSON text in string parameters) is read in handlers/tagParams.ts; this module knows
// nothing of requests. Rules return the broken rule as a sentence, so each caller can wrap it in
// its own kind of error (an API answer, or a test's RangeError).

import type { JobTemplate, Tag } from "./store";

/** User tags a resource may carry; tags whose key starts with `acs:` or `aliyun` do not count. */
export const MAX_USER_TAGS = 20;
/** Longest key or value, in characters. */
export const MAX_TAG_LENGTH = 128;

/** Characters (code points), not UTF-16 units: 128 CJK or emoji characters are 128 characters. */
function charCount(text: string): number {
  return [...text].length;
}

/**
 * Whether a key is one Alibaba Cloud reserves for itself (`aliyun…`, `acs:…`). Compared without
 * regard to case: "Aliyun-x" is refused too, the stricter reading of a rule the docs state in lower case.
 */
export function isSystemTagKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith("aliyun") || lower.startsWith("acs:");
}

/**
 * The rule a tag breaks, or undefined. `refuseReserved`: whether `aliyun` / `acs:` keys are
 * refused (they are for what a user writes, not for filters or for tags SAE sets itself).
 */
export function tagProblem(tag: Tag, refuseReserved: boolean): string | undefined {
  const keyLength = charCount(tag.key);
  if (keyLength < 1 || keyLength > MAX_TAG_LENGTH) {
    return `the tag key "${tag.key}" is ${keyLength} characters long; a key must be 1 to ${MAX_TAG_LENGTH} characters.`;
  }
  if (refuseReserved && isSystemTagKey(tag.key)) {
    return `the tag key "${tag.key}" starts with "aliyun" or "acs:", which Alibaba Cloud reserves; a key must not start with either.`;
  }
  const lower = tag.key.toLowerCase();
  if (lower.includes("http://") || lower.includes("https://")) {
    return `the tag key "${tag.key}" contains "http://" or "https://"; a key must not contain either.`;
  }
  const valueLength = charCount(tag.value);
  if (valueLength > MAX_TAG_LENGTH) {
    return `the value of the tag key "${tag.key}" is ${valueLength} characters long; a value must be 0 to ${MAX_TAG_LENGTH} characters.`;
  }
  return undefined;
}

/** How many of these tags count towards {@link MAX_USER_TAGS}. */
export function userTagCount(tags: readonly Tag[]): number {
  return tags.filter((t) => !isSystemTagKey(t.key)).length;
}

/** The rule a resource that would carry `tags` breaks (too many user tags), or undefined. */
export function tagLimitProblem(appId: string, tags: readonly Tag[]): string | undefined {
  const count = userTagCount(tags);
  if (count <= MAX_USER_TAGS) {
    return undefined;
  }
  return `the job template ${appId} would carry ${count} user tags; a resource may carry at most ${MAX_USER_TAGS} (tags whose key starts with "acs:" or "aliyun" do not count).`;
}

/** A template's tags; none is []. */
export function tagsOf(t: JobTemplate): readonly Tag[] {
  return t.tags ?? [];
}

/** `existing` with `changes` applied: a key already there takes the new value and keeps its place. */
export function withTags(existing: readonly Tag[], changes: readonly Tag[]): Tag[] {
  const merged = existing.map((t) => ({ ...t }));
  for (const change of changes) {
    const same = merged.find((t) => t.key === change.key);
    if (same) {
      same.value = change.value;
    } else {
      merged.push({ key: change.key, value: change.value });
    }
  }
  return merged;
}

/** `existing` without the given keys (a key not there is fine). */
export function withoutTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const gone = new Set(keys);
  return existing.filter((t) => !gone.has(t.key));
}

/** `existing` without its user tags: DeleteAll leaves the tags SAE set itself. */
export function withoutUserTags(existing: readonly Tag[]): Tag[] {
  return existing.filter((t) => isSystemTagKey(t.key));
}

/** Whether `tags` carries every wanted key with exactly that value (case-sensitive). */
export function carriesAll(tags: readonly Tag[], wanted: readonly Tag[]): boolean {
  return wanted.every((w) => tags.some((t) => t.key === w.key && t.value === w.value));
}

/** Tags as DescribeJob and ListJobs answer them: capitalised keys, `[]` when none. */
export function renderTags(t: JobTemplate): { Key: string; Value: string }[] {
  return tagsOf(t).map((tag) => ({ Key: tag.key, Value: tag.value }));
}
