"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { ErrorPanel } from "@/components/ui/error-panel";
import { errorInfoOf } from "@/lib/api/reads";
import { readQuery } from "@/lib/query-keys";
import type { TagsEditorProps } from "./tags-editor";

/** The tags of a resource for roles that may not edit them (tagging is for admins). */
export function TagsReadOnly({ context, resourceArn, resourceLabel }: TagsEditorProps) {
  const headingId = useId();
  const tagsQuery = useQuery(readQuery(context, "ListTagsForResource", { resourceArn }, false));
  const tags = Object.entries(tagsQuery.data?.data.tags ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-2 text-xs font-medium text-room-300">
        {resourceLabel ? `Tags of ${resourceLabel}` : "Tags"}
      </h3>
      {tagsQuery.error ? (
        <ErrorPanel title="Could not load the tags" error={errorInfoOf(tagsQuery.error)} />
      ) : !tagsQuery.data ? (
        <p className="text-xs text-room-300">Loading tags…</p>
      ) : tags.length === 0 ? (
        <p className="text-xs text-room-300">No tags.</p>
      ) : (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 font-mono text-xs">
          {tags.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-room-300">{key}</dt>
              <dd className="break-all text-room-100">{value || "—"}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
