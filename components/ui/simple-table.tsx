import type { ReactNode } from "react";

export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  readonly className?: string;
}

/** A read-only table with an empty state, for short lists; `DataTable` sorts and virtualizes long ones. */
export function SimpleTable<Row>({
  caption,
  rows,
  columns,
  rowKey,
  empty,
}: {
  caption: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  empty: ReactNode;
}) {
  if (rows.length === 0) {
    return <p className="rounded border border-dashed border-room-700 px-4 py-6 text-sm text-room-300">{empty}</p>;
  }
  return (
    <div className="overflow-x-auto rounded border border-room-700">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-room-900 text-xs uppercase tracking-wide text-room-300">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className="px-3 py-2 font-medium">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-room-800">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-room-900">
              {columns.map((column) => (
                <td key={column.header} className={`px-3 py-2 align-top ${column.className ?? ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
