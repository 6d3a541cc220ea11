"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { tagResourceAction, untagResourceAction } from "@/app/actions/tags";
import { useIvsAction } from "@/components/hooks/use-action";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { inputClass } from "@/components/ui/field";
import { errorInfoOf } from "@/lib/api/reads";
import type { TagsEditorProps } from "./tags-editor";
import { MAX_TAGS } from "@/lib/ivs/primitives";
import { readQuery } from "@/lib/query-keys";
import type { ErrorInfo } from "@/lib/result";
import { checkTagRows, diffTags, isEmptyDiff, rowsFromTags, type TagRow } from "./tags";

/**
 * Tags of any taggable IVS resource (stage, composition, encoder/storage/ingest configuration, public key):
 * loads ListTagsForResource, edits rows with live validation (key 1–128, value 0–256, at most 50, unique),
 * and saves the difference: UntagResource for removed keys, then TagResource for added or changed ones.
 *
 * Mount it anywhere with the resource's ARN, e.g. on the stage page:
 *   <TagsEditor context={context} resourceArn={stage.arn} resourceLabel={stage.name} />
 */
export default function TagsEditorImpl({ context, resourceArn, resourceLabel, onSaved }: TagsEditorProps) {
  const headingId = useId();
  const untag = useIvsAction(context, untagResourceAction);
  const tag = useIvsAction(context, tagResourceAction);
  // No polling: a refresh in the middle of an edit must not move rows under the user's cursor.
  const tagsQuery = useQuery({ ...readQuery(context, "ListTagsForResource", { resourceArn }, false), staleTime: 0 });
  const [draft, setDraft] = useState<TagRow[] | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const nextId = useRef(0);
  const focusRow = useRef<string | undefined>(undefined);

  const saved = tagsQuery.data?.data.tags;
  const rows = draft ?? rowsFromTags(saved);
  const check = checkTagRows(rows);
  const diff = saved ? diffTags(saved, check.tags) : { set: {}, remove: [] };
  const dirty = draft !== undefined && !isEmptyDiff(diff);
  const count = rows.filter((row) => row.key !== "" || row.value !== "").length;
  const title = resourceLabel ? `Tags of ${resourceLabel}` : "Tags";

  function edit(next: TagRow[]) {
    setDraft(next);
    setError(undefined);
  }

  function update(id: string, patch: Partial<Pick<TagRow, "key" | "value">>) {
    edit(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  }

  function add() {
    const id = `new:${nextId.current++}`;
    focusRow.current = id;
    edit([...rows, { id, key: "", value: "" }]);
  }

  function remove(index: number) {
    const next = rows.filter((_, i) => i !== index);
    // Keep keyboard users in the list: focus the row that took this one's place (or the previous one).
    const neighbour = next[Math.min(index, next.length - 1)];
    focusRow.current = neighbour?.id;
    if (!neighbour) document.getElementById(`${headingId}-add`)?.focus();
    edit(next);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!check.ok || !saved || isEmptyDiff(diff)) return;
    setBusy(true);
    setError(undefined);
    try {
      // Untag first: a rename never needs 51 tags at once.
      if (diff.remove.length) {
        const result = await untag.run({ resourceArn, tagKeys: diff.remove });
        if (!result.ok) return setError(result.error);
      }
      if (Object.keys(diff.set).length) {
        const result = await tag.run({ resourceArn, tags: diff.set });
        if (!result.ok) return setError(result.error);
      }
      toast.success(`${title}: saved`);
      await tagsQuery.refetch();
      setDraft(undefined);
      onSaved?.(check.tags);
    } finally {
      setBusy(false);
    }
  }

  const rowRef = (id: string) => (element: HTMLInputElement | null) => {
    if (element && focusRow.current === id) {
      focusRow.current = undefined;
      element.focus();
    }
  };

  return (
    <section aria-labelledby={headingId} className="rounded border border-room-700 p-3">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-room-100">
          {title}
        </h3>
        <span className="text-xs text-room-300">
          {count} of {MAX_TAGS} tags
        </span>
      </div>
      {tagsQuery.isLoading ? (
        <p role="status" className="text-xs text-room-300">
          Loading tags…
        </p>
      ) : tagsQuery.error && !saved ? (
        <ErrorPanel title="Could not load the tags" error={errorInfoOf(tagsQuery.error)} />
      ) : (
        <form onSubmit={save} noValidate aria-label={title}>
          {rows.length === 0 ? (
            <p className="mb-2 text-xs text-room-300">
              No tags yet. Add one to label this resource for cost reports and access policies.
            </p>
          ) : null}
          <ul className="space-y-2">
            {rows.map((row, index) => {
              const errors = check.rowErrors[row.id];
              const n = index + 1;
              const keyErrorId = `${headingId}-${index}-key-error`;
              const valueErrorId = `${headingId}-${index}-value-error`;
              return (
                <li key={row.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
                  <div>
                    <input
                      ref={rowRef(row.id)}
                      className={inputClass}
                      value={row.key}
                      onChange={(e) => update(row.id, { key: e.target.value })}
                      aria-label={`Tag key ${n}`}
                      placeholder="key"
                      aria-invalid={errors?.key ? true : undefined}
                      aria-describedby={errors?.key ? keyErrorId : undefined}
                    />
                    {errors?.key ? (
                      <p id={keyErrorId} role="alert" className="mt-1 text-xs text-live">
                        {errors.key}
                      </p>
                    ) : null}
                  </div>
                  <div>
                    <input
                      className={inputClass}
                      value={row.value}
                      onChange={(e) => update(row.id, { value: e.target.value })}
                      aria-label={`Tag value ${n}`}
                      placeholder="value (may be empty)"
                      aria-invalid={errors?.value ? true : undefined}
                      aria-describedby={errors?.value ? valueErrorId : undefined}
                    />
                    {errors?.value ? (
                      <p id={valueErrorId} role="alert" className="mt-1 text-xs text-live">
                        {errors.value}
                      </p>
                    ) : null}
                  </div>
                  <Button
                    variant="ghost"
                    className="px-2"
                    aria-label={`Remove tag ${row.key || n}`}
                    onClick={() => remove(index)}
                  >
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
          {check.formError ? (
            <p role="alert" className="mt-2 text-xs text-live">
              {check.formError}
            </p>
          ) : null}
          {error ? (
            <div className="mt-2">
              <ErrorPanel title="Saving the tags failed" error={error} />
            </div>
          ) : null}
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
            <Button id={`${headingId}-add`} onClick={add} disabled={count >= MAX_TAGS}>
              Add tag
            </Button>
            <div className="flex items-center gap-2">
              {dirty ? (
                <span className="text-xs text-warn" aria-live="polite">
                  {Object.keys(diff.set).length} to set · {diff.remove.length} to remove
                </span>
              ) : null}
              <Button
                onClick={() => {
                  setDraft(undefined);
                  setError(undefined);
                }}
                disabled={draft === undefined || busy}
              >
                Discard changes
              </Button>
              <Button type="submit" variant="primary" busy={busy} disabled={!dirty || !check.ok}>
                Save tags
              </Button>
            </div>
          </div>
        </form>
      )}
    </section>
  );
}
