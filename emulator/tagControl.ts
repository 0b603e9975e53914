// Tag controls for test code (the Emulator object's setTags and tagsOf): tags SAE sets on its own
// (`acs:…`) or a console user sets, without a request. Misuse throws (not an ApiError): it is a
// mistake in the test, not an answer to a client.

import type { JobTemplate, Store, Tag } from "./store";
import { tagLimitProblem, tagProblem, tagsOf, withTags } from "./tags";

function templateOrThrow(store: Store, appId: string, caller: string): JobTemplate {
  const t = store.templates.get(appId);
  if (!t) {
    throw new Error(`${caller}: no job template ${appId}`);
  }
  return t;
}

/**
 * Merge `tags` into the template's tags. Every tag rule applies except the `aliyun` / `acs:` one,
 * so tests can add the system tags SAE sets itself. Throws Error for an unknown template, TypeError
 * when `tags` is not a record of strings, RangeError for a tag or a tag count the rules refuse.
 */
export function setTags(store: Store, appId: string, tags: Record<string, string>): void {
  const t = templateOrThrow(store, appId, "setTags");
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw new TypeError("setTags: tags must be an object of key to value");
  }
  const changes: Tag[] = Object.entries(tags).map(([key, value]) => {
    if (typeof value !== "string") {
      throw new TypeError(`setTags: the value of tag key "${key}" must be a string`);
    }
    return { key, value };
  });
  for (const tag of changes) {
    const problem = tagProblem(tag, false);
    if (problem) {
      throw new RangeError(`setTags: ${problem}`);
    }
  }
  const merged = withTags(tagsOf(t), changes);
  const overLimit = tagLimitProblem(appId, merged);
  if (overLimit) {
    throw new RangeError(`setTags: ${overLimit}`);
  }
  t.tags = merged;
  store.commit();
}

/** The template's tags as a record (a copy). Throws Error for an unknown template. */
export function tagRecord(store: Store, appId: string): Record<string, string> {
  const t = templateOrThrow(store, appId, "tagsOf");
  return Object.fromEntries(tagsOf(t).map((tag) => [tag.key, tag.value]));
}
