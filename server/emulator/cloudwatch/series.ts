/**
 * Metric identities (namespace, name, exact dimension set) → a sampler over the model, and the catalog that
 * ListMetrics walks. Only the dimension sets below exist; any other combination is an unknown metric (no data,
 * as CloudWatch answers).
 */
import {
  accumulateStage,
  aggregateValue,
  downloadPacketLoss,
  droppedFrames,
  emptyAccumulator,
  isPublishing,
  layersOf,
  metricUnits,
  namespace,
  publishBitrate,
  publishFramerate,
  publishResolution,
  stageActive,
  subscribeBitrate,
  type AggregateMetric,
  type MediaType,
  type RegionIndex,
  type StageTrack,
  type Track,
  type Unit,
} from "./model";

export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

export interface MetricId {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly Dimension[];
}

export interface Series {
  readonly unit: Unit;
  /** The value at an emission instant, or undefined when the series has no value then. */
  sample(t: number): number | undefined;
  /** Bounds outside which the series never has a value (an optimisation; may be wider than the truth). */
  readonly from: number;
  readonly to: number;
}

const shared = {
  PublishBitrate: "PublishBitrate",
  SubscribeBitrate: "SubscribeBitrate",
  DownloadPacketLoss: "DownloadPacketLoss",
  DroppedFrames: "DroppedFrames",
} as const;
/** Region-wide metric → the aggregate it sums or averages over every active stage. */
const regionMetrics: Readonly<Record<string, AggregateMetric>> = {
  ConcurrentPublishers: "Publishers",
  ConcurrentSubscriptions: "ConcurrentSubscriptions",
  ...shared,
};
const stageMetrics: Readonly<Record<string, AggregateMetric>> = {
  Publishers: "Publishers",
  Subscribers: "Subscribers",
  ...shared,
};

function span(intervals: ReadonlyArray<{ start: number; end: number }>): { from: number; to: number } {
  let from = Infinity;
  let to = -Infinity;
  for (const i of intervals) {
    from = Math.min(from, i.start);
    to = Math.max(to, i.end);
  }
  return { from, to };
}

/** Everything a participant's per-participant sets need: published at least once. */
const published = (track: Track) => track.publishing.length > 0;

function participantSeries(
  stage: StageTrack,
  track: Track,
  metric: string,
  dims: ReadonlyMap<string, string>,
): Series | undefined {
  const unit = metricUnits[metric];
  if (unit === undefined || !published(track)) return undefined;
  const { from, to } = span(track.connected);
  const series = (sample: (t: number) => number | undefined): Series => ({ unit, sample, from, to });
  const layer = dims.get("SimulcastLayer");
  const media = dims.get("MediaType");
  const keys = [...dims.keys()].sort().join(",");
  const validMedia = media === "video" || media === "audio";
  switch (keys) {
    case "MediaType,Participant,SimulcastLayer,Stage":
      if (layer === undefined || !validMedia) return undefined;
      if (metric === "PublishBitrate") {
        if (media === "audio" ? layer !== "none" : !layersOf(track).includes(layer)) return undefined;
        return series((t) => publishBitrate(track, layer, media, t));
      }
      if (media !== "video" || !layersOf(track).includes(layer)) return undefined;
      if (metric === "PublishResolution") return series((t) => publishResolution(track, layer, t));
      if (metric === "PublishFramerate" && track.rtmp) return series((t) => publishFramerate(track, t));
      return undefined;
    case "Participant,Stage":
      if (metric === "PublishFramerate" && track.rtmp) return series((t) => publishFramerate(track, t));
      if (metric === "DownloadPacketLoss" || metric === "DroppedFrames") {
        if (track.subscriptions.length === 0) return undefined;
        const value = metric === "DownloadPacketLoss" ? downloadPacketLoss : droppedFrames;
        // Only while the subscriber also publishes (AWS emits this set for publishers only).
        return series((t) => (isPublishing(track, t) ? value(track, t) : undefined));
      }
      return undefined;
    case "MediaType,Participant,Stage":
      if (metric !== "SubscribeBitrate" || !validMedia || track.subscriptions.length === 0) return undefined;
      return series((t) => (isPublishing(track, t) ? subscribeBitrate(stage, track, media, t) : undefined));
    default:
      return undefined;
  }
}

/** The series of a metric identity, or undefined for a metric this world does not have. */
export function resolveSeries(index: RegionIndex, id: MetricId): Series | undefined {
  if (id.Namespace !== namespace) return undefined;
  const metric = id.MetricName;
  const unit = metricUnits[metric];
  if (unit === undefined) return undefined;
  const dims = new Map<string, string>();
  for (const d of id.Dimensions) {
    if (dims.has(d.Name)) return undefined;
    dims.set(d.Name, d.Value);
  }
  if (dims.size === 0) {
    const aggregate = regionMetrics[metric];
    if (aggregate === undefined || index.stages.size === 0) return undefined;
    const stages = [...index.stages.values()];
    const { from, to } = span(stages.flatMap((s) => s.sessions));
    return {
      unit,
      from,
      to,
      sample(t) {
        const active = stages.filter((s) => stageActive(s, t));
        if (active.length === 0) return undefined;
        const total = emptyAccumulator();
        for (const stage of active) accumulateStage(stage, t, aggregate, total);
        return aggregateValue(aggregate, total);
      },
    };
  }
  const stageId = dims.get("Stage");
  const stage = stageId === undefined ? undefined : index.stages.get(stageId);
  if (!stage) return undefined;
  if (dims.size === 1) {
    const aggregate = stageMetrics[metric];
    if (aggregate === undefined) return undefined;
    const { from, to } = span(stage.sessions);
    return {
      unit,
      from,
      to,
      sample: (t) =>
        stageActive(stage, t)
          ? aggregateValue(aggregate, accumulateStage(stage, t, aggregate, emptyAccumulator()))
          : undefined,
    };
  }
  const participantId = dims.get("Participant");
  const track = participantId === undefined ? undefined : stage.participants.get(participantId);
  return track ? participantSeries(stage, track, metric, dims) : undefined;
}

export interface CatalogEntry extends MetricId {
  readonly from: number;
  readonly to: number;
}

const dim = (Name: string, Value: string): Dimension => ({ Name, Value });

/** Every metric identity of the region with the span in which it may have values. */
export function catalog(index: RegionIndex): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const add = (MetricName: string, Dimensions: Dimension[], bounds: { from: number; to: number }) =>
    out.push({ Namespace: namespace, MetricName, Dimensions, ...bounds });
  const stages = [...index.stages.values()];
  if (stages.length > 0) {
    const bounds = span(stages.flatMap((s) => s.sessions));
    for (const metric of Object.keys(regionMetrics)) add(metric, [], bounds);
  }
  for (const stage of stages) {
    const bounds = span(stage.sessions);
    const s = dim("Stage", stage.stageId);
    for (const metric of Object.keys(stageMetrics)) add(metric, [s], bounds);
    for (const track of stage.participants.values()) {
      if (!published(track)) continue;
      const tb = span(track.connected);
      const p = dim("Participant", track.participantId);
      for (const layer of layersOf(track)) {
        const l = [s, p, dim("SimulcastLayer", layer), dim("MediaType", "video")];
        add("PublishBitrate", l, tb);
        add("PublishResolution", l, tb);
        if (track.rtmp) add("PublishFramerate", l, tb);
      }
      add("PublishBitrate", [s, p, dim("SimulcastLayer", "none"), dim("MediaType", "audio")], tb);
      if (track.rtmp) add("PublishFramerate", [s, p], tb);
      if (track.subscriptions.length > 0) {
        for (const media of ["video", "audio"] as const satisfies readonly MediaType[])
          add("SubscribeBitrate", [s, p, dim("MediaType", media)], tb);
        add("DownloadPacketLoss", [s, p], tb);
        add("DroppedFrames", [s, p], tb);
      }
    }
  }
  return out;
}
