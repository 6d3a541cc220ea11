/**
 * Quality metrics as the console's views use them: compact series (epoch-ms times and values), what each chart
 * draws, and loss episodes found in a series. Pure and isomorphic (the server answers with these shapes, the
 * charts and the diagnosis rules read them).
 */

/** One series of one metric, oldest first. `times` are epoch ms. */
export interface QualitySeries {
  /** The query id (`bitrate_hi_video`, `loss`, `publishers`…). */
  readonly id: string;
  readonly metric: string;
  readonly times: readonly number[];
  readonly values: readonly number[];
}

export interface WorstParticipant {
  readonly participantId: string;
  /** Highest DownloadPacketLoss in the range, percent. */
  readonly peakLoss: number;
  /** Mean DownloadPacketLoss over its values in the range, percent. */
  readonly meanLoss: number;
  /** When the peak was, epoch ms. */
  readonly peakAt: number;
}

export interface QualityAnswer {
  /** Seconds between values. */
  readonly period: number;
  /** Epoch ms, the range asked for. */
  readonly start: number;
  readonly end: number;
  /** `store`: kept by the collector; `cloudwatch`: read now (a session the collector never saw). */
  readonly source: "store" | "cloudwatch";
  /** Epoch ms of the newest value the store holds for this session (store answers). */
  readonly readUntil?: number;
  readonly series: readonly QualitySeries[];
  /** Stage answers: participants with the most packet loss, worst first. */
  readonly worst?: readonly WorstParticipant[];
}

export type ChartUnit = "bps" | "px" | "fps" | "percent" | "count";

export interface ChartSpec {
  readonly key: string;
  readonly title: string;
  readonly unit: ChartUnit;
  /** Series ids drawn, with their legend label. */
  readonly lines: readonly { readonly id: string; readonly label: string }[];
}

/** The participant page's charts, in order. */
export const participantCharts: readonly ChartSpec[] = [
  {
    key: "publish-bitrate",
    title: "Publish bitrate",
    unit: "bps",
    lines: [
      { id: "bitrate_hi_video", label: "hi" },
      { id: "bitrate_mid_video", label: "mid" },
      { id: "bitrate_low_video", label: "low" },
      { id: "bitrate_none_video", label: "video" },
      { id: "bitrate_audio", label: "audio" },
    ],
  },
  {
    key: "resolution",
    title: "Publish resolution",
    unit: "px",
    lines: [
      { id: "resolution_hi", label: "hi" },
      { id: "resolution_mid", label: "mid" },
      { id: "resolution_low", label: "low" },
      { id: "resolution_none", label: "video" },
    ],
  },
  { key: "framerate", title: "Publish framerate", unit: "fps", lines: [{ id: "framerate", label: "framerate" }] },
  {
    key: "subscribe-bitrate",
    title: "Subscribe bitrate",
    unit: "bps",
    lines: [
      { id: "subscribe_video", label: "video" },
      { id: "subscribe_audio", label: "audio" },
    ],
  },
  { key: "packet-loss", title: "Packet loss", unit: "percent", lines: [{ id: "loss", label: "loss" }] },
  { key: "dropped-frames", title: "Dropped frames", unit: "percent", lines: [{ id: "dropped", label: "dropped" }] },
];

/** The session and stage pages' chart. */
export const audienceChart: ChartSpec = {
  key: "audience",
  title: "Publishers and subscribers",
  unit: "count",
  lines: [
    { id: "publishers", label: "publishers" },
    { id: "subscribers", label: "subscribers" },
  ],
};

/** A value with its unit, short: `2.50 Mbps`, `720 p`, `29.8 fps`, `14.2 %`, `3`. */
export function formatValue(value: number, unit: ChartUnit): string {
  switch (unit) {
    case "bps":
      return value >= 1e6 ? `${(value / 1e6).toFixed(2)} Mbps` : `${Math.round(value / 1e3)} kbps`;
    case "px":
      return `${Math.round(value)} p`;
    case "fps":
      return `${value.toFixed(1)} fps`;
    case "percent":
      return `${value.toFixed(value >= 10 ? 1 : 2)} %`;
    case "count":
      return `${Math.round(value)}`;
  }
}

export function seriesById(series: readonly QualitySeries[]): ReadonlyMap<string, QualitySeries> {
  return new Map(series.map((s) => [s.id, s]));
}

/** First index with `times[i] >= t` (times ascending). */
export function lowerTimeIndex(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Episode {
  /** Epoch ms of the first and last value over the threshold. */
  readonly from: number;
  readonly to: number;
  readonly peak: number;
  readonly mean: number;
  readonly peakAt: number;
}

/**
 * Stretches where a series stays at or above `threshold` (gaps of up to `maxGapMs` between such values are
 * bridged). Used for packet-loss and dropped-frame episodes.
 */
export function findEpisodes(
  series: Pick<QualitySeries, "times" | "values">,
  threshold: number,
  maxGapMs: number,
  minValues = 2,
): Episode[] {
  const out: Episode[] = [];
  let current: { from: number; to: number; peak: number; peakAt: number; sum: number; n: number } | undefined;
  const close = () => {
    if (current && current.n >= minValues)
      out.push({
        from: current.from,
        to: current.to,
        peak: current.peak,
        peakAt: current.peakAt,
        mean: current.sum / current.n,
      });
    current = undefined;
  };
  series.times.forEach((t, i) => {
    const v = series.values[i] ?? 0;
    if (v < threshold) return;
    if (current && t - current.to > maxGapMs) close();
    if (!current) current = { from: t, to: t, peak: v, peakAt: t, sum: 0, n: 0 };
    current.to = t;
    current.sum += v;
    current.n += 1;
    if (v > current.peak) {
      current.peak = v;
      current.peakAt = t;
    }
  });
  close();
  return out;
}
