"use client";

import { memo } from "react";
import { eventKindLabels, eventKinds, type EventKind } from "@/lib/timeline/model";

/** Toggle buttons: which kinds of events the chart and the list show. */
export const KindFilter = memo(function KindFilter({
  kinds,
  counts,
  onChange,
}: {
  kinds: readonly EventKind[];
  counts: Readonly<Partial<Record<EventKind, number>>>;
  onChange: (kinds: EventKind[]) => void;
}) {
  const present = eventKinds.filter((kind) => (counts[kind] ?? 0) > 0 || kind !== "other");
  return (
    <div role="group" aria-label="Event kinds shown" className="flex flex-wrap items-center gap-1">
      {present.map((kind) => {
        const on = kinds.includes(kind);
        return (
          <button
            key={kind}
            type="button"
            aria-pressed={on}
            onClick={() =>
              onChange(on ? kinds.filter((k) => k !== kind) : eventKinds.filter((k) => k === kind || kinds.includes(k)))
            }
            className={`rounded border px-2 py-0.5 text-xs ${on ? "border-accent bg-accent/15 text-room-100" : "border-room-700 text-room-300 hover:border-room-500"} ${kind === "error" && (counts.error ?? 0) > 0 ? "font-semibold" : ""}`}
          >
            {eventKindLabels[kind]} <span className="font-mono">{counts[kind] ?? 0}</span>
          </button>
        );
      })}
      {kinds.length !== eventKinds.length ? (
        <button
          type="button"
          onClick={() => onChange([...eventKinds])}
          className="px-1 text-xs text-accent hover:underline"
        >
          All kinds
        </button>
      ) : null}
    </div>
  );
});
