"use client";

import { scaleLinear } from "d3-scale";
import { memo, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { axisFormatter, palette } from "@/components/troubleshoot/format";
import { useTimeZoom, useWidth } from "@/components/troubleshoot/use-time-zoom";
import { windowForKey } from "@/components/troubleshoot/zoom-buttons";
import { formatValue, lowerTimeIndex, type ChartSpec, type QualitySeries } from "@/lib/metrics/quality";
import type { TimeWindow } from "@/lib/timeline/view-state";

export const lineColors = ["#3ddc97", "#5aa9ff", "#c29bff", "#ffb547", "#a9b6c8"] as const;

export interface ChartMarker {
  /** Epoch ms. */
  readonly time: number;
  readonly label: string;
}

export interface ChartHighlight {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

const labelWidth = 136;
const axisHeight = 18;
const maxTableRows = 360;

const hhmmss = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)}Z`;

/**
 * The path of one series inside the window: a plain linear map (no d3 per point), and at most two points (min
 * and max) per pixel column when there are more values than pixels, so a 3-hour series at 5 s zooms in a few
 * milliseconds. A gap of more than three periods breaks the line (no values: not publishing, not subscribed).
 */
export function linePath(
  series: QualitySeries,
  window: TimeWindow,
  px: (ms: number) => number,
  py: (v: number) => number,
  gapMs: number,
): string {
  const { times, values } = series;
  const lo = Math.max(0, lowerTimeIndex(times, window.from) - 1);
  const hi = Math.min(times.length, lowerTimeIndex(times, window.to) + 1);
  let d = "";
  let lastT = Number.NEGATIVE_INFINITY;
  let column = Number.NaN;
  let min = 0;
  let max = 0;
  let first = 0;
  let last = 0;
  const flush = () => {
    if (Number.isNaN(column)) return;
    const yFirst = py(first);
    d += `${d && !d.endsWith("M") ? "L" : ""}${column} ${yFirst.toFixed(1)}`;
    if (max !== min) d += `L${column} ${py(max).toFixed(1)}L${column} ${py(min).toFixed(1)}`;
    if (last !== first) d += `L${column} ${py(last).toFixed(1)}`;
  };
  for (let i = lo; i < hi; i++) {
    const t = times[i] ?? 0;
    const v = values[i] ?? 0;
    const x = Math.round(px(t));
    if (t - lastT > gapMs) {
      flush();
      column = Number.NaN;
      d += "M";
    }
    lastT = t;
    if (x !== column) {
      flush();
      column = x;
      min = max = first = last = v;
    } else {
      if (v < min) min = v;
      if (v > max) max = v;
      last = v;
    }
  }
  flush();
  return d.replace(/M(?=M|$)/g, "");
}

export interface LineChartProps {
  readonly spec: ChartSpec;
  readonly series: ReadonlyMap<string, QualitySeries>;
  /** Seconds between values. */
  readonly period: number;
  readonly domain: TimeWindow;
  readonly window: TimeWindow;
  /** Zoom and pan (wheel, drag, keyboard) set the shared window; without it the chart only follows. */
  readonly onWindowChange?: (window: TimeWindow) => void;
  readonly markers?: readonly ChartMarker[];
  readonly highlights?: readonly ChartHighlight[];
  readonly height?: number;
  /** Accessible name of the chart (and its table): defaults to the spec's title. */
  readonly name?: string;
}

/**
 * One metric chart: its lines on the shared UTC axis, error markers across it, highlighted stretches (a
 * finding's evidence), a legend with the latest values, and a table alternative with the values in the window.
 */
export const LineChart = memo(function LineChart({
  spec,
  series,
  period,
  domain,
  window,
  onWindowChange,
  markers = [],
  highlights = [],
  height = 110,
  name,
}: LineChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const titleId = useId();
  const helpId = useId();
  const width = useWidth(containerRef);
  const plotWidth = Math.max(0, width - labelWidth - 12);
  const plotTop = axisHeight;
  const plotHeight = height - axisHeight - 6;
  const title = name ?? spec.title;
  const lines = useMemo(
    () =>
      spec.lines
        .map((line, i) => ({
          ...line,
          color: lineColors[i % lineColors.length] ?? palette.text,
          data: series.get(line.id),
        }))
        .filter((l) => l.data && l.data.times.length > 0),
    [spec, series],
  );

  // The y scale follows what the window shows (the peak of a short episode fills the chart when zoomed in).
  const yMax = useMemo(() => {
    let max = 0;
    for (const line of lines) {
      const data = line.data;
      if (!data) continue;
      const lo = lowerTimeIndex(data.times, window.from);
      const hi = lowerTimeIndex(data.times, window.to);
      for (let i = lo; i < hi; i++) max = Math.max(max, data.values[i] ?? 0);
    }
    return max;
  }, [lines, window.from, window.to]);
  const y = useMemo(
    () =>
      scaleLinear()
        .domain([0, yMax > 0 ? yMax * 1.08 : 1])
        .range([plotTop + plotHeight, plotTop])
        .nice(3),
    [yMax, plotTop, plotHeight],
  );
  const px = useMemo(() => {
    const k = plotWidth / Math.max(1e-9, window.to - window.from);
    const from = window.from;
    return (ms: number) => labelWidth + (ms - from) * k;
  }, [window.from, window.to, plotWidth]);
  const paths = useMemo(
    () =>
      lines.map((line) => ({
        id: line.id,
        color: line.color,
        d: line.data && plotWidth > 0 ? linePath(line.data, window, px, (v) => y(v), period * 3000) : "",
      })),
    [lines, window, px, y, period, plotWidth],
  );

  useTimeZoom({
    ref: svgRef,
    domain,
    window,
    left: labelWidth,
    width: plotWidth,
    height,
    onChange: onWindowChange ?? noop,
    wheelNeedsModifier: true,
  });

  const ticks = useMemo(() => {
    const t = scaleLinear()
      .domain([window.from, window.to])
      .ticks(Math.max(2, Math.floor(plotWidth / 110)))
      .map((v) => new Date(v));
    return t;
  }, [window.from, window.to, plotWidth]);
  const tickFormat = axisFormatter(ticks);
  const yTicks = y.ticks(3);

  const latest = lines.map((line) => {
    const data = line.data;
    const i = data ? Math.min(data.times.length, lowerTimeIndex(data.times, window.to)) - 1 : -1;
    return { label: line.label, color: line.color, value: data && i >= 0 ? data.values[i] : undefined };
  });
  const peak = yMax > 0 ? formatValue(yMax, spec.unit) : "no values";
  const summary = `${title}: ${lines.length ? `${lines.map((l) => l.label).join(", ")}; highest ${peak}` : "no values"} from ${hhmmss(window.from)} to ${hhmmss(window.to)}`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!onWindowChange) return;
    const next = windowForKey(event.key, event.shiftKey, window, domain);
    if (next) {
      event.preventDefault();
      onWindowChange(next);
    }
  };

  const clipId = `${titleId.replace(/[^A-Za-z0-9_-]/g, "")}-clip`;
  return (
    <figure className="space-y-1" aria-labelledby={titleId} data-chart={spec.key}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2 text-xs">
        <span id={titleId} className="font-semibold text-room-100">
          {title}
        </span>
        <span className="flex flex-wrap gap-3 text-room-300">
          {latest.map((l) => (
            <span key={l.label} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ background: l.color }} />
              {l.label}{" "}
              {l.value !== undefined ? (
                <span className="font-mono text-room-100">{formatValue(l.value, spec.unit)}</span>
              ) : null}
            </span>
          ))}
        </span>
      </figcaption>
      <div
        ref={containerRef}
        role="img"
        aria-label={summary}
        aria-describedby={onWindowChange ? helpId : undefined}
        tabIndex={onWindowChange ? 0 : undefined}
        aria-keyshortcuts={onWindowChange ? "+ - ArrowLeft ArrowRight 0" : undefined}
        onKeyDown={onKeyDown}
        className="rounded border border-room-700 bg-room-900 focus-visible:border-accent"
      >
        {width > 0 ? (
          <svg
            ref={svgRef}
            width={width}
            height={height}
            aria-hidden="true"
            className={onWindowChange ? "block cursor-grab touch-none select-none active:cursor-grabbing" : "block"}
          >
            <defs>
              <clipPath id={clipId}>
                <rect x={labelWidth} y={0} width={plotWidth} height={height} />
              </clipPath>
            </defs>
            {ticks.map((tick, i) => {
              const x = px(tick.getTime());
              return (
                <g key={tick.getTime()}>
                  <line x1={x} x2={x} y1={plotTop} y2={plotTop + plotHeight} stroke={palette.grid} />
                  {x < labelWidth + plotWidth - 34 ? (
                    <text x={x} y={12} fill={palette.text} fontSize={10} textAnchor="middle">
                      {tickFormat(tick, i)}
                    </text>
                  ) : null}
                </g>
              );
            })}
            {yTicks.map((v) => (
              <g key={v}>
                <line
                  x1={labelWidth}
                  x2={labelWidth + plotWidth}
                  y1={y(v)}
                  y2={y(v)}
                  stroke={palette.grid}
                  strokeDasharray="2 3"
                />
                <text x={labelWidth - 6} y={y(v) + 3} fill={palette.text} fontSize={10} textAnchor="end">
                  {formatValue(v, spec.unit)}
                </text>
              </g>
            ))}
            <text x={8} y={plotTop + 12} fill={palette.text} fontSize={11}>
              {spec.title}
            </text>
            <g clipPath={`url(#${clipId})`}>
              {highlights.map((h) => (
                <rect
                  key={`${h.from}-${h.label}`}
                  x={px(h.from)}
                  width={Math.max(2, px(h.to) - px(h.from))}
                  y={plotTop}
                  height={plotHeight}
                  fill={palette.warn}
                  fillOpacity={0.15}
                  stroke={palette.warn}
                  strokeOpacity={0.6}
                  data-highlight={h.label}
                />
              ))}
              {paths.map((p) => (
                <path key={p.id} d={p.d} fill="none" stroke={p.color} strokeWidth={1.5} data-series={p.id} />
              ))}
              {markers.map((m, i) =>
                m.time >= window.from && m.time <= window.to ? (
                  <line
                    key={`${m.time}-${i}`}
                    x1={px(m.time)}
                    x2={px(m.time)}
                    y1={plotTop}
                    y2={plotTop + plotHeight}
                    stroke={palette.error}
                    strokeWidth={1.5}
                    strokeDasharray="4 2"
                    data-marker="error"
                  >
                    <title>{m.label}</title>
                  </line>
                ) : null,
              )}
            </g>
          </svg>
        ) : (
          <div style={{ height }} />
        )}
      </div>
      {onWindowChange ? (
        <p id={helpId} className="sr-only">
          + / − to zoom, ← / → to pan, 0 to show everything; Ctrl or ⌘ with the wheel zooms. The window is shared with
          the event timeline.
        </p>
      ) : null}
      <ChartTable title={title} spec={spec} lines={lines} window={window} markers={markers} />
    </figure>
  );
});

function noop(): void {}

/** The table alternative: the values in the window (one row per period, or the highest per group when there are many). */
interface TableProps {
  title: string;
  spec: ChartSpec;
  lines: readonly { id: string; label: string; data?: QualitySeries | undefined }[];
  window: TimeWindow;
  markers: readonly ChartMarker[];
}

function ChartTable(props: TableProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="text-xs" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-accent">Table of {props.title.toLowerCase()}</summary>
      {open ? <TableBody {...props} /> : null}
    </details>
  );
}

function TableBody({ title, spec, lines, window, markers }: TableProps) {
  const rows = useMemo(() => {
    const times = new Set<number>();
    for (const line of lines) {
      const data = line.data;
      if (!data) continue;
      for (
        let i = lowerTimeIndex(data.times, window.from);
        i < data.times.length && (data.times[i] ?? 0) <= window.to;
        i++
      )
        times.add(data.times[i] ?? 0);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const group = Math.max(1, Math.ceil(sorted.length / maxTableRows));
    const index = lines.map((line) => new Map((line.data?.times ?? []).map((t, i) => [t, line.data?.values[i] ?? 0])));
    const out: { time: number; values: (number | undefined)[] }[] = [];
    for (let i = 0; i < sorted.length; i += group) {
      const slice = sorted.slice(i, i + group);
      out.push({
        time: slice[0] ?? 0,
        values: index.map((map) => {
          let best: number | undefined;
          for (const t of slice) {
            const v = map.get(t);
            if (v !== undefined && (best === undefined || v > best)) best = v;
          }
          return best;
        }),
      });
    }
    return { out, group };
  }, [lines, window.from, window.to]);
  const markerAt = (time: number, next: number) =>
    markers.filter((m) => m.time >= time && m.time < next).map((m) => m.label);
  return (
    <div className="mt-1 max-h-64 overflow-auto rounded border border-room-700">
      <table className="w-full text-left font-mono">
        <caption className="sr-only">
          {title} values{rows.group > 1 ? `, highest of every ${rows.group} values` : ""}
        </caption>
        <thead className="sticky top-0 bg-room-900 text-room-300">
          <tr>
            <th scope="col" className="px-2 py-1 font-normal">
              Time (UTC)
            </th>
            {lines.map((line) => (
              <th key={line.id} scope="col" className="px-2 py-1 font-normal">
                {line.label}
              </th>
            ))}
            <th scope="col" className="px-2 py-1 font-normal">
              Events
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.out.map((row, i) => (
            <tr key={row.time} className="border-t border-room-800">
              <th scope="row" className="px-2 py-0.5 font-normal text-room-300">
                {hhmmss(row.time)}
              </th>
              {row.values.map((v, j) => (
                <td key={lines[j]?.id ?? j} className="px-2 py-0.5">
                  {v === undefined ? "—" : formatValue(v, spec.unit)}
                </td>
              ))}
              <td className="px-2 py-0.5 text-live">
                {markerAt(row.time, rows.out[i + 1]?.time ?? window.to + 1).join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.out.length === 0 ? <p className="p-2 text-room-300">No values in this window.</p> : null}
    </div>
  );
}
