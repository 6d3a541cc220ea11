import { findEpisodes, formatValue, type Episode, type QualitySeries } from "@/lib/metrics/quality";
import type { DiagnosisContext, Finding, MetricEvidence } from "./diagnosis";
import type { Interval, Timeline, TimelineEvent } from "./model";

/**
 * Diagnosis rules that read CloudWatch metrics beside the events (registered in diagnosis.ts). Each finding
 * names its evidence twice: the events (ids, highlighted in the timeline) and the metric stretch (metric, time
 * range, peak) that the charts draw.
 */

/** The metrics of one participant, as the participant page has them. */
export interface MetricFacts {
  /** Seconds between values. */
  readonly period: number;
  readonly series: readonly QualitySeries[];
}

/** Packet loss at or above this is an episode (the healthy range is well under 1 %). */
export const lossThreshold = 3;
/** Dropped frames at or above this, with no loss episode around, are reported on their own. */
export const droppedThreshold = 3;
/** A drop within this long after an episode's end is explained by it. */
export const dropWindowMs = 30_000;
export const bitrateLimitBps = 8.5e6;

const clockOf = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const pct = (value: number) => `${value >= 10 ? Math.round(value) : value.toFixed(1)} %`;

interface Input {
  readonly timeline: Timeline;
  readonly context: DiagnosisContext;
}

type MetricRule = (input: Input) => Finding[];

function series(metrics: MetricFacts, id: string): QualitySeries | undefined {
  return metrics.series.find((s) => s.id === id && s.times.length > 0);
}

const overlaps = (iv: Interval, from: number, to: number) => iv.start <= to && iv.end >= from;

/** What the participant was doing during [from, to]: publishing, subscribing, both. */
function activity(timeline: Timeline, from: number, to: number): string {
  const publishing = timeline.intervals.some((iv) => iv.kind === "publishing" && overlaps(iv, from, to));
  const subscribing = timeline.intervals.some((iv) => iv.kind === "subscribed" && overlaps(iv, from, to));
  return publishing && subscribing
    ? "while publishing and subscribing"
    : publishing
      ? "while publishing"
      : subscribing
        ? "while subscribing"
        : "while connected";
}

/** The first LEFT (a drop ends the connection with a bare LEFT) or error within `dropWindowMs` after `to`. */
function followedBy(timeline: Timeline, from: number, to: number): { left?: TimelineEvent; errors: TimelineEvent[] } {
  const after = timeline.events.filter((e) => e.time >= from && e.time <= to + dropWindowMs);
  const left = after.find((e) => e.name === "LEFT" && e.time >= to - 5_000);
  return { ...(left ? { left } : {}), errors: after.filter((e) => e.kind === "error") };
}

function eventsDuring(timeline: Timeline, from: number, to: number): TimelineEvent[] {
  return timeline.events.filter(
    (e) => e.time >= from && e.time <= to && (e.kind === "publish" || e.kind === "session"),
  );
}

function evidenceOf(metric: string, label: string, episode: Episode, unit: "percent" | "bps"): MetricEvidence {
  return {
    metric,
    label,
    from: episode.from,
    to: episode.to,
    peak: episode.peak,
    peakAt: episode.peakAt,
    text: `${label} ${formatValue(episode.peak, unit)} at ${clockOf(episode.peakAt)}`,
  };
}

/** Packet-loss episodes: how bad, while doing what, and whether the participant dropped right after. */
const packetLoss: MetricRule = ({ timeline, context }) => {
  const metrics = context.metrics;
  const loss = metrics && series(metrics, "loss");
  if (!metrics || !loss) return [];
  const gap = metrics.period * 1000 * 3;
  const dropped = series(metrics, "dropped");
  return findEpisodes(loss, lossThreshold, gap).map((episode, i): Finding => {
    const { left, errors } = followedBy(timeline, episode.from, episode.to);
    const doing = activity(timeline, episode.from, episode.to);
    const droppedPeak = dropped
      ? findEpisodes(dropped, 1, gap, 1).find((d) => d.from <= episode.to + gap && d.to >= episode.from - gap)
      : undefined;
    // Errors stay unclaimed: their own rules (or the catalog) explain them; the finding lists their codes.
    const evidence = [...eventsDuring(timeline, episode.from, episode.to), ...(left ? [left] : [])].map((e) => e.id);
    const title = `Packet loss ${pct(episode.peak)} from ${clockOf(episode.from)} to ${clockOf(episode.to)} ${doing}`;
    const droppedText = droppedPeak ? ` Dropped frames rose to ${pct(droppedPeak.peak)} at the same time.` : "";
    const explanation = left
      ? `${title}; the participant dropped at ${clockOf(left.time)}: likely the participant's network.${droppedText} IVS recorded a LEFT with no unpublish before it, which is how a lost connection looks.`
      : `${title} (mean ${pct(episode.mean)}); the connection held.${droppedText} Viewers of this participant likely saw freezes or lower quality; simulcast falls back to lower layers while loss lasts.`;
    return {
      id: `metric-loss:${i}`,
      rule: "packet-loss",
      severity: left || episode.peak >= 10 ? "warning" : "info",
      title,
      explanation,
      action: left
        ? "Ask the participant to move to a wired or stronger network (or closer to the Wi-Fi access point) and close other uploads; if it repeats, check the ISP in the client facts."
        : "If the user reports freezes at that time, this is why; a steadier network fixes it. No action on IVS is needed.",
      evidence,
      codes: [...new Set(errors.map((e) => e.errorCode ?? ""))].filter(Boolean),
      metricEvidence: [
        evidenceOf("DownloadPacketLoss", "Packet loss", episode, "percent"),
        ...(droppedPeak ? [evidenceOf("DroppedFrames", "Dropped frames", droppedPeak, "percent")] : []),
      ],
      ...(left && timeline.events.some((e) => e.name === "JOINED" && e.time > left.time) ? { resolved: true } : {}),
    };
  });
};

/** Dropped frames without a loss episode around them: the device (CPU, decoder), not the network. */
const droppedFrames: MetricRule = ({ context }) => {
  const metrics = context.metrics;
  const dropped = metrics && series(metrics, "dropped");
  if (!metrics || !dropped) return [];
  const gap = metrics.period * 1000 * 3;
  const loss = series(metrics, "loss");
  const lossEpisodes = loss ? findEpisodes(loss, lossThreshold, gap) : [];
  return findEpisodes(dropped, droppedThreshold, gap)
    .filter((d) => !lossEpisodes.some((l) => l.from <= d.to + gap && l.to >= d.from - gap))
    .map((episode, i): Finding => ({
      id: `metric-dropped:${i}`,
      rule: "dropped-frames",
      severity: "info",
      title: `Dropped frames ${pct(episode.peak)} from ${clockOf(episode.from)} to ${clockOf(episode.to)} without packet loss`,
      explanation:
        "Frames were dropped while the network delivered its packets: the receiving device could not decode or render in time (CPU load, too many videos, a background tab).",
      action: "Ask the participant to close other applications or tabs, or subscribe to fewer or lower layers.",
      evidence: [],
      codes: [],
      metricEvidence: [evidenceOf("DroppedFrames", "Dropped frames", episode, "percent")],
    }));
};

/** The top layer's bitrate above the limit before a BITRATE_EXCEEDED: the metric that shows the climb. */
const bitrateClimb: MetricRule = ({ timeline, context }) => {
  const metrics = context.metrics;
  if (!metrics) return [];
  const errors = timeline.events.filter((e) => e.errorCode === "BITRATE_EXCEEDED");
  if (!errors.length) return [];
  const layers = ["bitrate_hi_video", "bitrate_none_video"]
    .map((id) => series(metrics, id))
    .filter((s): s is QualitySeries => Boolean(s));
  const out: Finding[] = [];
  for (const error of errors) {
    for (const layer of layers) {
      const climb = findEpisodes(layer, bitrateLimitBps, metrics.period * 1000 * 3, 1).find(
        (e) => e.from <= error.time && e.to >= error.time - 60_000,
      );
      if (!climb) continue;
      out.push({
        id: `metric-bitrate:${error.id}`,
        rule: "bitrate-climb",
        severity: "info",
        title: `Publish bitrate ${formatValue(climb.peak, "bps")} before the BITRATE_EXCEEDED at ${clockOf(error.time)}`,
        explanation: `The ${layer.id === "bitrate_hi_video" ? "hi layer" : "video"} went above ${formatValue(bitrateLimitBps, "bps")} from ${clockOf(climb.from)} (peak at ${clockOf(climb.peakAt)}); IVS refused the stream when it exceeded the limit.`,
        action: "Cap the encoder's or SDK's maximum bitrate below 8.5 Mbps (6 Mbps leaves headroom).",
        evidence: [error.id],
        codes: ["BITRATE_EXCEEDED"],
        metricEvidence: [evidenceOf("PublishBitrate", "Publish bitrate", climb, "bps")],
      });
      break;
    }
  }
  return out;
};

/** The metric-aware rules, in the order they run. */
export const metricRules: readonly MetricRule[] = [packetLoss, droppedFrames, bitrateClimb];
