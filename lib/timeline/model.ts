import type { EventName } from "@/lib/ivs/enums";
import type { Event } from "@/lib/ivs/structures";

/**
 * A participant's timeline, built from the events ListParticipantEvents returns (pure; no React, no fetch).
 *
 * - Events are put in chronological order. The API's own order (IVS pages newest first; the model says
 *   nothing) is detected, and events that arrived out of that order are flagged, not dropped.
 * - Intervals: connected (JOINED→LEFT), publishing (PUBLISH_STARTED→PUBLISH_STOPPED) and one per subscription
 *   (SUBSCRIBE_STARTED→SUBSCRIBE_STOPPED, per remote participant). A LEFT also ends publishing and
 *   subscriptions (a dropped client records LEFT only). An interval without its closing event stays open to
 *   the session's end or to now, and says why: still going, or its closing event is missing.
 */

export type EventKind = "session" | "publish" | "subscribe" | "error" | "replication" | "token" | "other";

export const eventKinds: readonly EventKind[] = [
  "session",
  "publish",
  "subscribe",
  "error",
  "replication",
  "token",
  "other",
];

export const eventKindLabels: Readonly<Record<EventKind, string>> = {
  session: "Join / leave",
  publish: "Publish",
  subscribe: "Subscribe",
  error: "Errors",
  replication: "Replication",
  token: "Token",
  other: "Other",
};

const kindOfName: Readonly<Record<EventName, EventKind>> = {
  JOINED: "session",
  LEFT: "session",
  PUBLISH_STARTED: "publish",
  PUBLISH_STOPPED: "publish",
  SUBSCRIBE_STARTED: "subscribe",
  SUBSCRIBE_STOPPED: "subscribe",
  PUBLISH_ERROR: "error",
  SUBSCRIBE_ERROR: "error",
  JOIN_ERROR: "error",
  REPLICATION_STARTED: "replication",
  REPLICATION_STOPPED: "replication",
  TOKEN_EXCHANGED: "token",
};

/** Short codes that keep event ids (and so URLs) short. */
const nameCodes: Readonly<Record<EventName, string>> = {
  JOINED: "j",
  LEFT: "l",
  PUBLISH_STARTED: "ps",
  PUBLISH_STOPPED: "px",
  SUBSCRIBE_STARTED: "ss",
  SUBSCRIBE_STOPPED: "sx",
  PUBLISH_ERROR: "pe",
  SUBSCRIBE_ERROR: "se",
  JOIN_ERROR: "je",
  REPLICATION_STARTED: "rs",
  REPLICATION_STOPPED: "rx",
  TOKEN_EXCHANGED: "tx",
};

export function kindOf(name: string): EventKind {
  return Object.hasOwn(kindOfName, name) ? kindOfName[name as EventName] : "other";
}

export interface TimelineEvent {
  /** Stable within the participant's timeline across polls: time, name and a counter for identical twins. */
  readonly id: string;
  /** Position in chronological order. */
  readonly index: number;
  /** Position in the list as the API returned it. */
  readonly apiIndex: number;
  /** The event name (`""` when IVS sent none). */
  readonly name: string;
  readonly kind: EventKind;
  /** ms since epoch. */
  readonly time: number;
  readonly iso: string;
  readonly participantId: string;
  readonly remoteParticipantId?: string;
  /** A documented code, or the raw string of one this console does not know. */
  readonly errorCode?: string;
  readonly replica: boolean;
  readonly destinationStageArn?: string;
  readonly destinationSessionId?: string;
  /** True when this event came later in the API's order than its time says (drawn where its time puts it). */
  readonly outOfOrder: boolean;
  readonly raw: Event;
}

export type IntervalKind = "connected" | "publishing" | "subscribed";

/** Why an interval has no closing event of its own. */
export type OpenEnd =
  /** still going: the participant is connected in a live session (drawn to now) */
  | "ongoing"
  /** the closing event is missing (drawn to the session's end or now, and flagged) */
  | "missing";

/** Why an interval ended without its own closing event. */
export type InferredEnd = "left" | "rejoined" | "restarted";

export interface Interval {
  readonly kind: IntervalKind;
  readonly start: number;
  readonly end: number;
  /** The publisher, for subscriptions. */
  readonly remoteParticipantId?: string;
  /** Subscriptions to a replica. */
  readonly replica?: boolean;
  readonly startEventId?: string;
  readonly endEventId?: string;
  /** Set when no event closed the interval. */
  readonly open?: OpenEnd;
  /** Set when another event closed it (LEFT for publishing; a second JOINED for a missing LEFT…). */
  readonly inferredEnd?: InferredEnd;
  /** The closing event came without its opening one (drawn from the timeline's start, flagged). */
  readonly missingStart?: boolean;
}

export type IssueKind = "out-of-order" | "missing-end" | "missing-start" | "undated";

/** Something about the data itself (not the participant) that the view flags. */
export interface TimelineIssue {
  readonly kind: IssueKind;
  readonly message: string;
  readonly eventIds: readonly string[];
}

export type ApiOrder = "newest-first" | "oldest-first" | "unknown";

export interface Timeline {
  readonly participantId: string;
  /** Chronological. */
  readonly events: readonly TimelineEvent[];
  readonly byId: ReadonlyMap<string, TimelineEvent>;
  readonly intervals: readonly Interval[];
  /** Publishers this participant subscribed to (or tried to), in order of first appearance. */
  readonly remotes: readonly string[];
  readonly issues: readonly TimelineIssue[];
  readonly apiOrder: ApiOrder;
  /** [first, last] ms covered by events and intervals; undefined when there is nothing to draw. */
  readonly span?: readonly [number, number];
  /** Events that carried no usable eventTime (listed, not drawn). */
  readonly undated: readonly Event[];
}

export interface BuildOptions {
  /** ms; open intervals of a live session end here. */
  readonly now: number;
  /** ms; when the session has ended, open intervals end here instead (and are flagged). */
  readonly sessionEnd?: number;
  /** From GetParticipant/ListParticipants: a CONNECTED participant's open intervals are ongoing, not missing. */
  readonly participantState?: string;
  /** The participant id when the events do not say (empty list). */
  readonly participantId?: string;
}

function timeOf(event: Event): number | undefined {
  if (!event.eventTime) return undefined;
  const ms = Date.parse(event.eventTime);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Which way the API listed the events: by majority of adjacent pairs. */
export function detectOrder(times: readonly number[]): ApiOrder {
  let ascending = 0;
  let descending = 0;
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1] ?? 0;
    const b = times[i] ?? 0;
    if (b > a) ascending++;
    else if (b < a) descending++;
  }
  if (ascending === descending) return ascending === 0 ? "unknown" : "oldest-first";
  return descending > ascending ? "newest-first" : "oldest-first";
}

/**
 * Indices (into `times`) that are NOT part of one longest non-decreasing subsequence: the fewest events to
 * call "out of order" so that the rest is in order. O(n log n).
 */
export function outOfOrderIndices(times: readonly number[]): Set<number> {
  const n = times.length;
  const tailIndex: number[] = []; // tailIndex[len-1] = index of the smallest tail of a subsequence of length len
  const previous = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const t = times[i] ?? 0;
    // first position whose tail is > t (non-decreasing: equal values extend)
    let lo = 0;
    let hi = tailIndex.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[tailIndex[mid] ?? 0] ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tailIndex[lo - 1] ?? -1) : -1;
    tailIndex[lo] = i;
  }
  const keep = new Set<number>();
  let cursor = tailIndex.length ? (tailIndex[tailIndex.length - 1] ?? -1) : -1;
  while (cursor >= 0) {
    keep.add(cursor);
    cursor = previous[cursor] ?? -1;
  }
  const out = new Set<number>();
  for (let i = 0; i < n; i++) if (!keep.has(i)) out.add(i);
  return out;
}

/** The identity of an event for merging polled pages: every member that can tell two events apart. */
export function eventKey(event: Event): string {
  return [
    event.eventTime ?? "",
    event.name ?? "",
    event.participantId ?? "",
    event.remoteParticipantId ?? "",
    event.errorCode ?? "",
    event.destinationStageArn ?? "",
    event.destinationSessionId ?? "",
    event.replica ? "r" : "",
    event.newToken?.expirationTime ?? "",
  ].join("|");
}

interface OpenState {
  start: number;
  startEventId?: string;
  remote?: string;
  replica?: boolean;
}

export function buildTimeline(apiEvents: readonly Event[], options: BuildOptions): Timeline {
  // Parallel arrays and index sorts: 10,000 events must build in a few milliseconds (it runs in the browser).
  const datedEvents: Event[] = [];
  const datedTimes: number[] = [];
  const datedApi: number[] = [];
  const undated: Event[] = [];
  for (let i = 0; i < apiEvents.length; i++) {
    const event = apiEvents[i] as Event;
    const time = timeOf(event);
    if (time === undefined) undated.push(event);
    else {
      datedEvents.push(event);
      datedTimes.push(time);
      datedApi.push(i);
    }
  }
  const n = datedEvents.length;
  const apiOrder = detectOrder(datedTimes);
  // The "natural" sequence is oldest-first: the order in which the events happened according to the API.
  const natural = new Array<number>(n);
  for (let i = 0; i < n; i++) natural[i] = apiOrder === "newest-first" ? n - 1 - i : i;
  const naturalTimes = natural.map((d) => datedTimes[d] ?? 0);
  const late = outOfOrderIndices(naturalTimes);
  // Stable sort by time: events of the same millisecond keep the API's sequence (JOINED before PUBLISH_STARTED…).
  const order = natural.map((_, i) => i).sort((a, b) => (naturalTimes[a] ?? 0) - (naturalTimes[b] ?? 0) || a - b);

  const seen = new Map<string, number>();
  const events: TimelineEvent[] = new Array<TimelineEvent>(n);
  for (let index = 0; index < n; index++) {
    const naturalIndex = order[index] ?? 0;
    const datedIndex = natural[naturalIndex] ?? 0;
    const event = datedEvents[datedIndex] as Event;
    const time = naturalTimes[naturalIndex] ?? 0;
    const name = event.name ?? "";
    const code = Object.hasOwn(nameCodes, name) ? nameCodes[name as EventName] : "x";
    const remote = event.remoteParticipantId || undefined;
    const base = remote ? `${time.toString(36)}${code}-${remote.slice(0, 6)}` : `${time.toString(36)}${code}`;
    const dup = seen.get(base) ?? 0;
    seen.set(base, dup + 1);
    // One object shape for every event (absent members are undefined), which keeps the engine's access fast.
    events[index] = {
      id: dup ? `${base}.${dup}` : base,
      index,
      apiIndex: datedApi[datedIndex] ?? 0,
      name,
      kind: kindOf(name),
      time,
      iso: event.eventTime ?? new Date(time).toISOString(),
      participantId: event.participantId ?? options.participantId ?? "",
      remoteParticipantId: remote,
      errorCode: event.errorCode || undefined,
      replica: event.replica === true,
      destinationStageArn: event.destinationStageArn || undefined,
      destinationSessionId: event.destinationSessionId || undefined,
      outOfOrder: late.has(naturalIndex),
      raw: event,
    };
  }

  const first = events[0]?.time;
  const last = events.at(-1)?.time;
  const sessionEnded = options.sessionEnd !== undefined;
  const openUntil = Math.max(options.sessionEnd ?? options.now, last ?? 0);
  const stillConnected = !sessionEnded && options.participantState !== "DISCONNECTED";

  const intervals: Interval[] = [];
  const issues: TimelineIssue[] = [];
  const missingStarts: string[] = [];
  const missingEnds: string[] = [];
  const remotes: string[] = [];
  let connected: OpenState | undefined;
  let publishing: OpenState | undefined;
  const subscriptions = new Map<string, OpenState>();

  const close = (kind: IntervalKind, state: OpenState, end: number, extra: Partial<Interval>) => {
    intervals.push({
      kind,
      start: state.start,
      end: Math.max(end, state.start),
      remoteParticipantId: state.remote,
      replica: state.replica || undefined,
      startEventId: state.startEventId,
      endEventId: extra.endEventId,
      open: extra.open,
      inferredEnd: extra.inferredEnd,
      missingStart: undefined,
    });
  };
  const orphanEnd = (kind: IntervalKind, event: TimelineEvent, remote?: string) => {
    missingStarts.push(event.id);
    intervals.push({
      kind,
      start: first ?? event.time,
      end: event.time,
      remoteParticipantId: remote || undefined,
      replica: undefined,
      startEventId: undefined,
      endEventId: event.id,
      open: undefined,
      inferredEnd: undefined,
      missingStart: true,
    });
  };

  for (const event of events) {
    switch (event.name) {
      case "JOINED":
        if (connected) {
          // A second JOINED without a LEFT in between: the LEFT is missing; end everything at the rejoin.
          if (connected.startEventId) missingEnds.push(connected.startEventId);
          close("connected", connected, event.time, { inferredEnd: "rejoined" });
          if (publishing) close("publishing", publishing, event.time, { inferredEnd: "rejoined" });
          publishing = undefined;
          for (const state of subscriptions.values())
            close("subscribed", state, event.time, { inferredEnd: "rejoined" });
          subscriptions.clear();
        }
        connected = { start: event.time, startEventId: event.id };
        break;
      case "LEFT":
        if (publishing) close("publishing", publishing, event.time, { endEventId: event.id, inferredEnd: "left" });
        publishing = undefined;
        for (const state of subscriptions.values())
          close("subscribed", state, event.time, { endEventId: event.id, inferredEnd: "left" });
        subscriptions.clear();
        if (connected) close("connected", connected, event.time, { endEventId: event.id });
        else orphanEnd("connected", event);
        connected = undefined;
        break;
      case "PUBLISH_STARTED":
        if (publishing) close("publishing", publishing, event.time, { inferredEnd: "restarted" });
        publishing = { start: event.time, startEventId: event.id };
        break;
      case "PUBLISH_STOPPED":
        if (publishing) close("publishing", publishing, event.time, { endEventId: event.id });
        else orphanEnd("publishing", event);
        publishing = undefined;
        break;
      case "SUBSCRIBE_STARTED":
      case "SUBSCRIBE_STOPPED":
      case "SUBSCRIBE_ERROR": {
        const remote = event.remoteParticipantId ?? "";
        if (remote && !remotes.includes(remote)) remotes.push(remote);
        if (event.name === "SUBSCRIBE_ERROR") break;
        const open = subscriptions.get(remote);
        if (event.name === "SUBSCRIBE_STARTED") {
          if (open) close("subscribed", open, event.time, { inferredEnd: "restarted" });
          subscriptions.set(remote, { start: event.time, startEventId: event.id, remote, replica: event.replica });
        } else {
          if (open) close("subscribed", open, event.time, { endEventId: event.id });
          else orphanEnd("subscribed", event, remote);
          subscriptions.delete(remote);
        }
        break;
      }
      default:
        break;
    }
  }

  const connectedOpen = connected !== undefined;
  const openKind: OpenEnd = stillConnected && connectedOpen ? "ongoing" : "missing";
  const finish = (kind: IntervalKind, state: OpenState) => {
    // Publishing or subscriptions left open by a participant whose connection closed are missing their end too.
    const open: OpenEnd = kind === "connected" ? openKind : connectedOpen ? openKind : "missing";
    if (open === "missing" && state.startEventId) missingEnds.push(state.startEventId);
    close(kind, state, openUntil, { open });
  };
  if (connected) finish("connected", connected);
  if (publishing) finish("publishing", publishing);
  for (const state of subscriptions.values()) finish("subscribed", state);
  intervals.sort((a, b) => a.start - b.start || a.end - b.end);

  const late_ = events.filter((e) => e.outOfOrder).map((e) => e.id);
  if (late_.length) {
    issues.push({
      kind: "out-of-order",
      message: `${late_.length} event${late_.length === 1 ? "" : "s"} arrived out of order; drawn at ${late_.length === 1 ? "its" : "their"} own time.`,
      eventIds: late_,
    });
  }
  if (missingEnds.length) {
    issues.push({
      kind: "missing-end",
      message: `${missingEnds.length} interval${missingEnds.length === 1 ? " has" : "s have"} no closing event (LEFT, PUBLISH_STOPPED or SUBSCRIBE_STOPPED); drawn open to the next JOINED, ${sessionEnded ? "the session's end" : "now"}.`,
      eventIds: missingEnds,
    });
  }
  if (missingStarts.length) {
    issues.push({
      kind: "missing-start",
      message: `${missingStarts.length} closing event${missingStarts.length === 1 ? " has" : "s have"} no opening event; drawn from the timeline's start.`,
      eventIds: missingStarts,
    });
  }
  if (undated.length) {
    issues.push({
      kind: "undated",
      message: `${undated.length} event${undated.length === 1 ? "" : "s"} without a time (listed, not drawn).`,
      eventIds: [],
    });
  }

  const ends = intervals.map((i) => i.end);
  const span: readonly [number, number] | undefined =
    first !== undefined && last !== undefined
      ? [first, Math.max(last, ...(ends.length ? [Math.max(...ends)] : []))]
      : undefined;

  return {
    participantId: events[0]?.participantId || options.participantId || "",
    events,
    byId: new Map(events.map((e) => [e.id, e])),
    intervals,
    remotes,
    issues,
    apiOrder,
    ...(span ? { span } : {}),
    undated,
  };
}

/** The index of the first event at or after `time` (binary search over a chronological list). */
export function lowerBound(events: readonly { readonly time: number }[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid]?.time ?? 0) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first event strictly after `time`. */
export function upperBound(events: readonly { readonly time: number }[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid]?.time ?? 0) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events with from ≤ time ≤ to (chronological input). */
export function eventsInWindow<T extends { readonly time: number }>(
  events: readonly T[],
  from: number,
  to: number,
): T[] {
  return events.slice(lowerBound(events, from), upperBound(events, to));
}

/** Whether the participant ever published, for how long (ms), and how many publishers it subscribed to. */
export function summarize(timeline: Timeline) {
  let connectedMs = 0;
  let publishingMs = 0;
  for (const interval of timeline.intervals) {
    if (interval.kind === "connected") connectedMs += interval.end - interval.start;
    if (interval.kind === "publishing") publishingMs += interval.end - interval.start;
  }
  const count = (name: string) => timeline.events.filter((e) => e.name === name).length;
  return {
    joins: count("JOINED"),
    leaves: count("LEFT"),
    publishes: count("PUBLISH_STARTED"),
    errors: timeline.events.filter((e) => e.kind === "error").length,
    subscriptions: timeline.remotes.length,
    connectedMs,
    publishingMs,
  };
}
