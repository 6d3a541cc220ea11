/**
 * The metrics model: AWS/IVSRealTime values derived from the world's records, never stored.
 *
 * Every series is a function of (the region's sessions and participant events, scripted packet-loss episodes,
 * a seeded noise function of participant and time). A value exists at each emission instant (multiples of
 * `emissionPeriodMs`) up to the world clock's present. So the demo world's three hours of history have metrics
 * without any point being stored, values agree with the events (a publisher has a bitrate exactly while its
 * events say it publishes), and the same world gives the same numbers on every run. docs/emulator.md,
 * "CloudWatch metrics", describes the model and its constants.
 */
import type { EventRecord, RegionStore } from "../world/store";

export const namespace = "AWS/IVSRealTime";
/** One raw value per series every 5 s of world time (timestamps are multiples of 5 s). */
export const emissionPeriodMs = 5_000;

export const bitrateLimitBps = 8_500_000;
/** A BITRATE_EXCEEDED is preceded by this long a climb of the top video layer. */
export const bitrateRampMs = 40_000;
export const bitratePeakBps = 9_400_000;
/** A network drop (LEFT while still publishing or subscribing) is preceded by a packet-loss episode this long. */
export const dropEpisodeMs: readonly [number, number] = [12_000, 40_000];
export const dropEpisodePercent: readonly [number, number] = [8, 30];

export type Unit = "Count" | "Bits/Second" | "Count/Second" | "Percent";
export type MediaType = "video" | "audio";

export const metricUnits: Readonly<Record<string, Unit>> = {
  ConcurrentPublishers: "Count",
  ConcurrentSubscriptions: "Count",
  Publishers: "Count",
  Subscribers: "Count",
  PublishBitrate: "Bits/Second",
  PublishResolution: "Count",
  PublishFramerate: "Count/Second",
  SubscribeBitrate: "Bits/Second",
  DownloadPacketLoss: "Percent",
  DroppedFrames: "Percent",
};

export interface Interval {
  readonly start: number;
  /** Exclusive; `Infinity` while still open. */
  end: number;
}

export interface Episode {
  readonly start: number;
  readonly end: number;
  readonly percent: number;
}

/** One participant id on one stage, over all the stage's sessions. */
export interface Track {
  readonly stageId: string;
  readonly participantId: string;
  readonly rtmp: boolean;
  readonly key: number;
  readonly connected: Interval[];
  readonly publishing: Interval[];
  readonly subscriptions: Array<Interval & { readonly publisherId: string }>;
  /** Times of PUBLISH_ERROR BITRATE_EXCEEDED. */
  readonly bitrateErrors: number[];
  /** Times of LEFT events while the participant still published or subscribed (a lost connection). */
  readonly drops: number[];
  /** Derived from drops plus scripted ones, in start order. */
  episodes: Episode[];
  /** First join and last leave (`Infinity` while connected): outside them the participant has no values. */
  first: number;
  last: number;
}

export interface StageTrack {
  readonly stageId: string;
  readonly sessions: Interval[];
  readonly participants: Map<string, Track>;
}

export interface RegionIndex {
  readonly stages: Map<string, StageTrack>;
  readonly seed: number;
}

export interface ScriptedEpisode extends Episode {
  readonly stageId: string;
  readonly participantId: string;
}

// ---- noise -------------------------------------------------------------------------------------------------

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform value in [0, 1) from a key and an integer (a deterministic hash, no state). */
export function noise(key: number, n: number): number {
  let h = (key ^ Math.imul(n | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const slot = (t: number) => Math.floor(t / emissionPeriodMs);
/** `base` varied by ±`spread` (a fraction) at time t. */
const jitter = (key: number, salt: number, t: number, base: number, spread: number) =>
  base * (1 + spread * (2 * noise(key + salt, slot(t)) - 1));

// ---- the index ---------------------------------------------------------------------------------------------

export const stageIdOf = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);

const within = (intervals: readonly Interval[], t: number) => intervals.some((i) => i.start <= t && t < i.end);

function close(interval: Interval | undefined, t: number): void {
  if (interval !== undefined && interval.end === Infinity) interval.end = t;
}

/** Events by time, then append order (they are nearly always appended in time order already: no sort then). */
function inTimeOrder(events: readonly EventRecord[]): readonly EventRecord[] {
  let sorted = true;
  for (let i = 1; i < events.length && sorted; i++) {
    const a = events[i - 1];
    const b = events[i];
    if (a && b && (a.data.eventTime ?? "") > (b.data.eventTime ?? "")) sorted = false;
  }
  if (sorted) return events;
  return [...events].sort((a, b) => (a.data.eventTime ?? "").localeCompare(b.data.eventTime ?? "") || a.seq - b.seq);
}

/**
 * Builds the intervals of every participant from the participant events, session by session (events of one
 * session in time order; anything still open when a session ended closes at its end).
 */
export function buildIndex(store: RegionStore, seed: number, scripted: readonly ScriptedEpisode[]): RegionIndex {
  const stages = new Map<string, StageTrack>();
  const sessions = [...store.sessions.values()].sort((a, b) => a.startTime.localeCompare(b.startTime));
  for (const session of sessions) {
    const stageId = stageIdOf(session.stageArn);
    let stage = stages.get(stageId);
    if (!stage) {
      stage = { stageId, sessions: [], participants: new Map() };
      stages.set(stageId, stage);
    }
    const sessionEnd = session.endTime === undefined ? Infinity : Date.parse(session.endTime);
    stage.sessions.push({ start: Date.parse(session.startTime), end: sessionEnd });
    const events = inTimeOrder(store.events.get(session.sessionId) ?? []);
    const open = new Map<
      string,
      { connected?: Interval; publishing?: Interval; subs: Map<string, Interval & { publisherId: string }> }
    >();
    for (const event of events) {
      const id = event.participantId;
      let track = stage.participants.get(id);
      if (!track) {
        const record = store.participants.get(`${session.sessionId}/${id}`);
        const protocol = record?.data.protocol;
        track = {
          stageId,
          participantId: id,
          rtmp: protocol === "RTMP" || protocol === "RTMPS",
          key: hashString(`${seed}/${stageId}/${id}`),
          connected: [],
          publishing: [],
          subscriptions: [],
          bitrateErrors: [],
          drops: [],
          episodes: [],
          first: Infinity,
          last: -Infinity,
        };
        stage.participants.set(id, track);
      }
      let state = open.get(id);
      if (!state) {
        state = { subs: new Map() };
        open.set(id, state);
      }
      const t = Date.parse(event.data.eventTime ?? "");
      if (!Number.isFinite(t)) continue;
      const remote = event.data.remoteParticipantId;
      switch (event.data.name) {
        case "JOINED":
          if (state.connected === undefined) {
            state.connected = { start: t, end: Infinity };
            track.connected.push(state.connected);
          }
          break;
        case "LEFT": {
          if (state.publishing !== undefined || state.subs.size > 0) track.drops.push(t);
          close(state.connected, t);
          close(state.publishing, t);
          for (const sub of state.subs.values()) close(sub, t);
          state.connected = undefined;
          state.publishing = undefined;
          state.subs.clear();
          break;
        }
        case "PUBLISH_STARTED":
          if (state.publishing === undefined) {
            state.publishing = { start: t, end: Infinity };
            track.publishing.push(state.publishing);
          }
          break;
        case "PUBLISH_STOPPED":
        case "PUBLISH_ERROR":
          if (
            event.data.name === "PUBLISH_ERROR" &&
            event.data.errorCode === "BITRATE_EXCEEDED" &&
            state.publishing !== undefined
          ) {
            track.bitrateErrors.push(t);
          }
          close(state.publishing, t);
          state.publishing = undefined;
          break;
        case "SUBSCRIBE_STARTED":
          if (remote !== undefined && !state.subs.has(remote)) {
            const sub = { start: t, end: Infinity, publisherId: remote };
            state.subs.set(remote, sub);
            track.subscriptions.push(sub);
          }
          break;
        case "SUBSCRIBE_STOPPED":
        case "SUBSCRIBE_ERROR":
          if (remote !== undefined) {
            close(state.subs.get(remote), t);
            state.subs.delete(remote);
          }
          break;
        default:
          break;
      }
    }
    if (sessionEnd !== Infinity) {
      for (const state of open.values()) {
        close(state.connected, sessionEnd);
        close(state.publishing, sessionEnd);
        for (const sub of state.subs.values()) close(sub, sessionEnd);
      }
    }
  }
  for (const stage of stages.values()) {
    for (const track of stage.participants.values()) {
      const derived = track.drops.map((at, n): Episode => {
        const length = dropEpisodeMs[0] + (dropEpisodeMs[1] - dropEpisodeMs[0]) * noise(track.key + 7, n);
        const joined = track.connected.filter((i) => i.start < at).at(-1)?.start ?? at - length;
        const percent =
          dropEpisodePercent[0] + (dropEpisodePercent[1] - dropEpisodePercent[0]) * noise(track.key + 11, n);
        return { start: Math.max(at - length, joined), end: at, percent: Math.round(percent * 10) / 10 };
      });
      for (const i of track.connected) {
        track.first = Math.min(track.first, i.start);
        track.last = Math.max(track.last, i.end);
      }
      const mine = scripted.filter((e) => e.stageId === stage.stageId && e.participantId === track.participantId);
      track.episodes = [...derived, ...mine.map(({ start, end, percent }) => ({ start, end, percent }))].sort(
        (a, b) => a.start - b.start,
      );
    }
  }
  return { stages, seed };
}

// ---- per-participant values ---------------------------------------------------------------------------------

export const isPublishing = (track: Track, t: number): boolean => within(track.publishing, t);
export const isConnected = (track: Track, t: number): boolean => within(track.connected, t);

/** The participant's network trouble at t: the largest episode percent, 0 outside episodes. */
export function episodePercent(track: Track, t: number): number {
  let worst = 0;
  for (const e of track.episodes) if (e.start <= t && t < e.end && e.percent > worst) worst = e.percent;
  return worst;
}

/** Layers a publisher sends: web/mobile SDKs simulcast hi/mid/low; RTMP encoders one layer ("none"). */
export const layersOf = (track: Track): readonly string[] => (track.rtmp ? ["none"] : ["hi", "mid", "low"]);
const videoBase: Readonly<Record<string, number>> = { hi: 2_500_000, mid: 700_000, low: 200_000, none: 6_000_000 };
const resolutionBase: Readonly<Record<string, number>> = { hi: 720, mid: 360, low: 180, none: 1080 };
const topLayer = (track: Track) => (track.rtmp ? "none" : "hi");

/** PublishBitrate of one layer and media type, or undefined when the participant does not publish it at t. */
export function publishBitrate(track: Track, layer: string, media: MediaType, t: number): number | undefined {
  if (!isPublishing(track, t)) return undefined;
  if (media === "audio")
    return layer === "none" ? jitter(track.key, 1, t, track.rtmp ? 128_000 : 48_000, 0.04) : undefined;
  const base = videoBase[layer];
  if (base === undefined || !layersOf(track).includes(layer)) return undefined;
  if (layer === topLayer(track)) {
    const error = track.bitrateErrors.find((e) => e - bitrateRampMs <= t && t < e);
    if (error !== undefined) {
      const since = track.publishing.filter((i) => i.start <= t).at(-1)?.start ?? t;
      const rampStart = Math.max(error - bitrateRampMs, since);
      const fraction = Math.min(1, ((t - rampStart) / Math.max(emissionPeriodMs, error - rampStart)) * 1.25);
      return jitter(track.key, 2, t, base + (bitratePeakBps - base) * fraction, 0.015);
    }
  }
  const loss = episodePercent(track, t);
  const degraded = layer === topLayer(track) ? Math.max(0.35, 1 - (2.5 * loss) / 100) : 1;
  return jitter(track.key, 3 + layer.length, t, base * degraded, 0.08);
}

export function totalPublishBitrate(track: Track, t: number): number {
  let sum = 0;
  for (const layer of layersOf(track)) sum += publishBitrate(track, layer, "video", t) ?? 0;
  return sum + (publishBitrate(track, "none", "audio", t) ?? 0);
}

export function publishResolution(track: Track, layer: string, t: number): number | undefined {
  if (!isPublishing(track, t) || !layersOf(track).includes(layer)) return undefined;
  const base = resolutionBase[layer] ?? 0;
  return layer === "hi" && episodePercent(track, t) >= 8 ? 540 : base;
}

/** RTMP encoders only. */
export function publishFramerate(track: Track, t: number): number | undefined {
  if (!track.rtmp || !isPublishing(track, t)) return undefined;
  const loss = episodePercent(track, t);
  return Math.max(10, 30 * (1 - Math.min(0.6, (1.5 * loss) / 100)) - 0.4 * noise(track.key + 5, slot(t)));
}

/** Subscriber-side packet loss, while the participant subscribes to someone. */
export function downloadPacketLoss(track: Track, t: number): number | undefined {
  if (!track.subscriptions.some((s) => s.start <= t && t < s.end)) return undefined;
  const loss = episodePercent(track, t);
  const base = 0.05 + 0.5 * noise(track.key + 13, slot(t)) ** 2;
  return loss > 0 ? jitter(track.key, 17, t, loss, 0.2) : base;
}

export function droppedFrames(track: Track, t: number): number | undefined {
  if (!track.subscriptions.some((s) => s.start <= t && t < s.end)) return undefined;
  const loss = episodePercent(track, t);
  const base = 0.02 + 0.3 * noise(track.key + 19, slot(t)) ** 2;
  return loss > 0 ? jitter(track.key, 23, t, 0.7 * loss, 0.2) : base;
}

/** What a subscriber receives of one media type: the top layer of each publisher, the next one down under loss. */
export function subscribeBitrate(stage: StageTrack, track: Track, media: MediaType, t: number): number | undefined {
  let any = false;
  let lossy = false;
  let sum = 0;
  for (const sub of track.subscriptions) {
    if (!(sub.start <= t && t < sub.end)) continue;
    if (!any) {
      any = true;
      lossy = episodePercent(track, t) > 5;
    }
    const publisher = stage.participants.get(sub.publisherId);
    if (!publisher) continue;
    if (media === "audio") sum += publishBitrate(publisher, "none", "audio", t) ?? 0;
    else if (publisher.rtmp) sum += (publishBitrate(publisher, "none", "video", t) ?? 0) * (lossy ? 0.5 : 1);
    else sum += publishBitrate(publisher, lossy ? "mid" : "hi", "video", t) ?? 0;
  }
  return any ? sum : undefined;
}

// ---- aggregates ---------------------------------------------------------------------------------------------

export const stageActive = (stage: StageTrack, t: number): boolean => within(stage.sessions, t);

/** The stage- and region-level metrics, computed from the participants connected at t. */
export type AggregateMetric =
  | "Publishers"
  | "Subscribers"
  | "ConcurrentSubscriptions"
  | "PublishBitrate"
  | "SubscribeBitrate"
  | "DownloadPacketLoss"
  | "DroppedFrames";

/** A running total: `count` for the counts, `sum` over `n` participants for the rest. */
export interface Accumulator {
  count: number;
  sum: number;
  n: number;
}

export const emptyAccumulator = (): Accumulator => ({ count: 0, sum: 0, n: 0 });

/** A step function: `values[i]` holds from `times[i]` until `times[i + 1]`; 0 before the first time. */
interface Steps {
  readonly times: number[];
  readonly values: number[];
}

function stepsOf(deltas: Array<readonly [number, number]>): Steps {
  deltas.sort((a, b) => a[0] - b[0]);
  const times: number[] = [];
  const values: number[] = [];
  let value = 0;
  for (const [time, delta] of deltas) {
    value += delta;
    if (times.at(-1) === time) values[values.length - 1] = value;
    else {
      times.push(time);
      values.push(value);
    }
  }
  return { times, values };
}

function stepAt(steps: Steps, t: number): number {
  let lo = 0;
  let hi = steps.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((steps.times[mid] ?? Infinity) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found === -1 ? 0 : (steps.values[found] ?? 0);
}

function deltasOf(intervals: Iterable<Interval>): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const i of intervals) {
    if (i.end <= i.start) continue;
    out.push([i.start, 1]);
    if (i.end !== Infinity) out.push([i.end, -1]);
  }
  return out;
}

/** The union of intervals (a participant subscribing to anyone). */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

type CountMetric = "Publishers" | "Subscribers" | "ConcurrentSubscriptions";
const stepCache = new WeakMap<StageTrack, Map<CountMetric, Steps>>();

/** Publishers, Subscribers and subscriptions of a stage at t, from step functions built once per index. */
export function countAt(stage: StageTrack, metric: CountMetric, t: number): number {
  let byMetric = stepCache.get(stage);
  if (!byMetric) {
    byMetric = new Map();
    stepCache.set(stage, byMetric);
  }
  let steps = byMetric.get(metric);
  if (!steps) {
    const tracks = [...stage.participants.values()];
    const intervals =
      metric === "Publishers"
        ? tracks.flatMap((track) => track.publishing)
        : metric === "ConcurrentSubscriptions"
          ? tracks.flatMap((track) => track.subscriptions)
          : tracks.flatMap((track) => union(track.subscriptions));
    steps = stepsOf(deltasOf(intervals));
    byMetric.set(metric, steps);
  }
  return stepAt(steps, t);
}

/** Adds one stage's participants at t to `into`, computing only what `metric` needs. */
export function accumulateStage(stage: StageTrack, t: number, metric: AggregateMetric, into: Accumulator): Accumulator {
  if (metric === "Publishers" || metric === "Subscribers" || metric === "ConcurrentSubscriptions") {
    into.count += countAt(stage, metric, t);
    return into;
  }
  for (const track of stage.participants.values()) {
    if (t < track.first || t >= track.last || !isConnected(track, t)) continue;
    switch (metric) {
      case "PublishBitrate":
        if (isPublishing(track, t)) {
          into.sum += totalPublishBitrate(track, t);
          into.n++;
        }
        break;
      case "SubscribeBitrate": {
        if (!track.subscriptions.some((sub) => sub.start <= t && t < sub.end)) break;
        into.sum +=
          (subscribeBitrate(stage, track, "video", t) ?? 0) + (subscribeBitrate(stage, track, "audio", t) ?? 0);
        into.n++;
        break;
      }
      case "DownloadPacketLoss":
      case "DroppedFrames": {
        const value = metric === "DownloadPacketLoss" ? downloadPacketLoss(track, t) : droppedFrames(track, t);
        if (value === undefined) break;
        into.sum += value;
        into.n++;
        break;
      }
    }
  }
  return into;
}

/** The value of an aggregate from its accumulator (undefined: nobody to average over, or nobody publishing). */
export function aggregateValue(metric: AggregateMetric, acc: Accumulator): number | undefined {
  switch (metric) {
    case "Publishers":
    case "Subscribers":
    case "ConcurrentSubscriptions":
      return acc.count;
    case "PublishBitrate":
    case "SubscribeBitrate":
      return acc.n > 0 ? acc.sum : undefined;
    case "DownloadPacketLoss":
    case "DroppedFrames":
      return acc.n > 0 ? acc.sum / acc.n : undefined;
  }
}
