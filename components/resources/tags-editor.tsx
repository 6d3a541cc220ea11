"use client";

import { lazy, Suspense } from "react";
import { Can } from "@/components/auth/can";
import { useAfterLoad } from "@/components/hooks/after-load";
import type { ConsoleContext } from "@/lib/context";
import { TagsReadOnly } from "./tags-read-only";

// The editor (with its validation schemas) loads when a resource's details are first opened.
const TagsEditorImpl = lazy(() => import("./tags-editor-impl"));

export interface TagsEditorProps {
  context: ConsoleContext;
  resourceArn: string;
  /** Used in the accessible names and messages ("Tags of morning-show"). */
  resourceLabel?: string;
  onSaved?: (tags: Record<string, string>) => void;
}

/** Tags of any taggable IVS resource: list, add, edit, remove, save (admins; other roles see them read-only). */
export function TagsEditor(props: TagsEditorProps) {
  // The editor's code loads once the page has loaded; until then (a moment) everyone sees the read-only list.
  const loaded = useAfterLoad();
  if (!loaded) return <TagsReadOnly {...props} />;
  return (
    <Can perform="TagResource" fallback={<TagsReadOnly {...props} />}>
      <Suspense fallback={<p className="text-xs text-room-300">Loading tags…</p>}>
        <TagsEditorImpl {...props} />
      </Suspense>
    </Can>
  );
}
