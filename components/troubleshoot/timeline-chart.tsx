"use client";

import { scaleUtc } from "d3-scale";
import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { describeErrorCode } from "@/lib/error-codes";
import { bucketMarkers, intervalsPath, lowerIndex, ticksPath, upperIndex } from "@/lib/timeline/geometry";
import { lowerBound, type Interval, type Timeline, type TimelineEvent } from "@/lib/timeline/model";
import { isFullWindow, type TimeWindow } from "@/lib/timeline/view-state";
import { axisFormatter, clock, eventLabel, palette } from "./format";
import { useBrush, useTimeZoom, useWidth } from "./use-time-zoom";
import { windowForKey } from "./zoom-buttons";

const labelWidth = 136;
const axisHeight = 28;
const rowHeight = 22;
const markerRowHeight = 30;
const overviewHeight = 36;
const maxSubscriptionRows = 8;
const hitPx = 7;

interface Row {
  readonly key: string;
  readonly label: string;
  readonly title: string;
  readonly kind: "connected" | "publishing" | "subscribed";
  readonly intervals: readonly Interval[];
}

export interface TimelineChartProps {
  readonly timeline: Timeline;
  /** Events of the kinds shown, chronological. */
  readonly visible: readonly TimelineEvent[];
  readonly domain: TimeWindow;
  readonly window: TimeWindow;
  readonly onWindowChange: (window: TimeWindow) => void;
  readonly selectedId?: string;
  readonly hoveredId?: string;
  readonly evidence: ReadonlySet<string>;
  readonly onSelect: (id: string) => void;
  readonly onHover: (id: string | undefined) => void;
  /** Live: "now", to which ongoing intervals grow. */
  readonly now?: number;
  readonly nameOf: (participantId: string) => string;
  readonly label: string;
}

/**
 * A participant's timeline: intervals (connected, publishing, one row per subscription), event ticks and
 * markers (errors in red, replication, token exchanges) on a UTC time axis, with zoom and pan (wheel, drag,
 * keyboard) and an overview strip whose brush is the window. Rows are single SVG paths, so 10,000 events cost
 * a few elements. The drawing is hidden from screen readers: the event list next to it says the same.
 */
export function TimelineChart(props: TimelineChartProps) {
  const {
    timeline,
    visible,
    domain,
    window,
    onWindowChange,
    selectedId,
    hoveredId,
    evidence,
    onSelect,
    onHover,
    now,
    nameOf,
  } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const helpId = useId();
  const uid = helpId.replace(/[^A-Za-z0-9_-]/g, "");
  const width = useWidth(containerRef);
  const plotWidth = Math.max(0, width - labelWidth - 12);
  const [pointer, setPointer] = useState<{ x: number; y: number } | undefined>();

  const rows = useMemo<Row[]>(() => {
    const of = (kind: Interval["kind"]) => timeline.intervals.filter((i) => i.kind === kind);
    const subs = of("subscribed");
    const remotes = timeline.remotes.filter((remote) => subs.some((i) => i.remoteParticipantId === remote));
    const shown = remotes.slice(0, maxSubscriptionRows);
    const rest = remotes.slice(maxSubscriptionRows);
    return [
      {
        key: "connected",
        label: "Connected",
        title: "Connected (JOINED → LEFT)",
        kind: "connected",
        intervals: of("connected"),
      },
      {
        key: "publishing",
        label: "Publishing",
        title: "Publishing (PUBLISH_STARTED → PUBLISH_STOPPED)",
        kind: "publishing",
        intervals: of("publishing"),
      },
      ...shown.map((remote): Row => {
        const name = nameOf(remote);
        return {
          key: `sub:${remote}`,
          label: `→ ${name.length > 14 ? `${name.slice(0, 13)}…` : name}`,
          title: `Subscribed to ${name}`,
          kind: "subscribed",
          intervals: subs.filter((i) => i.remoteParticipantId === remote),
        };
      }),
      ...(rest.length
        ? [
            {
              key: "sub:rest",
              label: `→ ${rest.length} more`,
              title: `Subscribed to ${rest.length} more publishers`,
              kind: "subscribed" as const,
              intervals: subs
                .filter((i) => rest.includes(i.remoteParticipantId ?? ""))
                .sort((a, b) => a.start - b.start),
            },
          ]
        : []),
    ];
  }, [timeline, nameOf]);

  const ticksY = axisHeight + rows.length * rowHeight;
  const markersY = ticksY + rowHeight;
  const height = markersY + markerRowHeight + 6;

  const x = useMemo(
    () =>
      scaleUtc()
        .domain([window.from, window.to])
        .range([labelWidth, labelWidth + plotWidth]),
    [window.from, window.to, plotWidth],
  );
  // The hot loops use a plain linear map (a UTC scale is linear in time), not the d3 scale's generic path.
  const px = useMemo(() => {
    const k = plotWidth / Math.max(1e-9, window.to - window.from);
    const from = window.from;
    return (ms: number) => labelWidth + (ms - from) * k;
  }, [window.from, window.to, plotWidth]);
  const overviewPx = useMemo(() => {
    const k = plotWidth / Math.max(1e-9, domain.to - domain.from);
    const from = domain.from;
    return (ms: number) => (ms - from) * k;
  }, [domain.from, domain.to, plotWidth]);

  // Everything that does not depend on the window, once per data or filter change.
  const series = useMemo(() => {
    const times = (test: (e: TimelineEvent) => boolean) => Float64Array.from(visible.filter(test), (e) => e.time);
    return {
      session: times((e) => e.kind === "session"),
      publish: times((e) => e.kind === "publish"),
      subscribe: times((e) => e.kind === "subscribe"),
      late: times((e) => e.outOfOrder),
      errors: visible.filter((e) => e.kind === "error"),
      others: visible.filter((e) => e.kind === "replication" || e.kind === "token" || e.kind === "other"),
    };
  }, [visible]);
  const rowParts = useMemo(
    () =>
      rows.map((row) => ({
        closed: row.intervals
          .filter((iv) => iv.open !== "missing")
          .map((iv) => (now !== undefined && iv.open === "ongoing" ? { ...iv, end: Math.max(iv.end, now) } : iv)),
        missing: row.intervals.filter((iv) => iv.open === "missing" || iv.missingStart),
        ongoing: row.intervals.filter((iv) => iv.open === "ongoing"),
      })),
    [rows, now],
  );
  const overview = useMemo(
    () => ({
      publishing: intervalsPath(
        timeline.intervals.filter((i) => i.kind === "publishing"),
        overviewPx,
        6,
        overviewHeight - 20,
        0,
        plotWidth,
      ),
      errors: ticksPath(
        series.errors.map((e) => e.time),
        overviewPx,
        2,
        overviewHeight - 12,
        0,
        plotWidth,
      ).d,
    }),
    [timeline, series, overviewPx, plotWidth],
  );

  useTimeZoom({ ref: svgRef, domain, window, left: labelWidth, width: plotWidth, height, onChange: onWindowChange });
  useBrush({ ref: brushRef, domain, window, width: plotWidth, height: overviewHeight - 8, onChange: onWindowChange });

  const clipFrom = labelWidth;
  const clipTo = labelWidth + plotWidth;

  // Event ticks by kind (markers for errors, replication and token exchanges).
  const tickKinds = ["session", "publish", "subscribe"] as const;
  const inView = (times: Float64Array) => times.subarray(lowerIndex(times, window.from), upperIndex(times, window.to));
  const tickPaths = tickKinds.map((kind) => ({
    kind,
    ...ticksPath(inView(series[kind]), px, ticksY + 5, rowHeight - 10, clipFrom, clipTo),
  }));
  const late = ticksPath(inView(series.late), px, ticksY + 1, rowHeight - 2, clipFrom, clipTo);
  // Bursts of errors share a marker with a count; the gap leaves room for the count's label.
  const errorBuckets = bucketMarkers(series.errors, px, clipFrom, clipTo, 24);
  const otherBuckets = bucketMarkers(series.others, px, clipFrom, clipTo, 10);
  const ticks = x.ticks(Math.max(2, Math.floor(plotWidth / 110)));
  const tickFormat = axisFormatter(ticks);

  const selected = selectedId ? timeline.byId.get(selectedId) : undefined;
  const hovered = hoveredId ? timeline.byId.get(hoveredId) : undefined;
  const evidenceEvents = useMemo(
    () => [...evidence].map((id) => timeline.byId.get(id)).filter((e): e is TimelineEvent => Boolean(e)),
    [evidence, timeline],
  );

  /** The visible event nearest to a pointer x (within a few px). */
  const nearest = useCallback(
    (clientX: number): TimelineEvent | undefined => {
      const svg = svgRef.current;
      if (!svg || !visible.length) return undefined;
      const localX = clientX - svg.getBoundingClientRect().left;
      if (localX < clipFrom - hitPx || localX > clipTo + hitPx) return undefined;
      const time = x.invert(localX).getTime();
      const i = lowerBound(visible, time);
      let best: TimelineEvent | undefined;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const candidate of [visible[i - 1], visible[i], visible[i + 1]]) {
        if (!candidate) continue;
        const distance = Math.abs(x(candidate.time) - localX);
        // Prefer errors when they sit on top of other events.
        const weighted = candidate.kind === "error" ? distance - 2 : distance;
        if (weighted < bestDistance) {
          best = candidate;
          bestDistance = weighted;
        }
      }
      return bestDistance <= hitPx ? best : undefined;
    },
    [visible, x, clipFrom, clipTo],
  );

  const onMouseMove = (event: MouseEvent<SVGSVGElement>) => {
    if (event.buttons) return; // dragging
    const hit = nearest(event.clientX);
    const rect = event.currentTarget.getBoundingClientRect();
    setPointer({ x: event.clientX - rect.left, y: event.clientY - rect.top });
    if (hit?.id !== hoveredId) onHover(hit?.id);
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const hit = nearest(event.clientX);
    if (hit) onSelect(hit.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "e" || event.key === "E") {
      // Next (Shift: previous) error after the selection.
      const errors = visible.filter((e) => e.kind === "error");
      const back = event.key === "E";
      const from = selected?.time ?? (back ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
      const target = back ? [...errors].reverse().find((e) => e.time < from) : errors.find((e) => e.time > from);
      if (target) {
        event.preventDefault();
        onSelect(target.id);
      }
      return;
    }
    const center = selected && selected.time >= window.from && selected.time <= window.to ? selected.time : undefined;
    const next = windowForKey(event.key, event.shiftKey, window, domain, center);
    if (next) {
      event.preventDefault();
      onWindowChange(next);
    }
  };

  const tooltipEvent = hovered;
  const info = tooltipEvent?.errorCode ? describeErrorCode(tooltipEvent.errorCode) : undefined;

  return (
    <div className="space-y-1">
      <div
        ref={containerRef}
        role="group"
        aria-roledescription="timeline"
        aria-label={props.label}
        aria-describedby={helpId}
        aria-keyshortcuts="+ - ArrowLeft ArrowRight 0 E Shift+E"
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative rounded border border-room-700 bg-room-900 focus-visible:border-accent"
        data-testid="participant-timeline"
      >
        {width > 0 ? (
          <svg
            ref={svgRef}
            width={width}
            height={height}
            aria-hidden="true"
            className="block cursor-grab touch-none select-none active:cursor-grabbing"
            onMouseMove={onMouseMove}
            onMouseLeave={() => {
              setPointer(undefined);
              if (hoveredId) onHover(undefined);
            }}
            onClick={onClick}
          >
            <defs>
              <pattern
                id={`${uid}-hatch`}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill={palette.background} />
                <line x1="0" y1="0" x2="0" y2="6" stroke={palette.warn} strokeWidth="3" />
              </pattern>
              <clipPath id={`${uid}-plot`}>
                <rect x={clipFrom} y={0} width={plotWidth} height={height} />
              </clipPath>
            </defs>
            {/* axis and grid */}
            <text x={8} y={17} fill={palette.text} fontSize={11}>
              UTC
            </text>
            {ticks.map((tick, i) => {
              const tx = px(tick.getTime());
              return (
                <g key={tick.getTime()}>
                  <line x1={tx} x2={tx} y1={axisHeight - 6} y2={height - 4} stroke={palette.grid} />
                  {/* No label where it would run off the plot (the next tick's label says where we are). */}
                  {tx < clipTo - 34 ? (
                    <text x={tx} y={17} fill={palette.text} fontSize={11} textAnchor="middle">
                      {tickFormat(tick, i)}
                    </text>
                  ) : null}
                </g>
              );
            })}
            <line x1={clipFrom} x2={clipTo} y1={axisHeight - 6} y2={axisHeight - 6} stroke={palette.connected} />
            {/* rows */}
            {rows.map((row, i) => {
              const y = axisHeight + i * rowHeight;
              const barHeight = row.kind === "publishing" ? 12 : row.kind === "connected" ? 10 : 8;
              const top = y + (rowHeight - barHeight) / 2;
              const parts = rowParts[i];
              const closed = parts?.closed ?? [];
              const missing = parts?.missing ?? [];
              const color =
                row.kind === "connected"
                  ? palette.connected
                  : row.kind === "publishing"
                    ? palette.publishing
                    : palette.subscribed;
              return (
                <g key={row.key} data-row={row.key}>
                  <text x={8} y={y + rowHeight / 2 + 4} fill={palette.text} fontSize={11}>
                    <title>{row.title}</title>
                    {row.label}
                  </text>
                  <path d={intervalsPath(closed, px, top, barHeight, clipFrom, clipTo)} fill={color} />
                  {missing.length ? (
                    <path
                      d={intervalsPath(missing, px, top, barHeight, clipFrom, clipTo, -1)}
                      fill={`url(#${uid}-hatch)`}
                      stroke={palette.warn}
                      strokeDasharray="3 2"
                      data-flag="open-interval"
                    />
                  ) : null}
                  {(parts?.ongoing ?? []).map((iv) => {
                    const end = Math.min(clipTo, x(now !== undefined ? Math.max(iv.end, now) : iv.end));
                    return end > clipFrom ? (
                      <path
                        key={`${iv.start}`}
                        d={`M${end} ${top - 2}l6 ${barHeight / 2 + 2}l-6 ${barHeight / 2 + 2}Z`}
                        fill={color}
                      />
                    ) : null;
                  })}
                </g>
              );
            })}
            {/* event ticks */}
            <text x={8} y={ticksY + rowHeight / 2 + 4} fill={palette.text} fontSize={11}>
              Events
            </text>
            <g clipPath={`url(#${uid}-plot)`}>
              {tickPaths.map((t) => (
                <path
                  key={t.kind}
                  d={t.d}
                  stroke={
                    t.kind === "session"
                      ? palette.session
                      : t.kind === "publish"
                        ? palette.publishing
                        : palette.subscribed
                  }
                  strokeWidth={1.5}
                />
              ))}
              {late.d ? (
                <path d={late.d} stroke={palette.warn} strokeWidth={2} strokeDasharray="2 2" data-flag="out-of-order" />
              ) : null}
            </g>
            <text x={8} y={markersY + markerRowHeight / 2 + 4} fill={palette.text} fontSize={11}>
              Errors · other
            </text>
            <g clipPath={`url(#${uid}-plot)`}>
              {otherBuckets.map((bucket) => {
                const first = bucket.items[0];
                const color =
                  first?.kind === "replication"
                    ? palette.replication
                    : first?.kind === "token"
                      ? palette.token
                      : palette.session;
                const y = markersY + markerRowHeight / 2;
                return (
                  <g key={`o${first?.id}`}>
                    {first?.kind === "token" ? (
                      <circle cx={bucket.px} cy={y} r={5} fill={color} />
                    ) : (
                      <path d={`M${bucket.px} ${y - 6}l6 6l-6 6l-6 -6Z`} fill={color} />
                    )}
                    {bucket.items.length > 1 ? (
                      <text x={bucket.px + 8} y={y + 4} fill={palette.textStrong} fontSize={10}>
                        {bucket.items.length}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              {errorBuckets.map((bucket) => {
                const first = bucket.items[0];
                const y = markersY + 4;
                return (
                  <g key={`e${first?.id}`} data-marker="error" data-code={first?.errorCode ?? ""}>
                    <line
                      x1={bucket.px}
                      x2={bucket.px}
                      y1={axisHeight - 6}
                      y2={markersY}
                      stroke={palette.error}
                      strokeOpacity={0.35}
                    />
                    <path
                      d={`M${bucket.px - 7} ${y}h14l-7 12Z`}
                      fill={palette.error}
                      stroke={palette.background}
                      strokeWidth={1}
                    />
                    {bucket.items.length > 1 ? (
                      <text x={bucket.px + 9} y={y + 11} fill={palette.error} fontSize={11} fontWeight={600}>
                        ×{bucket.items.length}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              {/* evidence of the active finding */}
              {evidenceEvents.map((e) =>
                e.time >= window.from && e.time <= window.to ? (
                  <circle
                    key={`ev${e.id}`}
                    cx={x(e.time)}
                    cy={e.kind === "error" ? markersY + 9 : ticksY + rowHeight / 2}
                    r={9}
                    fill="none"
                    stroke={palette.warn}
                    strokeWidth={2}
                    data-evidence={e.id}
                  />
                ) : null,
              )}
              {hovered ? (
                <line
                  x1={x(hovered.time)}
                  x2={x(hovered.time)}
                  y1={axisHeight - 6}
                  y2={height - 4}
                  stroke={palette.selection}
                  strokeDasharray="3 3"
                  strokeOpacity={0.7}
                />
              ) : null}
              {selected ? (
                <g data-selected={selected.id}>
                  <line
                    x1={x(selected.time)}
                    x2={x(selected.time)}
                    y1={axisHeight - 6}
                    y2={height - 4}
                    stroke={palette.selection}
                    strokeWidth={1.5}
                  />
                  <circle
                    cx={px(selected.time)}
                    cy={selected.kind === "error" ? markersY + 9 : ticksY + rowHeight / 2}
                    r={11}
                    fill="none"
                    stroke={palette.selection}
                    strokeWidth={2}
                  />
                </g>
              ) : null}
              {now !== undefined && now >= window.from && now <= window.to ? (
                <g>
                  <line
                    x1={x(now)}
                    x2={x(now)}
                    y1={axisHeight - 6}
                    y2={height - 4}
                    stroke={palette.ok}
                    strokeDasharray="2 4"
                  />
                  <text x={x(now) - 4} y={axisHeight + 4} fill={palette.ok} fontSize={10} textAnchor="end">
                    now
                  </text>
                </g>
              ) : null}
            </g>
          </svg>
        ) : (
          <div style={{ height: 160 }} />
        )}
        {tooltipEvent && pointer ? (
          <div
            aria-hidden="true"
            className="pointer-events-none absolute z-10 max-w-xs rounded border border-room-700 bg-room-950/95 px-2 py-1 text-xs shadow-lg"
            style={{ left: Math.min(pointer.x + 12, Math.max(0, width - 260)), top: Math.max(0, pointer.y - 48) }}
          >
            <p className={`font-medium ${tooltipEvent.kind === "error" ? "text-live" : "text-room-100"}`}>
              {eventLabel(tooltipEvent.name)} {tooltipEvent.errorCode ?? ""}
            </p>
            <p className="font-mono text-room-300">{clock(tooltipEvent.time)}</p>
            {info ? <p className="text-room-100">{info.meaning}</p> : null}
            {tooltipEvent.remoteParticipantId ? (
              <p className="text-room-300">→ {nameOf(tooltipEvent.remoteParticipantId)}</p>
            ) : null}
            {tooltipEvent.outOfOrder ? <p className="text-warn">Arrived out of order</p> : null}
          </div>
        ) : null}
      </div>
      {width > 0 ? (
        <svg width={width} height={overviewHeight} aria-hidden="true" className="block" data-testid="timeline-overview">
          <g transform={`translate(${labelWidth},4)`}>
            <rect width={plotWidth} height={overviewHeight - 8} fill={palette.background} stroke={palette.grid} />
            <path d={overview.publishing} fill={palette.publishing} fillOpacity={0.45} />
            <path d={overview.errors} stroke={palette.error} strokeWidth={1.5} />
            <g ref={brushRef} className="tl-brush" />
          </g>
          <text x={8} y={overviewHeight / 2 + 4} fill={palette.text} fontSize={11}>
            {isFullWindow(window, domain) ? "Drag to zoom" : "Window"}
          </text>
        </svg>
      ) : null}
      <p id={helpId} className="text-xs text-room-300">
        Wheel or + / − to zoom, drag or ← / → to pan (Shift: faster), 0 to show everything, E / Shift+E for the next /
        previous error. Drag across the strip below the chart to choose a window; the list shows the events in it.
      </p>
    </div>
  );
}
