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
              ? {
                  ingest: options.ingest?.get(b.participant.ingestConfigurationArn) ?? {
                    arn: b.participant.ingestConfigurationArn,
                  },
                }
              : {}),
            remotes: timelines,
            publishersAt,
            nameOf,
          })
        : [];
      const worst = findings.reduce<Severity>(
        (w, f) => (severityOrder[f.severity] < severityOrder[w] ? f.severity : w),
        "ok",
      );
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

/**
 * Who a lane is in the show, for grouping: hosts, guests (everyone else who published) and viewers (never
 * published). A participant's `role` attribute decides when it is known; otherwise a host-like user id
 * (host, caster, presenter, moderator, anchor) or an RTMP(S) encoder makes a host, and publishing a guest.
 */
export type LaneRole = "host" | "guest" | "viewer";

export const laneRoles: readonly LaneRole[] = ["host", "guest", "viewer"];
export const laneRoleLabels: Readonly<Record<LaneRole, string>> = { host: "Hosts", guest: "Guests", viewer: "Viewers" };

const hostWords = /\b(host|hosts|caster|presenter|moderator|anchor|program|program-feed|producer)\b/i;
const guestWords = /\b(guest|analyst|sponsor|speaker|panelist|player|contestant)\b/i;
const viewerWords = /\b(viewer|audience|fan|attendee|subscriber)\b/i;

export function laneRole(
  lane: Pick<Lane, "participant" | "timeline" | "userId">,
  attributes?: Readonly<Record<string, string>>,
): LaneRole {
  const declared = attributes?.role;
  if (declared) {
    if (hostWords.test(declared)) return "host";
    if (viewerWords.test(declared)) return "viewer";
    if (guestWords.test(declared)) return "guest";
  }
  const published = Boolean(lane.participant.published) || lane.timeline.intervals.some((i) => i.kind === "publishing");
  if (lane.participant.ingestConfigurationArn) return "host";
  if (!published) return "viewer";
  return hostWords.test(lane.userId.replace(/[-_.]/g, " ")) ? "host" : "guest";
}

/** How many distinct publishers a lane subscribed to, and how many distinct subscribers it had. */
export interface LaneLinks {
  readonly subscribesTo: number;
  readonly subscribers: number;
}

export function laneLinks(edges: readonly Pick<Edge, "from" | "to">[]): ReadonlyMap<string, LaneLinks> {
  const out = new Map<string, Set<string>>();
  const into = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
  };
  for (const edge of edges) {
    add(out, edge.from, edge.to);
    add(into, edge.to, edge.from);
  }
  const result = new Map<string, LaneLinks>();
  for (const id of new Set([...out.keys(), ...into.keys()]))
    result.set(id, { subscribesTo: out.get(id)?.size ?? 0, subscribers: into.get(id)?.size ?? 0 });
  return result;
}

/** One row of the drawn swimlane: a group's header or a lane. */
export type SwimlaneRow =
  | { readonly kind: "group"; readonly role: LaneRole; readonly count: number; readonly collapsed: boolean }
  | { readonly kind: "lane"; readonly lane: Lane; readonly role: LaneRole };

/**
 * Lanes in role groups (hosts, guests, viewers; each in the lanes' own order) with a header per non-empty group;
 * a collapsed group keeps its header only. `rowOf` gives each participant's row (a collapsed lane's is its
 * group header, so an edge to it still lands somewhere).
 */
export function groupRows(
  lanes: readonly Lane[],
  roleOf: (lane: Lane) => LaneRole,
  collapsed: ReadonlySet<LaneRole>,
): { rows: SwimlaneRow[]; rowOf: Map<string, number> } {
  const byRole = new Map<LaneRole, Lane[]>(laneRoles.map((role) => [role, []]));
  for (const lane of lanes) byRole.get(roleOf(lane))?.push(lane);
  const rows: SwimlaneRow[] = [];
  const rowOf = new Map<string, number>();
  for (const role of laneRoles) {
    const members = byRole.get(role) ?? [];
    if (!members.length) continue;
    const header = rows.length;
    const isCollapsed = collapsed.has(role);
    rows.push({ kind: "group", role, count: members.length, collapsed: isCollapsed });
    for (const lane of members) {
      if (isCollapsed) rowOf.set(lane.participantId, header);
      else {
        rowOf.set(lane.participantId, rows.length);
        rows.push({ kind: "lane", lane, role });
      }
    }
  }
  return { rows, rowOf };
}

/** Which edges to draw: every edge (small sessions, or asked for), or only the focused lane's. */
export type EdgeMode = "auto" | "focus" | "all";

/** Up to this many subscriptions, "auto" draws them all; above it, only the focused lane's. */
export const autoAllEdges = 60;

export function edgesToDraw<E extends Pick<Edge, "from" | "to">>(
  edges: readonly E[],
  options: { mode: EdgeMode; focus?: string; subscribeShown: boolean },
): { edges: readonly E[]; all: boolean } {
  if (!options.subscribeShown) return { edges: [], all: false };
  const all = options.mode === "all" || (options.mode === "auto" && edges.length <= autoAllEdges);
  if (all) return { edges, all: true };
  const focus = options.focus;
  return { edges: focus ? edges.filter((e) => e.from === focus || e.to === focus) : [], all: false };
}

/** Lane height that adapts: full height for a few lanes, down to `min` so that many lanes fit the viewport. */
export function adaptiveLaneHeight(rows: number, viewport: number, min = 18, max = 30): number {
  if (rows <= 0) return max;
  return Math.max(min, Math.min(max, Math.floor(viewport / rows)));
}
