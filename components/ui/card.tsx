import type { ReactNode } from "react";

/** A titled panel of a detail page; `id` (for the heading) defaults to one made from the title. */
export function Card({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  const headingId = id ?? `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={headingId} className="rounded border border-room-700 bg-room-900 p-4">
      <h2 id={headingId} className="mb-3 text-sm font-semibold text-room-100">
        {title}
      </h2>
      {children}
    </section>
  );
}
