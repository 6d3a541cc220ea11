import { validation, notFound } from "../errors";
import type { HandlerGroup } from "./handler-kit";
import { MAX_TAGS } from "@/lib/ivs/primitives";
import { resourceExists, setTags, tagsOf, type RegionStore, type World } from "./store";

/** Tag operations work on any taggable resource of the caller's account and region; other ARNs are 404. */
function requireTaggable(store: RegionStore, arn: string): void {
  if (!resourceExists(store, arn)) throw notFound(`Resource not found: ${arn}`);
}

export function tagHandlers(world: World): HandlerGroup<"TagResource" | "UntagResource" | "ListTagsForResource"> {
  return {
    TagResource(input, ctx) {
      const store = world.region(ctx);
      requireTaggable(store, input.resourceArn);
      const merged = { ...tagsOf(store, input.resourceArn), ...input.tags };
      if (Object.keys(merged).length > MAX_TAGS) {
        throw validation(
          `A resource can have at most ${MAX_TAGS} tags; this request would leave ${Object.keys(merged).length}.`,
        );
      }
      setTags(store, input.resourceArn, merged);
      return {};
    },

    UntagResource(input, ctx) {
      const store = world.region(ctx);
      requireTaggable(store, input.resourceArn);
      const remaining = tagsOf(store, input.resourceArn);
      for (const key of input.tagKeys) delete remaining[key];
      setTags(store, input.resourceArn, remaining);
      return {};
    },

    ListTagsForResource(input, ctx) {
      const store = world.region(ctx);
      requireTaggable(store, input.resourceArn);
      return { tags: tagsOf(store, input.resourceArn) };
    },
  };
}
