/**
 * A template's tags, applied after it exists (CreateJob and UpdateJob take none): one
 * TagResources for the keys added or changed, one UntagResources for the keys removed (every user
 * tag at once when none is wanted any more). Tags SAE sets itself are never touched: read-back
 * leaves them out of `tagsAll`, so they are never among the keys to remove.
 */
import type { SaeClient } from "../../api/client";
import { SaeConfigError } from "../../api/errors";
import type { TaggedResources } from "../../api/types";
import { regionOf } from "../context";
import { isPlainObject, sameValue } from "../../schema/shapes";
import { tagChanges } from "../../schema/tags";

/** Tags as they appear in inputs and outputs (`tagsAll`): key to value, or absent. */
type Tags = Readonly<Record<string, string>>;

/** The tags a `tagsAll` value holds; none when it is not set. */
export function tagsOf(value: unknown): Tags {
  return isPlainObject(value) ? (value as Tags) : {};
}

/** True when `tagsAll` must change from `current` to `wanted`. */
export function tagsDiffer(current: unknown, wanted: unknown): boolean {
  return !sameValue(tagsOf(current), tagsOf(wanted));
}

/** The template to tag: its AppId and the region it lives in (DescribeJob's RegionId), if known. */
export interface TagTarget {
  readonly appId: string;
  readonly regionId?: unknown;
}

/**
 * Applies the change from `current` to `wanted` tags; returns the operations sent (none when
 * nothing changes). `log` hears one line per operation, naming keys, never values.
 */
export async function applyTags(
  client: SaeClient,
  target: TagTarget,
  current: unknown,
  wanted: unknown,
  log: (line: string) => void,
): Promise<string[]> {
  const { set, remove } = tagChanges(tagsOf(current), tagsOf(wanted));
  const sent: string[] = [];
  if (Object.keys(set).length === 0 && remove.length === 0) {
    return sent;
  }
  const resources = taggedResources(client, target);
  if (Object.keys(set).length > 0) {
    log(`TagResources (${Object.keys(set).sort().join(", ")})`);
    const pairs = Object.keys(set)
      .sort()
      .map((key) => ({ key, value: set[key] }));
    await client.tagResources({ ...resources, Tags: JSON.stringify(pairs) });
    sent.push("TagResources");
  }
  if (remove.length > 0) {
    const all = Object.keys(tagsOf(wanted)).length === 0;
    log(`UntagResources (${all ? "every tag" : [...remove].sort().join(", ")})`);
    await client.untagResources(
      all ? { ...resources, DeleteAll: true } : { ...resources, TagKeys: JSON.stringify([...remove].sort()) },
    );
    sent.push("UntagResources");
  }
  return sent;
}

function taggedResources(client: SaeClient, target: TagTarget): TaggedResources {
  const regionId = regionOf({ regionId: target.regionId }) ?? client.regionId;
  if (!regionId) {
    throw new SaeConfigError(
      `tagging job template ${target.appId} needs its region, which neither DescribeJob nor the settings ` +
        "gave: set sae:region.",
    );
  }
  return { RegionId: regionId, ResourceIds: JSON.stringify([target.appId]), ResourceType: "application" };
}
