"use client";

import { lazy, type ReactNode } from "react";
import type { RowData } from "@tanstack/react-table";
import type { DataTableProps } from "./data-table";
import { Deferred } from "./deferred";
import { SimpleTable } from "./simple-table";

// `lazy` erases the type parameter; this restores DataTable's generic signature.
const LazyDataTable = lazy(() =>
  import("./data-table").then((module) => ({ default: module.DataTable })),
) as unknown as <T extends RowData>(props: DataTableProps<T>) => ReactNode;

/**
 * A sortable, virtualized `DataTable` once the page has loaded; before that (and in the server's HTML) the same
 * rows in a plain `SimpleTable`, so the first paint has the data without the table library's code.
 */
export function SortableTable<T extends RowData>(props: DataTableProps<T>) {
  const plain = (
    <SimpleTable
      caption={props.caption}
      rows={props.rows}
      columns={props.columns}
      rowKey={props.rowKey}
      empty={props.empty}
    />
  );
  return (
    <Deferred fallback={plain}>
      <LazyDataTable {...props} />
    </Deferred>
  );
}
