"use client";

import type { ConsoleContext } from "@/lib/context";
import type { QualitySeries } from "@/lib/metrics/quality";
import { useSparklines } from "./use-quality";

const width = 96;
const height = 22;

function points(series: QualitySeries | undefined, from: number, to: number, max: number): string {
  if (!series) return "";
  const kx = width / Math.max(1, to - from);
  const ky = (height - 3) / Math.max(1, max);
  return series.times
    .map((t, i) => `${((t - from) * kx).toFixed(1)},${(height - 1 - (series.values[i] ?? 0) * ky).toFixed(1)}`)
    .join(" ");
}

const last = (series: QualitySeries | undefined) => series?.values[series.values.length - 1];
const peak = (series: QualitySeries | undefined) => (series?.values.length ? Math.max(...series.values) : undefined);

/** A live stage's Publishers (green) and Subscribers (blue) over the last 30 minutes, with its numbers as text. */
export function StageSparkline({ context, stageArn }: { context: ConsoleContext; stageArn: string }) {
  const query = useSparklines(context);
  const entry = query.data?.find((s) => s.stageArn === stageArn);
  if (!entry || (!entry.publishers && !entry.subscribers))
    return <span className="text-xs text-room-300">{query.isLoading ? "…" : "no values yet"}</span>;
  const to = query.dataUpdatedAt;
  const from = to - 30 * 60_000;
  const max = Math.max(peak(entry.publishers) ?? 0, peak(entry.subscribers) ?? 0, 1);
  const label = `Last 30 minutes: publishers now ${last(entry.publishers) ?? 0} (peak ${peak(entry.publishers) ?? 0}), subscribers now ${last(entry.subscribers) ?? 0} (peak ${peak(entry.subscribers) ?? 0})`;
  return (
    <span className="inline-flex items-center gap-1" data-testid="stage-sparkline">
      <svg role="img" aria-label={label} width={width} height={height} className="block">
        <title>{label}</title>
        <polyline points={points(entry.subscribers, from, to, max)} fill="none" stroke="#5aa9ff" strokeWidth={1.2} />
        <polyline points={points(entry.publishers, from, to, max)} fill="none" stroke="#3ddc97" strokeWidth={1.2} />
      </svg>
      <details className="text-xs">
        <summary className="cursor-pointer text-accent">
          <span className="sr-only">Table of publishers and subscribers, last 30 minutes</span>
          <span aria-hidden="true">values</span>
        </summary>
        <table className="font-mono">
          <caption className="sr-only">Publishers and subscribers every 30 s, last 30 minutes</caption>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Publishers</th>
              <th scope="col">Subscribers</th>
            </tr>
          </thead>
          <tbody>
            {(entry.publishers ?? entry.subscribers)?.times.map((t, i) => (
              <tr key={t}>
                <th scope="row" className="pr-2 font-normal">
                  {new Date(t).toISOString().slice(11, 16)}
                </th>
                <td className="pr-2">{entry.publishers?.values[i] ?? "—"}</td>
                <td>{entry.subscribers?.values[entry.subscribers.times.indexOf(t)] ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </span>
  );
}
