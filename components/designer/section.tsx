import type { ReactNode } from "react";

/** One titled panel of the designer. */
export function Section({
  id,
  title,
  description,
  children,
  actions,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-room-700 bg-room-900 p-4">
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-sm font-semibold text-room-100">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-room-300">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** The two panels of the request: where the composition goes, then the pre-flight checks and Start. */
export function RequestSections({ destinations, start }: { destinations: ReactNode; start: ReactNode }) {
  return (
    <>
      <Section
        id="designer-destinations"
        title="Destinations"
        description="At most one IVS channel and one S3 recording."
      >
        {destinations}
      </Section>
      <Section id="designer-start" title="Pre-flight and start">
        {start}
      </Section>
    </>
  );
}

/** What a panel shows until its code has arrived. */
export function PanelLoading() {
  return <p className="text-sm text-room-300">Loading…</p>;
}
