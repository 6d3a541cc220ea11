"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Can } from "@/components/auth/can";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { SimpleTable, type Column } from "@/components/ui/simple-table";
import { errorInfoOf, type AllPages, type ReadOperationName } from "@/lib/api/reads";
import type { Permission } from "@/lib/auth/roles";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import type { InputOf, OutputOf } from "@/lib/ivs/operations";
import { ivsKeys } from "@/lib/query-keys";
import type { ErrorInfo, ReadResult, Result } from "@/lib/result";

/**
 * How a create dialog opens: with its own trigger button (resource pages; `defaultOpen` once DeferredDialog has
 * loaded it), or from a caller that controls `open` and takes the new resource's ARN (the designer).
 */
export interface CreateDialogProps {
  readonly defaultOpen?: boolean;
  readonly open?: boolean;
  readonly onOpenChange?: (open: boolean) => void;
  readonly onCreated?: (arn: string) => void;
}

/** What a row is called in buttons and dialogs: its name, else its id. */
export function labelOf(resource: { arn?: string; name?: string }): string {
  return resource.name || (resource.arn ? arnId(resource.arn) : "(unnamed)");
}

export function okData<T>(result: Result<T> | undefined): T | undefined {
  return result?.ok ? result.data : undefined;
}

/** Puts an answer we already hold (e.g. a create's output) into the cache of the matching read. */
export function seedRead<N extends ReadOperationName>(
  queryClient: QueryClient,
  context: ConsoleContext,
  name: N,
  input: InputOf<N>,
  data: OutputOf<N>,
): void {
  const value: ReadResult<OutputOf<N>> = { data, fetchedAt: Date.now(), stale: false };
  queryClient.setQueryData(ivsKeys.read(context, name, input), value);
}

/** One titled block of a resources page: heading, what it is for, count, freshness and its create button. */
export function ResourceSection({
  id,
  title,
  description,
  status,
  freshness,
  action,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  status?: ReactNode;
  freshness?: { fetchedAt?: number; degraded?: AllPages<unknown>["degraded"]; error?: unknown };
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-room-700 bg-room-900/40 p-4">
      <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-base font-semibold text-room-100">
            {title}
          </h2>
          <p className="mt-0.5 max-w-3xl text-xs text-room-300">{description}</p>
          {status ? (
            <p className="mt-1 text-xs text-room-300" aria-live="polite">
              {status}
            </p>
          ) : null}
        </div>
        <div className="flex items-start gap-3">
          {freshness ? (
            <Freshness
              fetchedAt={freshness.fetchedAt}
              degraded={freshness.degraded}
              error={freshness.error ? errorInfoOf(freshness.error) : null}
            />
          ) : null}
          {action}
        </div>
      </div>
      {children}
    </section>
  );
}

/** Placeholder rows while a list has never loaded. */
export function TableSkeleton({ label, columns = 4, rows = 3 }: { label: string; columns?: number; rows?: number }) {
  return (
    <div role="status" aria-busy="true" className="overflow-hidden rounded border border-room-700">
      <span className="sr-only">{label}</span>
      <div aria-hidden className="divide-y divide-room-800">
        {Array.from({ length: rows + 1 }, (_, r) => (
          <div key={r} className={`flex gap-4 px-3 py-2.5 ${r === 0 ? "bg-room-900" : ""}`}>
            {Array.from({ length: columns }, (_, c) => (
              <span key={c} className={`h-3 flex-1 animate-pulse rounded ${r === 0 ? "bg-room-700" : "bg-room-800"}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** A short pulsing bar inside a cell whose value is still loading. */
export function CellSkeleton({ label }: { label: string }) {
  return (
    <span className="inline-block h-3 w-16 animate-pulse rounded bg-room-800">
      <span className="sr-only">{label}</span>
    </span>
  );
}

/**
 * A polled list: skeleton until the first answer, the error with its AWS code when there is no data,
 * otherwise the table (a failure after data keeps the rows and shows in Freshness).
 */
export function ResourceTable<Row>({
  caption,
  query,
  initialError,
  columns,
  rowKey,
  empty,
}: {
  caption: string;
  query: { data?: AllPages<Row>; error: unknown; isLoading: boolean };
  initialError?: ErrorInfo;
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  empty: ReactNode;
}) {
  if (query.data)
    return <SimpleTable caption={caption} rows={query.data.items} columns={columns} rowKey={rowKey} empty={empty} />;
  const error = query.error ? errorInfoOf(query.error) : initialError;
  if (error && !query.isLoading) return <ErrorPanel title={`Could not list ${caption.toLowerCase()}`} error={error} />;
  return <TableSkeleton label={`Loading ${caption.toLowerCase()}…`} columns={columns.length} />;
}

/** The two row buttons every resource table has (Delete only for roles allowed `deleteNeeds`). */
export function RowActions({
  label,
  deleteNeeds,
  onDetails,
  onDelete,
}: {
  label: string;
  deleteNeeds: Permission;
  onDetails: () => void;
  onDelete: () => void;
}) {
  return (
    <span className="flex justify-end gap-1">
      <Button variant="ghost" className="px-2 py-1 text-xs" aria-label={`Details of ${label}`} onClick={onDetails}>
        Details
      </Button>
      <Can perform={deleteNeeds}>
        <Button
          variant="ghost"
          className="px-2 py-1 text-xs hover:text-live"
          aria-label={`Delete ${label}`}
          onClick={onDelete}
        >
          Delete
        </Button>
      </Can>
    </span>
  );
}

/** Label/value pairs of a detail dialog. */
export function DetailList({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-xs leading-5 text-room-300">{label}</dt>
          <dd className="min-w-0 break-all text-room-100">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ArnValue({ arn, label }: { arn: string; label: string }) {
  return (
    <span className="flex items-start gap-2">
      <code className="min-w-0 break-all font-mono text-xs">{arn}</code>
      <span className="shrink-0">
        <CopyButton value={arn} label={`Copy ${label} ARN`} />
      </span>
    </span>
  );
}

export function TagsText({ tags }: { tags?: Readonly<Record<string, string>> }) {
  const keys = Object.keys(tags ?? {}).sort();
  if (keys.length === 0) return <span className="text-xs text-room-300">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {keys.map((key) => (
        <span key={key} className="rounded bg-room-800 px-1.5 py-0.5 font-mono text-xs text-room-100">
          {key}={tags?.[key]}
        </span>
      ))}
    </span>
  );
}

/** A checkbox with an optional hint and field-level errors wired for screen readers. */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  hint,
  errors,
  disabled,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  errors?: readonly string[];
  disabled?: boolean;
}) {
  const describedBy =
    [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-3">
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-room-100">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={describedBy}
          aria-invalid={errors?.length ? true : undefined}
        />
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 pl-6 text-xs text-room-300">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} role="alert" className="mt-1 pl-6 text-xs text-live">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
