"use client";

import {
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Row,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState, type ReactNode } from "react";

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });

export interface DataColumn<T extends RowData> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** When given, the header sorts the rows by this value (strings compare naturally: "guest-2" before "guest-10"). */
  readonly sortValue?: (row: T) => string | number;
  readonly className?: string;
}

/** Rows drawn at once before the body is virtualized (only the visible rows are in the DOM). */
const virtualizeAbove = 150;
/** First guess of a row's height; drawn rows are measured. */
const rowHeight = 41;
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a ?? ""), String(b ?? ""));
}

export interface DataTableProps<T extends RowData> {
  caption: string;
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
}

/**
 * A table with sortable columns (TanStack Table) whose body is virtualized past 150 rows (TanStack Virtual),
 * so a 1,000-participant session stays light. It keeps table semantics: the spacer rows are hidden from
 * assistive technology and every drawn row carries its `aria-rowindex`. Pages use it through `SortableTable`,
 * which keeps its code (about 20 KB gzip) out of the first load.
 */
export function DataTable<T extends RowData>({ caption, rows, columns, rowKey, empty }: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const definitions = useMemo<ColumnDef<typeof features, T>[]>(
    () =>
      columns.map((column) => {
        const sortValue = column.sortValue;
        return {
          id: column.header,
          header: column.header,
          accessorFn: (row: T) => (sortValue ? sortValue(row) : ""),
          enableSorting: Boolean(sortValue),
          sortFn: (a: Row<typeof features, T>, b: Row<typeof features, T>, id: string) =>
            compare(a.getValue(id), b.getValue(id)),
        };
      }),
    [columns],
  );
  const table = useTable({
    features,
    columns: definitions,
    data: rows,
    getRowId: (row) => rowKey(row),
    state: { sorting },
    onSortingChange: setSorting,
  });
  const model = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = model.length > virtualizeAbove;
  // The compiler skips memoizing this component (the virtualizer's API is not memo-safe); that is intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? model.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  if (rows.length === 0) {
    return <p className="rounded border border-dashed border-room-700 px-4 py-6 text-sm text-room-300">{empty}</p>;
  }
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const drawn = virtual
    ? items.map((item) => ({ row: model[item.index], index: item.index }))
    : model.map((row, index) => ({ row, index }));
  const before = virtual ? (items[0]?.start ?? 0) : 0;
  const after = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div
      ref={scrollRef}
      className={`overflow-x-auto rounded border border-room-700 ${virtual ? "max-h-[70vh] overflow-y-auto" : ""}`}
      tabIndex={virtual ? 0 : undefined}
      aria-label={virtual ? `${caption} (scrollable)` : undefined}
      role={virtual ? "region" : undefined}
    >
      <table className="w-full text-left text-sm" aria-rowcount={model.length + 1}>
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-room-900 text-xs uppercase tracking-wide text-room-300">
          <tr aria-rowindex={1}>
            {table.getHeaderGroups()[0]?.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const label = String(header.column.columnDef.header ?? header.id);
              return (
                <th
                  key={header.id}
                  scope="col"
                  className="px-3 py-2 font-medium"
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-room-100"
                      onClick={header.column.getToggleSortingHandler()}
                      aria-label={`Sort by ${label}`}
                    >
                      {label}
                      <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-room-800">
          {before > 0 ? <tr aria-hidden style={{ height: before }} /> : null}
          {drawn.map(({ row, index }) =>
            row ? (
              <tr
                key={row.id}
                aria-rowindex={index + 2}
                className="hover:bg-room-900"
                data-index={index}
                ref={virtual ? virtualizer.measureElement : undefined}
              >
                {/* Cells are called, not rendered as components: the columns are often declared inline, and a
                    new function identity must not remount a cell (and lose, say, an open confirmation). */}
                {columns.map((column) => (
                  <td key={column.header} className={`px-3 py-2 align-top ${column.className ?? ""}`}>
                    {column.cell(row.original)}
                  </td>
                ))}
              </tr>
            ) : null,
          )}
          {after > 0 ? <tr aria-hidden style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
