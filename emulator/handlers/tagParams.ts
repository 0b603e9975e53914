// Reading the tag parameters of TagResources, UntagResources and ListTagResources (and ListJobs'
// Tags filter). ResourceIds, Tags and TagKeys are JSON text in string parameters, as the official
// SDK sends them. A bad value is 400 InvalidParameter naming the parameter and the rule it breaks.

import { tagParameterError } from "../apiError";
import type { Tag } from "../store";
import { tagProblem } from "../tags";
import type { HandlerContext } from "./context";
import { required } from "./paramReaders";

/** Most resources one request may name. */
export const MAX_RESOURCE_IDS = 50;
/** The only ResourceType with tags here: job templates are SAE applications. */
export const RESOURCE_TYPE = "application";

const RESOURCE_IDS_SHAPE = `JSON text of an array of 1 to ${MAX_RESOURCE_IDS} AppIds, such as ["<AppId>"]`;
const TAGS_SHAPE =
  'JSON text of an array of {"key": "...", "value": "..."} objects (lower-case names), such as [{"key":"k1","value":"v1"}]';
const TAG_KEYS_SHAPE = 'JSON text of an array of tag keys, such as ["k1","k2"]';

function parseJsonText(name: string, text: string, shape: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw tagParameterError(name, `it is not valid JSON text; it must be ${shape}.`);
  }
}

/** RegionId must be the emulator's region, ResourceType "application"; both are required. */
export function checkRegionAndType(ctx: HandlerContext): void {
  const regionId = required(ctx.params, "RegionId");
  if (regionId !== ctx.regionId) {
    throw tagParameterError(
      "RegionId",
      `"${regionId}" is not the region this endpoint serves; it must be ${ctx.regionId}.`,
    );
  }
  const type = required(ctx.params, "ResourceType");
  if (type !== RESOURCE_TYPE) {
    throw tagParameterError(
      "ResourceType",
      `"${type}" is not a resource type with tags; the only one is "${RESOURCE_TYPE}" (job templates are applications).`,
    );
  }
}

/** ResourceIds: 1 to 50 AppIds, each named once in the answer (a repeated one counts once). */
export function parseResourceIds(text: string): string[] {
  const parsed = parseJsonText("ResourceIds", text, RESOURCE_IDS_SHAPE);
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string" && id !== "")) {
    throw tagParameterError("ResourceIds", `it must be ${RESOURCE_IDS_SHAPE}.`);
  }
  if (parsed.length < 1 || parsed.length > MAX_RESOURCE_IDS) {
    throw tagParameterError(
      "ResourceIds",
      `it names ${parsed.length} resources; it must name 1 to ${MAX_RESOURCE_IDS}.`,
    );
  }
  return [...new Set(parsed as string[])];
}

/** One entry of Tags as a tag, or why it is not one. */
function entryAsTag(entry: unknown): Tag | string {
  const shown = JSON.stringify(entry);
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return `the entry ${shown} is not an object.`;
  }
  const record = entry as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== "key" && k !== "value");
  if (extra.length > 0 || typeof record.key !== "string" || typeof record.value !== "string") {
    // "Key"/"Value" is the likely mistake: DescribeJob answers capitalised names.
    return `the entry ${shown} must have exactly a string "key" and a string "value" (lower-case names).`;
  }
  return { key: record.key, value: record.value };
}

/**
 * Tags (TagResources) or a Tags filter (ListTagResources, ListJobs). To write: at least one tag,
 * each key once, and no `aliyun` / `acs:` keys. A filter may be `[]` (no filter) and may name
 * system keys, since SAE's own tags are there to be found.
 */
export function parseTags(name: string, text: string, use: "write" | "filter"): Tag[] {
  const parsed = parseJsonText(name, text, TAGS_SHAPE);
  if (!Array.isArray(parsed)) {
    throw tagParameterError(name, `it must be ${TAGS_SHAPE}.`);
  }
  if (use === "write" && parsed.length === 0) {
    throw tagParameterError(name, "it names no tag; it must name at least one.");
  }
  const tags: Tag[] = [];
  for (const entry of parsed) {
    const tag = entryAsTag(entry);
    if (typeof tag === "string") {
      throw tagParameterError(name, tag);
    }
    const problem = tagProblem(tag, use === "write");
    if (problem) {
      throw tagParameterError(name, problem);
    }
    if (use === "write" && tags.some((t) => t.key === tag.key)) {
      throw tagParameterError(name, `it names the tag key "${tag.key}" twice; a key can have one value.`);
    }
    tags.push(tag);
  }
  return tags;
}

/** TagKeys (UntagResources): at least one key; `aliyun` / `acs:` keys are SAE's and are refused. */
export function parseTagKeys(text: string): string[] {
  const parsed = parseJsonText("TagKeys", text, TAG_KEYS_SHAPE);
  if (!Array.isArray(parsed) || !parsed.every((k) => typeof k === "string")) {
    throw tagParameterError("TagKeys", `it must be ${TAG_KEYS_SHAPE}.`);
  }
  if (parsed.length === 0) {
    throw tagParameterError("TagKeys", "it names no key; it must name at least one.");
  }
  for (const key of parsed as string[]) {
    const problem = tagProblem({ key, value: "" }, true);
    if (problem) {
      throw tagParameterError("TagKeys", problem);
    }
  }
  return parsed as string[];
}

/** A boolean parameter of the tag operations (DeleteAll). */
export function parseTagBoolean(name: string, value: string): boolean {
  if (value !== "true" && value !== "false") {
    throw tagParameterError(name, `it must be true or false, got "${value}".`);
  }
  return value === "true";
}
