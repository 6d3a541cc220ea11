/**
 * A composition's state timeline as a page observes it: one entry per state change of the composition and of
 * each destination, with the time the answer was fetched and IVS's own start/end time where it gives one.
 */
import type { CompositionEvent } from "@/lib/compositions/events";
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
export function appendObservations(
  entries: readonly TimelineEntry[],
  observations: readonly Observation[],
  seenAt: number,
): TimelineEntry[] {
  const last = new Map<string, string>();
  for (const entry of entries) last.set(entry.subject, entry.state);
  const added = observations.filter((o) => o.state && last.get(o.subject) !== o.state).map((o) => ({ ...o, seenAt }));
  return added.length ? [...entries, ...added] : [...entries];
}

export function observationsOf(composition: Composition): Observation[] {
  const ivsTimeOf = (state: string, start?: string, end?: string) =>
    state === "ACTIVE" ? start : state === "STOPPED" || state === "FAILED" ? end : undefined;
  const of = (subject: string, label: string, state: string, start?: string, end?: string): Observation => {
    const ivsTime = ivsTimeOf(state, start, end);
    return { subject, label, state, ...(ivsTime ? { ivsTime } : {}) };
  };
  return [
    of("composition", "Composition", composition.state, composition.startTime, composition.endTime),
    ...composition.destinations.map((d, index) =>
      of(
        `destination:${d.id || index}`,
        `${d.configuration.name || (d.configuration.channel ? "Channel" : d.configuration.s3 ? "S3" : "Destination")} (${d.id})`,
        d.state,
        d.startTime,
        d.endTime,
      ),
    ),
  ];
}

/** One line of the state timeline shown: from an EventBridge event (its real time) or as this page first saw it. */
export interface ShownEntry {
  readonly subject: string;
  readonly label: string;
  readonly state: string;
  /** ISO: the event's time, or when the page first saw the state. */
  readonly time: string;
  readonly source: "event" | "seen";
  readonly eventName?: string;
  readonly reason?: string;
  readonly ivsTime?: string;
}

/**
 * Events first (each change at the time it happened); then each observed state that no event accounts for
 * (same subject and state), marked as first seen by the page; oldest first. Pure.
 */
export function mergeTimeline(
  events: readonly CompositionEvent[],
  seen: readonly TimelineEntry[],
  labels: ReadonlyMap<string, string>,
): ShownEntry[] {
  const covered = new Set(events.map((e) => `${e.subject}|${e.state}`));
  const destinationLabel = (e: CompositionEvent) =>
    labels.get(e.subject) ?? (e.destinationId ? `Destination (${e.destinationId})` : "Destination");
  const shown: ShownEntry[] = [
    ...events.map((e): ShownEntry => ({
      subject: e.subject,
      label: e.subject === "composition" ? (labels.get("composition") ?? "Composition") : destinationLabel(e),
      state: e.state,
      time: e.time,
      source: "event",
      eventName: e.eventName,
      ...(e.reason ? { reason: e.reason } : {}),
    })),
    ...seen
      // STARTING has no event of its own; with events present, a first-seen STARTING still helps, so keep it.
      .filter((entry) => !covered.has(`${entry.subject}|${entry.state}`))
      .map((entry): ShownEntry => ({
        subject: entry.subject,
        label: entry.label,
        state: entry.state,
        time: new Date(entry.seenAt).toISOString(),
        source: "seen",
        ...(entry.ivsTime ? { ivsTime: entry.ivsTime } : {}),
      })),
  ];
  return shown.sort((a, b) => a.time.localeCompare(b.time));
}
