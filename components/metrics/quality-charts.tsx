"use client";

import { memo, useMemo } from "react";
import { participantCharts, seriesById, type QualityAnswer } from "@/lib/metrics/quality";
import type { TimeWindow } from "@/lib/timeline/view-state";
import { LineChart, type ChartHighlight, type ChartMarker } from "./line-chart";

const why: Readonly<Record<string, string>> = {
  "publish-bitrate": "the participant did not publish",
  resolution: "the participant did not publish video",
  framerate: "IVS reports it for RTMP publishers only",
  "subscribe-bitrate": "IVS reports it per participant only while the participant also publishes",
  "packet-loss": "IVS reports it per participant only while the participant also publishes",
  "dropped-frames": "IVS reports it per participant only while the participant also publishes",
};

/**
 * The participant's quality charts (CloudWatch, AWS/IVSRealTime): publish bitrate per layer, resolution,
 * framerate, subscribe bitrate, packet loss, dropped frames. They share the event timeline's window (zoom and
 * pan on any of them moves all), draw its error events across every chart, and highlight the stretches the
 * active finding cites.
 */
export const QualityCharts = memo(function QualityCharts({
  answer,
  loading,
  error,
  domain,
  window,
  onWindowChange,
  markers,
  highlights,
  who,
}: {
  answer: QualityAnswer | undefined;
  loading: boolean;
  error: string | undefined;
  domain: TimeWindow;
  window: TimeWindow;
  onWindowChange: (window: TimeWindow) => void;
  markers: readonly ChartMarker[];
  highlights: readonly ChartHighlight[];
  who: string;
}) {
  const byId = useMemo(() => seriesById(answer?.series ?? []), [answer]);
  const charts = participantCharts.filter((spec) =>
    spec.lines.some((line) => (byId.get(line.id)?.times.length ?? 0) > 0),
  );
  const missing = participantCharts.filter((spec) => !charts.includes(spec));
  return (
    <section aria-labelledby="quality-heading" className="space-y-2" data-testid="quality">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="quality-heading" className="text-sm font-semibold">
          Quality (CloudWatch)
        </h2>
        <p className="text-xs text-room-300" aria-live="polite">
          {error
            ? `Could not read the metrics: ${error}`
            : loading && !answer
              ? "Reading metrics…"
              : answer
                ? `${answer.period} s values · ${answer.source === "store" ? `kept by the console${answer.readUntil ? `, read until ${new Date(answer.readUntil).toISOString().slice(11, 19)}Z` : ""}` : "read from CloudWatch now"}`
                : ""}
        </p>
      </div>
      {answer && charts.length === 0 ? (
        <p className="text-xs text-room-300">
          CloudWatch has no per-participant values for this participant (viewers who never publish have none).
        </p>
      ) : null}
      <div className="space-y-3">
        {answer
          ? charts.map((spec) => (
              <LineChart
                key={spec.key}
                spec={spec}
                name={`${spec.title} of ${who}`}
                series={byId}
                period={answer.period}
                domain={domain}
                window={window}
                onWindowChange={onWindowChange}
                markers={markers}
                highlights={highlights}
                height={104}
              />
            ))
          : null}
      </div>
      {answer && missing.length && charts.length ? (
        <p className="text-xs text-room-300">
          No values:{" "}
          {missing.map((spec) => `${spec.title.toLowerCase()} (${why[spec.key] ?? "none reported"})`).join("; ")}.
        </p>
      ) : null}
    </section>
  );
});
