import type { Event, ParticipantSummary } from "@/lib/ivs/structures";
import { diagnose, type Finding, type IngestFacts, type Severity, severityOrder } from "./diagnosis";
import { buildTimeline, type Interval, type Timeline } from "./model";

/**
 * A session as swimlanes: one lane per participant on a shared time axis, subscribe edges from subscriber to
 * publisher, and each lane's diagnosis. Pure.
 */

export interface Lane {
  readonly participantId: string;
  readonly userId: string;
  readonly participant: ParticipantSummary;
  readonly timeline: Timeline;
  readonly findings: readonly Finding[];
  /** The most severe finding's severity ("ok" when healthy). */
  readonly worst: Severity;
  readonly errorCount: number;
  /** Whether its events are loaded yet. */
  readonly loaded: boolean;
}

export interface Edge {
  /** The subscriber (lane the edge starts from). */
  readonly from: string;
  /** The publisher. */
  readonly to: string;
  readonly start: number;
  readonly end: number;
  readonly open: boolean;
  readonly replica: boolean;
}

export interface Swimlane {
  readonly lanes: readonly Lane[];
  readonly laneIndex: ReadonlyMap<string, number>;
  readonly edges: readonly Edge[];
  /** Edges whose publisher has no lane (another session or stage). */
  readonly danglingEdges: number;
  readonly span?: readonly [number, number];
  readonly totalEvents: number;
  /** Concurrent publishers at a time (from every lane's publishing intervals). */
  readonly publishersAt: (time: number) => number;
}

export interface SwimlaneOptions {
  readonly now: number;
  readonly sessionEnd?: number;
  /** Facts about ingest configurations (name, protocol), by ARN, so findings can name them. */
  readonly ingest?: ReadonlyMap<string, IngestFacts>;
  /** A lane's own "now" (when its events last changed), so that unchanged lanes build the same timeline. */
  readonly nowOf?: (participantId: string) => number | undefined;
  /** Timelines already built, by events array (see `timelineCache`). */
  readonly cache?: TimelineCache;
}

export type TimelineCache = WeakMap<readonly Event[], { readonly key: string; readonly timeline: Timeline }>;

/** A cache for `buildSwimlane`: keep one per view; entries go when their events arrays are dropped. */
export function timelineCache(): TimelineCache {
  return new WeakMap();
}

/** Publishing intervals → a step function "publishers at time t" (sorted boundaries, binary search). */
export function concurrency(intervals: readonly Pick<Interval, "start" | "end">[]): (time: number) => number {
  const points: [number, number][] = [];
  for (const interval of intervals) {
    points.push([interval.start, 1], [interval.end, -1]);
  }
  // Ends before starts at the same instant: a publisher replaced at that moment does not count twice.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const times: number[] = [];
  const counts: number[] = [];
  let running = 0;
  for (const [time, delta] of points) {
    running += delta;
    if (times.length && times[times.length - 1] === time) counts[counts.length - 1] = running;
    else {
      times.push(time);
      counts.push(running);
    }
  }
  return (time: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (counts[lo - 1] ?? 0);
  };
}

export function buildSwimlane(
  participants: readonly ParticipantSummary[],
  eventsByParticipant: ReadonlyMap<string, readonly Event[]>,
  options: SwimlaneOptions,
): Swimlane {
  const base = participants
    .filter((p) => p.participantId)
    .map((participant) => {
      const participantId = participant.participantId ?? "";
      const events = eventsByParticipant.get(participantId);
      const now = options.nowOf?.(participantId) ?? options.now;
      const build = () =>
        buildTimeline(events ?? [], {
          now,
          ...(options.sessionEnd !== undefined ? { sessionEnd: options.sessionEnd } : {}),
          ...(participant.state ? { participantState: participant.state } : {}),
          participantId,
        });
      let timeline: Timeline;
      if (events && options.cache) {
        // A lane whose events, state and clock did not change keeps its timeline (polls rebuild only what moved).
        const key = `${now}|${options.sessionEnd ?? ""}|${participant.state ?? ""}`;
        const cached = options.cache.get(events);
        timeline = cached && cached.key === key ? cached.timeline : build();
        if (!cached || cached.key !== key) options.cache.set(events, { key, timeline });
      } else timeline = build();
      return { participant, participantId, timeline, loaded: events !== undefined };
    });
  const timelines = new Map(base.map((b) => [b.participantId, b.timeline]));
  const names = new Map(base.map((b) => [b.participantId, b.participant.userId ?? ""]));
  const nameOf = (id: string) => names.get(id) || id;
  const publishersAt = concurrency(base.flatMap((b) => b.timeline.intervals.filter((i) => i.kind === "publishing")));

  const lanes: Lane[] = base
    .map((b) => {
      const findings = b.loaded
        ? diagnose(b.timeline, {
            ...(b.participant.userId ? { userId: b.participant.userId } : {}),
            ...(b.participant.ingestConfigurationArn
              ? { ingest: options.ingest?.get(b.participant.ingestConfigurationArn) ?? { arn: b.participant.ingestConfigurationArn } }
              : {}),
            remotes: timelines,
            publishersAt,
            nameOf,
          })
        : [];
      const worst = findings.reduce<Severity>((w, f) => (severityOrder[f.severity] < severityOrder[w] ? f.severity : w), "ok");
      return {
        participantId: b.participantId,
        userId: b.participant.userId ?? "",
        participant: b.participant,
        timeline: b.timeline,
        findings,
        worst,
        errorCount: b.timeline.events.filter((e) => e.kind === "error").length,
        loaded: b.loaded,
      };
    })
    // First joined first; participants without events last.
    .sort((a, b) => laneStart(a) - laneStart(b) || a.participantId.localeCompare(b.participantId));

  const laneIndex = new Map(lanes.map((lane, i) => [lane.participantId, i]));
  const edges: Edge[] = [];
  let danglingEdges = 0;
  for (const lane of lanes) {
    for (const interval of lane.timeline.intervals) {
      if (interval.kind !== "subscribed" || !interval.remoteParticipantId) continue;
      if (!laneIndex.has(interval.remoteParticipantId)) {
        danglingEdges++;
        continue;
      }
      edges.push({
        from: lane.participantId,
        to: interval.remoteParticipantId,
        start: interval.start,
        end: interval.end,
        open: Boolean(interval.open),
        replica: Boolean(interval.replica),
      });
    }
  }
  edges.sort((a, b) => a.start - b.start);

  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let totalEvents = 0;
  for (const lane of lanes) {
    totalEvents += lane.timeline.events.length;
    if (lane.timeline.span) {
      lo = Math.min(lo, lane.timeline.span[0]);
      hi = Math.max(hi, lane.timeline.span[1]);
    }
  }
  return {
    lanes,
    laneIndex,
    edges,
    danglingEdges,
    ...(Number.isFinite(lo) ? { span: [lo, hi] as const } : {}),
    totalEvents,
    publishersAt,
  };
}

function laneStart(lane: Pick<Lane, "timeline" | "participant">): number {
  const first = lane.timeline.events[0]?.time;
  if (first !== undefined) return first;
  const joined = lane.participant.firstJoinTime ? Date.parse(lane.participant.firstJoinTime) : Number.NaN;
  return Number.isFinite(joined) ? joined : Number.POSITIVE_INFINITY;
}
