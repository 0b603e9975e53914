// The tag operations: TagResources, UntagResources, ListTagResources. A change is checked for every
// named resource before any is made, so a refused request changes nothing.

import { ApiError, tagParameterError } from "../apiError";
import type { JobTemplate } from "../store";
import { carriesAll, tagLimitProblem, tagsOf, withoutTags, withoutUserTags, withTags } from "../tags";
import type { HandlerContext } from "./context";
import { optional, required } from "./paramReaders";
import {
  checkRegionAndType,
  parseResourceIds,
  parseTagBoolean,
  parseTagKeys,
  parseTags,
  RESOURCE_TYPE,
} from "./tagParams";

/** ListTagResources answers at most this many entries a page, as the official SDK documents. */
export const TAG_PAGE_SIZE = 50;

/** The named templates; an unknown AppId is 404 InvalidAppId.NotFound, as DescribeJob answers. */
function templatesNamed(ctx: HandlerContext, ids: readonly string[]): JobTemplate[] {
  return ids.map((id) => {
    const t = ctx.store.templates.get(id);
    if (!t) {
      throw new ApiError(404, "InvalidAppId.NotFound", `The specified AppId does not exist: ${id}`, {
        ResourceId: id,
      });
    }
    return t;
  });
}

/** TagResources: add tags to templates; a key already there takes the new value. Data: true. */
export function tagResources(ctx: HandlerContext): unknown {
  checkRegionAndType(ctx);
  const ids = parseResourceIds(required(ctx.params, "ResourceIds"));
  const changes = parseTags("Tags", required(ctx.params, "Tags"), "write");
  const updates = templatesNamed(ctx, ids).map((t) => ({ t, tags: withTags(tagsOf(t), changes) }));
  for (const { t, tags } of updates) {
    const problem = tagLimitProblem(t.appId, tags);
    if (problem) {
      throw tagParameterError("Tags", problem);
    }
  }
  for (const { t, tags } of updates) {
    t.tags = tags;
  }
  ctx.store.commit();
  return true;
}

/**
 * UntagResources: remove the TagKeys (a key not there is fine), or, without TagKeys and with
 * DeleteAll=true, every user tag; the `acs:` / `aliyun` tags SAE set stay. Data: true.
 */
export function untagResources(ctx: HandlerContext): unknown {
  checkRegionAndType(ctx);
  const ids = parseResourceIds(required(ctx.params, "ResourceIds"));
  const keysText = optional(ctx.params, "TagKeys");
  const keys = keysText === undefined ? undefined : parseTagKeys(keysText);
  const deleteAllText = optional(ctx.params, "DeleteAll");
  // Read even when TagKeys wins, so a malformed value is still refused.
  const deleteAll = deleteAllText !== undefined && parseTagBoolean("DeleteAll", deleteAllText);
  if (keys === undefined && !deleteAll) {
    throw tagParameterError(
      "TagKeys",
      "UntagResources needs TagKeys, or DeleteAll=true to remove every user tag.",
    );
  }
  for (const t of templatesNamed(ctx, ids)) {
    t.tags = keys === undefined ? withoutUserTags(tagsOf(t)) : withoutTags(tagsOf(t), keys);
  }
  ctx.store.commit();
  return true;
}

/** NextToken for the entries from `offset` on: opaque to clients, an offset to the emulator. */
function nextToken(offset: number): string {
  return Buffer.from(`tags/${offset}`).toString("base64url");
}

/** The offset a NextToken stands for; absent or "": the first page. */
function tokenOffset(token: string | undefined): number {
  if (token === undefined) {
    return 0;
  }
  const match = /^tags\/(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match || nextToken(Number(match[1])) !== token) {
    throw tagParameterError("NextToken", "it is not a NextToken this operation answered.");
  }
  return Number(match[1]);
}

/**
 * ListTagResources: Data { NextToken, TagResources }, one entry per tag of each template named by
 * ResourceIds (in that order) or, without them, of every template (in creation order), keeping
 * those that carry every Tags pair; 50 a page, NextToken "" on the last.
 */
export function listTagResources(ctx: HandlerContext): unknown {
  checkRegionAndType(ctx);
  const idsText = optional(ctx.params, "ResourceIds");
  const tagsText = optional(ctx.params, "Tags");
  if (idsText === undefined && tagsText === undefined) {
    throw tagParameterError("ResourceIds", "ListTagResources needs ResourceIds, Tags or both.");
  }
  const candidates =
    idsText === undefined ? ctx.store.templateList() : templatesNamed(ctx, parseResourceIds(idsText));
  const wanted = tagsText === undefined ? [] : parseTags("Tags", tagsText, "filter");
  const offset = tokenOffset(optional(ctx.params, "NextToken"));
  const entries = candidates
    .filter((t) => carriesAll(tagsOf(t), wanted))
    .flatMap((t) =>
      tagsOf(t).map((tag) => ({
        ResourceId: t.appId,
        ResourceType: RESOURCE_TYPE,
        TagKey: tag.key,
        TagValue: tag.value,
      })),
    );
  const end = offset + TAG_PAGE_SIZE;
  return {
    NextToken: end < entries.length ? nextToken(end) : "",
    TagResources: entries.slice(offset, end),
  };
}
