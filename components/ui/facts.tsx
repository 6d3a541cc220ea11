import type { ReactNode } from "react";
import { Card } from "./card";

export type FactRows = readonly (readonly [string, ReactNode])[];

/** Label/value facts of a resource (a definition list in two columns); a missing value shows as "—". */
export function Facts({ rows, columns = "grid-cols-[max-content_1fr]" }: { rows: FactRows; columns?: string }) {
  return (
    <dl className={`grid ${columns} gap-x-4 gap-y-1 text-xs`}>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-room-300">{label}</dt>
          <dd className="min-w-0 break-all font-mono text-room-100">{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A titled card of facts, with what follows them (`children`). */
export function FactsCard({
  id,
  title,
  rows,
  children,
}: {
  id: string;
  title: string;
  rows: FactRows;
  children?: ReactNode;
}) {
  return (
    <Card id={id} title={title}>
      <Facts rows={rows} />
      {children}
    </Card>
  );
}
