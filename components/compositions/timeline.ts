/**
 * A composition's state timeline as a page observes it: one entry per state change of the composition and of
 * each destination, with the time the answer was fetched and IVS's own start/end time where it gives one.
 */
import type { OutputOf } from "@/lib/ivs/operations";

type Composition = NonNullable<OutputOf<"GetComposition">["composition"]>;

/** One observed state: of the composition or of one destination, first seen in an answer fetched at `seenAt`. */
export interface TimelineEntry {
  readonly subject: string;
  readonly label: string;
  readonly state: string;
  readonly seenAt: number;
  /** The IVS timestamp that goes with the state, when there is one (start for ACTIVE, end for STOPPED/FAILED). */
  readonly ivsTime?: string;
}

export interface Observation {
  readonly subject: string;
  readonly label: string;
  readonly state: string;
  readonly ivsTime?: string;
}

/** Appends the observations whose state differs from the subject's last entry (pure; tested). */
export function appendObservations(entries: readonly TimelineEntry[], observations: readonly Observation[], seenAt: number): TimelineEntry[] {
  const last = new Map<string, string>();
  for (const entry of entries) last.set(entry.subject, entry.state);
  const added = observations.filter((o) => o.state && last.get(o.subject) !== o.state).map((o) => ({ ...o, seenAt }));
  return added.length ? [...entries, ...added] : [...entries];
}

export function observationsOf(composition: Composition): Observation[] {
  const ivsTimeOf = (state: string, start?: string, end?: string) => (state === "ACTIVE" ? start : state === "STOPPED" || state === "FAILED" ? end : undefined);
  const of = (subject: string, label: string, state: string, start?: string, end?: string): Observation => {
    const ivsTime = ivsTimeOf(state, start, end);
    return { subject, label, state, ...(ivsTime ? { ivsTime } : {}) };
  };
  return [
    of("composition", "Composition", composition.state, composition.startTime, composition.endTime),
    ...composition.destinations.map((d, index) =>
      of(`destination:${d.id || index}`, `${d.configuration.name || (d.configuration.channel ? "Channel" : d.configuration.s3 ? "S3" : "Destination")} (${d.id})`, d.state, d.startTime, d.endTime),
    ),
  ];
}

