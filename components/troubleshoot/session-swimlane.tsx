"use client";

import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { scaleUtc } from "d3-scale";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { SimpleTable } from "@/components/ui/simple-table";
import type { ConsoleContext } from "@/lib/context";
import { exportFileName, swimlaneCsv, swimlaneJson } from "@/lib/export/timeline";
import type { Event, ParticipantSummary } from "@/lib/ivs/structures";
import { link, routes } from "@/lib/routes";
import { readQuery, slowPollMs } from "@/lib/query-keys";
import type { IngestFacts, Severity } from "@/lib/timeline/diagnosis";
import { bucketMarkers, edgePath, intervalsPath, ticksPath } from "@/lib/timeline/geometry";
import { eventKinds, type EventKind, type Interval } from "@/lib/timeline/model";
import {
  adaptiveLaneHeight,
  autoAllEdges,
  buildSwimlane,
  edgesToDraw,
  groupRows,
  laneLinks,
  laneRole,
  laneRoleLabels,
  timelineCache,
  type EdgeMode,
  type Lane,
  type LaneLinks,
  type LaneRole,
} from "@/lib/timeline/swimlane";
import {
  clampWindow,
  paddedDomain,
  type TimeWindow,
  type ViewState,
  viewStateOptions,
} from "@/lib/timeline/view-state";
import { useViewStore } from "@/components/hooks/use-view-store";
import { ExportButtons } from "./export-buttons";
import { axisFormatter, clock, dateTime, palette } from "./format";
import { KindFilter } from "./kind-filter";
import { useNow } from "./use-now";
import { sessionEventsConcurrency, useSessionEvents } from "./use-session-events";
import { useTimeZoom, useWidth } from "./use-time-zoom";
import { windowForKey, ZoomButtons } from "./zoom-buttons";

const labelWidth = 230;
const axisHeight = 28;
const maxViewportHeight = 640;
const noLinks: LaneLinks = { subscribesTo: 0, subscribers: 0 };

const severityDot: Record<Severity, string> = {
  critical: "bg-live",
  warning: "bg-warn",
  info: "bg-room-500",
  ok: "bg-ok",
};
const severityText: Record<Severity, string> = {
  critical: "critical",
  warning: "warning",
  info: "note",
  ok: "healthy",
};

/**
 * Every participant of a session on one shared time axis: one lane each (virtualized), grouped by role (hosts,
 * guests, viewers; a group folds), lanes that shrink so that 100 participants fit, errors in red; a lane opens
 * its participant. Subscribe edges go from subscriber to publisher: all of them in a small session, otherwise
 * only the focused lane's (hovered, keyboard-focused or picked), with "subscribes to N / N subscribers" on
 * every lane instead of a wall of arrows. Ctrl/⌘+wheel or + / − zoom, drag or
 * ← / → pan. A table below says the same for screen readers and keyboards.
 */
export const SessionSwimlane = memo(function SessionSwimlane({
  context,
  stageArn,
  sessionId,
  participants,
  sessionEnd,
  live,
  initialView,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  participants: readonly ParticipantSummary[] | undefined;
  sessionEnd?: number;
  live: boolean;
  /** The view in the page's URL (window, kinds, lane filters). */
  initialView: ViewState;
}) {
  const router = useRouter();
  const events = useSessionEvents(context, stageArn, sessionId, participants, live);
  const [view, setView] = useViewStore(initialView, viewStateOptions);
  const [hoveredLane, setHoveredLane] = useState<string | undefined>();
  const [pickedLane, setPickedLane] = useState<string>("");
  const [edgeMode, setEdgeMode] = useState<EdgeMode>("auto");
  const [collapsed, setCollapsed] = useState<ReadonlySet<LaneRole>>(() => new Set());
  const now = useNow(live, 3000);
  const fetchedAt = events.data?.fetchedAt;

  // Ingest configuration names, so that RTMP findings name the configuration to fix (one request, only with encoders).
  const hasEncoders = (participants ?? []).some((p) => p.ingestConfigurationArn);
  const ingestList = useQuery({
    ...readQuery(context, "ListIngestConfigurations", { maxResults: 100 }, slowPollMs),
    enabled: hasEncoders,
  });
  const ingestConfigs = ingestList.data?.data.ingestConfigurations;
  const ingest = useMemo(
    () =>
      new Map(
        (ingestConfigs ?? []).map((c): [string, IngestFacts] => [
          c.arn,
          { arn: c.arn, ...(c.name ? { name: c.name } : {}), ingestProtocol: c.ingestProtocol, stageArn: c.stageArn },
        ]),
      ),
    [ingestConfigs],
  );

  const [cache] = useState(timelineCache);
  const swimlane = useMemo(() => {
    const map = new Map<string, readonly Event[]>();
    for (const [id, data] of Object.entries(events.byParticipant)) map.set(id, data.events);
    return buildSwimlane(participants ?? [], map, {
      now: fetchedAt ?? 0,
      nowOf: (id) => events.byParticipant[id]?.changedAt,
      cache,
      ...(sessionEnd !== undefined ? { sessionEnd } : {}),
      ingest,
    });
  }, [participants, events.byParticipant, fetchedAt, sessionEnd, ingest, cache]);

  const query = view.query.trim().toLowerCase();
  const lanes = useMemo(
    () =>
      swimlane.lanes.filter(
        (lane) =>
          (!view.errorsOnly || lane.worst === "critical" || lane.worst === "warning") &&
          (!query || lane.userId.toLowerCase().includes(query) || lane.participantId.toLowerCase().includes(query)),
      ),
    [swimlane, view.errorsOnly, query],
  );
  const links = useMemo(() => laneLinks(swimlane.edges), [swimlane]);
  const grouped = useMemo(() => groupRows(lanes, (lane) => laneRole(lane), collapsed), [lanes, collapsed]);
  const rows = grouped.rows;
  const toggleGroup = useCallback(
    (role: LaneRole) =>
      setCollapsed((now) => {
        const next = new Set(now);
        if (next.has(role)) next.delete(role);
        else next.add(role);
        return next;
      }),
    [],
  );
  const names = useMemo(
    () => new Map(swimlane.lanes.map((l) => [l.participantId, l.userId || l.participantId])),
    [swimlane],
  );
  const hrefs = useMemo(() => {
    const sessionHref = link(context, routes.session(stageArn, sessionId));
    const [path, query] = sessionHref.split("?", 2);
    return new Map(
      swimlane.lanes.map((l) => [l.participantId, `${path}/participants/${l.participantId}?${query ?? ""}`]),
    );
  }, [swimlane, context, stageArn, sessionId]);
  const open = useCallback((href: string) => router.push(href), [router]);
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);

  const base = paddedDomain(swimlane.span, fetchedAt ?? 0);
  const domainFrom = Math.min(base.from, view.window?.from ?? Number.POSITIVE_INFINITY);
  const domainTo = Math.max(
    base.to,
    live && swimlane.span ? now : base.to,
    view.window?.to ?? Number.NEGATIVE_INFINITY,
  );
  const domain = useMemo<TimeWindow>(() => ({ from: domainFrom, to: domainTo }), [domainFrom, domainTo]);
  const viewWindow = view.window;
  const shown = useMemo(() => (viewWindow ? clampWindow(viewWindow, domain) : domain), [viewWindow, domain]);
  const setWindow = useCallback((next: TimeWindow) => setView({ window: next }), [setView]);

  const areaRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(areaRef);
  const plotWidth = Math.max(0, width - labelWidth - 16);
  const laneHeight = adaptiveLaneHeight(rows.length, maxViewportHeight);
  const viewportHeight = Math.min(maxViewportHeight, Math.max(laneHeight * 2, rows.length * laneHeight));
  useTimeZoom({
    ref: areaRef,
    domain,
    window: shown,
    left: labelWidth,
    width: plotWidth,
    height: viewportHeight + axisHeight,
    onChange: setWindow,
    wheelNeedsModifier: true,
  });

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => laneHeight,
    overscan: 4,
  });
  // Rows change height with their number: measure again so the virtualizer places them where they are drawn.
  useEffect(() => virtualizer.measure(), [virtualizer, laneHeight]);
  const items = virtualizer.getVirtualItems();
  const scrollOffset = virtualizer.scrollOffset ?? 0;
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items[items.length - 1]?.index ?? -1;

  const scale = useMemo(
    () => scaleUtc().domain([shown.from, shown.to]).range([0, plotWidth]),
    [shown.from, shown.to, plotWidth],
  );
  // Hot loops (lanes, edges) use a plain linear map; the d3 scale only makes the axis ticks.
  const x = useMemo(() => {
    const k = plotWidth / Math.max(1e-9, shown.to - shown.from);
    const from = shown.from;
    return (ms: number) => (ms - from) * k;
  }, [shown.from, shown.to, plotWidth]);
  const ticks = scale.ticks(Math.max(2, Math.floor(plotWidth / 110)));
  // The grid lines, as one path over the viewport.
  const gridPath = ticks.map((t) => `M${Math.round(x(t.getTime()) * 10) / 10} 0v${viewportHeight}`).join("");
  const tickFormat = axisFormatter(ticks);
  const kinds = useMemo(() => new Set(view.kinds), [view.kinds]);
  const counts = useMemo(() => {
    const c: Partial<Record<EventKind, number>> = {};
    for (const lane of swimlane.lanes) for (const e of lane.timeline.events) c[e.kind] = (c[e.kind] ?? 0) + 1;
    return c;
  }, [swimlane]);

  // Which edges: every one in a small session (or when asked), otherwise only the focused lane's; none while
  // the Subscribe kind is off. Then those touching a row on screen, inside the window.
  const laneRow = grouped.rowOf;
  const focus = pickedLane || hoveredLane;
  const chosen = edgesToDraw(swimlane.edges, {
    mode: edgeMode,
    ...(focus ? { focus } : {}),
    subscribeShown: kinds.has("subscribe"),
  });
  const edges = chosen.edges.filter((edge) => {
    if (edge.start < shown.from || edge.start > shown.to) return false;
    const a = laneRow.get(edge.from);
    const b = laneRow.get(edge.to);
    if (a === undefined || b === undefined || a === b) return false;
    if (!chosen.all) return true;
    return (
      (a >= firstVisible - 1 && a <= lastVisible + 1) ||
      (b >= firstVisible - 1 && b <= lastVisible + 1) ||
      (Math.min(a, b) < firstVisible && Math.max(a, b) > lastVisible)
    );
  });

  // Every edge on screen in a handful of paths (1,000 edges must not mean 1,000 elements to re-render per frame).
  const edgePaths = { normal: "", replica: "", arrows: "", lit: "", litArrows: "" };
  for (const edge of edges) {
    const a = laneRow.get(edge.from) ?? 0;
    const b = laneRow.get(edge.to) ?? 0;
    const ex = Math.round(x(edge.start) * 10) / 10;
    const down = b > a;
    const tip = Math.min(7, laneHeight / 2 - 2);
    const y1 = a * laneHeight + laneHeight / 2 - scrollOffset;
    const y2 = b * laneHeight + laneHeight / 2 + (down ? -tip : tip) - scrollOffset;
    const lit = !chosen.all || focus === edge.from || focus === edge.to;
    const curve = edgePath(ex, y1, ex, y2 + (down ? -5 : 5));
    const arrow = `M${ex} ${y2}l-4 ${down ? -6 : 6}h8Z`;
    if (lit) {
      edgePaths.lit += curve;
      edgePaths.litArrows += arrow;
    } else {
      if (edge.replica) edgePaths.replica += curve;
      else edgePaths.normal += curve;
      edgePaths.arrows += arrow;
    }
  }
  const focusName = focus ? (names.get(focus) ?? focus) : undefined;
  const focusLinks = focus ? (links.get(focus) ?? noLinks) : undefined;
  const dim = Boolean(focus) && chosen.all;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const next = windowForKey(event.key, event.shiftKey, shown, domain);
    if (next) {
      event.preventDefault();
      setWindow(next);
    }
  };

  const problems = useMemo(
    () => swimlane.lanes.filter((l) => l.worst === "critical" || l.worst === "warning"),
    [swimlane],
  );
  const progress = events.progress;
  const loading = !events.complete;
  const scope = { region: context.region, stageArn, sessionId };

  return (
    <section aria-labelledby="swimlane-heading" className="space-y-3" data-testid="swimlane">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="swimlane-heading" className="text-sm font-semibold">
          Swimlane: {swimlane.lanes.length} participants · {swimlane.totalEvents.toLocaleString("en-US")} events ·{" "}
          {swimlane.edges.length} subscriptions
        </h2>
        {loading ? (
          <div className="flex items-center gap-2 text-xs text-room-300">
            <progress
              className="h-1.5 w-32 accent-accent"
              max={Math.max(1, progress.total)}
              value={progress.done}
              aria-label="Reading participants' events"
            />
            <span aria-live="polite">
              Reading events: {progress.done} of {progress.total} participants ({sessionEventsConcurrency} at a time) ·{" "}
              {progress.events.toLocaleString("en-US")} events
            </span>
          </div>
        ) : (
          <p className="text-xs text-room-300" data-testid="swimlane-loaded">
            All events read{live ? " · live: connected participants re-read every 10 s" : ""}
          </p>
        )}
      </div>

      {problems.length ? <SessionFindings lanes={problems} hrefs={hrefs} /> : null}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-xs text-room-300">
            <span className="mr-1">Find lane</span>
            <input
              type="search"
              value={view.query}
              onChange={(e) => setView({ query: e.target.value })}
              placeholder="user or participant id"
              className="w-44 rounded border border-room-700 bg-room-950 px-2 py-0.5 text-xs text-room-100 placeholder:text-room-500"
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-room-100">
            <input
              type="checkbox"
              checked={view.errorsOnly}
              onChange={(e) => setView({ errorsOnly: e.target.checked })}
            />
            Only lanes with problems ({problems.length})
          </label>
          <KindFilter kinds={view.kinds} counts={counts} onChange={(k) => setView({ kinds: k })} />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-xs text-room-300">
            <span className="mr-1">Arrows</span>
            <select
              value={edgeMode}
              onChange={(e) => setEdgeMode(e.target.value as EdgeMode)}
              className="rounded border border-room-700 bg-room-950 px-1 py-0.5 text-xs text-room-100"
            >
              <option value="auto">Auto (all up to {autoAllEdges})</option>
              <option value="focus">Focused lane only</option>
              <option value="all">All subscriptions</option>
            </select>
          </label>
          <label className="text-xs text-room-300">
            <span className="mr-1">Focus lane</span>
            <select
              value={pickedLane}
              onChange={(e) => setPickedLane(e.target.value)}
              className="w-48 rounded border border-room-700 bg-room-950 px-1 py-0.5 text-xs text-room-100"
            >
              <option value="">None (hover a lane)</option>
              {swimlane.lanes.map((lane) => (
                <option key={lane.participantId} value={lane.participantId}>
                  {lane.userId || "(no user id)"} · {lane.participantId.slice(0, 8)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <ZoomButtons
            window={shown}
            domain={domain}
            onChange={setWindow}
            onReset={() => setView({ window: undefined })}
          />
          <ExportButtons
            what="session swimlane"
            disabled={!swimlane.lanes.length}
            json={() => ({
              fileName: exportFileName("session", sessionId, "json"),
              text: JSON.stringify(
                swimlaneJson({ ...scope, url: window.location.href }, swimlane, view.window ? shown : undefined),
                null,
                2,
              ),
            })}
            csv={() => ({
              fileName: exportFileName("session", sessionId, "csv"),
              text: swimlaneCsv(swimlane, view.window ? shown : undefined),
            })}
          />
        </div>
      </div>

      <p className="text-xs text-room-300" data-testid="swimlane-edge-status">
        {!kinds.has("subscribe")
          ? "Subscribe is switched off: no subscription arrows."
          : chosen.all
            ? `All ${swimlane.edges.length} subscriptions drawn${focusName ? `; ${focusName}'s highlighted` : ""}.`
            : focusName && focusLinks
              ? `Arrows of ${focusName}: subscribes to ${focusLinks.subscribesTo}, ${focusLinks.subscribers} subscriber${focusLinks.subscribers === 1 ? "" : "s"} (${edges.length} drawn in the window).`
              : `${swimlane.edges.length} subscriptions: hover, focus or pick a lane to draw its arrows. Each lane shows how many it subscribes to (→) and how many subscribe to it (←).`}
      </p>
      <div
        ref={areaRef}
        role="group"
        aria-roledescription="swimlane"
        aria-label={`Session swimlane, ${dateTime(shown.from)} to ${clock(shown.to)}. Plus and minus zoom, arrow keys pan, 0 shows everything; Tab reaches each lane's link.`}
        aria-keyshortcuts="+ - ArrowLeft ArrowRight 0"
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative cursor-grab touch-pan-y rounded border border-room-700 bg-room-900 focus-visible:border-accent active:cursor-grabbing"
      >
        <svg width={Math.max(0, width)} height={axisHeight} aria-hidden="true" className="block">
          <text x={8} y={18} fill={palette.text} fontSize={11}>
            UTC · {lanes.length} lanes
          </text>
          <g transform={`translate(${labelWidth},0)`}>
            {ticks.map((tick, i) => {
              const tx = x(tick.getTime());
              return (
                <g key={tick.getTime()}>
                  <line x1={tx} x2={tx} y1={22} y2={axisHeight} stroke={palette.connected} />
                  {tx < plotWidth - 34 ? (
                    <text x={tx} y={16} fill={palette.text} fontSize={11} textAnchor="middle">
                      {tickFormat(tick, i)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        </svg>
        <div ref={scrollRef} className="relative overflow-y-auto" style={{ height: viewportHeight }}>
          {lanes.length === 0 ? (
            <p className="px-3 py-2 text-sm text-room-300">
              {swimlane.lanes.length
                ? "No lane matches these filters."
                : participants
                  ? "No participants in this session."
                  : "Loading participants…"}
            </p>
          ) : null}
          <div style={{ height: Math.max(virtualizer.getTotalSize(), viewportHeight), position: "relative" }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              if (row.kind === "group")
                return (
                  <GroupHeaderRow
                    key={`group-${row.role}`}
                    role={row.role}
                    count={row.count}
                    collapsed={row.collapsed}
                    top={item.start}
                    height={laneHeight}
                    onToggle={toggleGroup}
                  />
                );
              const lane = row.lane;
              return (
                <LaneLabelRow
                  key={lane.participantId}
                  lane={lane}
                  top={item.start}
                  height={laneHeight}
                  links={links.get(lane.participantId) ?? noLinks}
                  href={hrefs.get(lane.participantId) ?? "#"}
                  hovered={focus === lane.participantId}
                  onHover={setHoveredLane}
                />
              );
            })}
            {/*
              One viewport-sized SVG that stays put (sticky) while the lanes scroll under it: every visible lane and
              edge is drawn at its scrolled position, so each frame paints one viewport, not a 3,000 px tall drawing.
            */}
            <svg
              aria-hidden="true"
              className="sticky top-0 block cursor-pointer"
              style={{ marginLeft: labelWidth }}
              width={plotWidth}
              height={viewportHeight}
              data-testid="swimlane-lanes"
            >
              <path d={gridPath} style={{ stroke: "var(--color-room-800)" }} />
              {items.map((item) => {
                const row = rows[item.index];
                if (!row) return null;
                if (row.kind === "group") {
                  return (
                    <rect
                      key={`group-${row.role}`}
                      y={item.start - scrollOffset}
                      width={plotWidth}
                      height={laneHeight}
                      style={{ fill: "var(--color-room-850)" }}
                      data-group={row.role}
                    />
                  );
                }
                const lane = row.lane;
                return (
                  <LaneShapes
                    key={lane.participantId}
                    lane={lane}
                    top={item.start - scrollOffset}
                    laneHeight={laneHeight}
                    width={plotWidth}
                    x={x}
                    window={shown}
                    kinds={kinds}
                    now={live ? now : undefined}
                    hovered={focus === lane.participantId}
                    href={hrefs.get(lane.participantId) ?? "#"}
                    onHover={setHoveredLane}
                    onOpen={open}
                  />
                );
              })}
              <g
                className="pointer-events-none"
                data-testid="swimlane-edges"
                data-edge-count={edges.length}
                data-edge-mode={chosen.all ? "all" : "focus"}
                data-edges={edges.length <= 300 ? edges.map((e) => `${e.from}>${e.to}`).join(" ") : undefined}
              >
                {/* Opaque colours (no alpha blending: 1,000 edges raster faster); dimmed while a lane is hovered. */}
                <path
                  d={edgePaths.normal}
                  fill="none"
                  stroke={dim ? palette.edgeDim : palette.edge}
                  strokeWidth={1.25}
                />
                <path
                  d={edgePaths.replica}
                  fill="none"
                  stroke={dim ? palette.edgeDim : palette.edge}
                  strokeWidth={1.25}
                  strokeDasharray="4 3"
                />
                {edges.length <= 400 ? <path d={edgePaths.arrows} fill={dim ? palette.edgeDim : palette.edge} /> : null}
                <path d={edgePaths.lit} fill="none" stroke={palette.subscribed} strokeWidth={2} />
                <path d={edgePaths.litArrows} fill={palette.subscribed} />
              </g>
            </svg>
          </div>
        </div>
      </div>
      <p className="text-xs text-room-300">
        Lanes: <Legend color={palette.connected}>connected</Legend>{" "}
        <Legend color={palette.publishing}>publishing</Legend>{" "}
        <Legend color={palette.subscribed}>
          subscribing (arrows point at the publisher; → N subscribes to N, ← N has N subscribers)
        </Legend>{" "}
        <Legend color={palette.error}>error</Legend> <Legend color={palette.warn}>open end / flagged</Legend>. Ctrl/⌘ +
        wheel or + / − zoom; drag or ← / → pan; click a lane to open the participant.
      </p>

      <LaneTable lanes={lanes} total={swimlane.lanes.length} hrefs={hrefs} nameOf={nameOf} />
    </section>
  );
});

/** The swimlane in words: one row per lane (not redrawn while zooming). */
const LaneTable = memo(function LaneTable({
  lanes,
  total,
  hrefs,
  nameOf,
}: {
  lanes: readonly Lane[];
  total: number;
  hrefs: ReadonlyMap<string, string>;
  nameOf: (id: string) => string;
}) {
  return (
    <details className="rounded border border-room-700 bg-room-900 p-3">
      <summary className="cursor-pointer text-sm font-medium">Swimlane as a table ({total} participants)</summary>
      <div className="mt-2">
        <SimpleTable
          caption="Participants of the session with their events, subscriptions and diagnosis"
          rows={lanes}
          rowKey={(l) => l.participantId}
          empty="No lane matches these filters."
          columns={[
            {
              header: "Participant",
              cell: (l) => (
                <Link prefetch={false} href={hrefs.get(l.participantId) ?? "#"} className="text-accent hover:underline">
                  {l.userId || "(no user id)"} <span className="font-mono text-xs">{l.participantId}</span>
                </Link>
              ),
            },
            { header: "State", cell: (l) => <span className="font-mono text-xs">{l.participant.state ?? "—"}</span> },
            { header: "Events", cell: (l) => (l.loaded ? l.timeline.events.length : "…") },
            {
              header: "Errors",
              cell: (l) =>
                l.errorCount ? (
                  <span className="font-mono text-xs text-live">
                    {[...new Set(l.timeline.events.map((e) => e.errorCode).filter(Boolean))].join(", ")} ({l.errorCount}
                    )
                  </span>
                ) : (
                  "0"
                ),
            },
            {
              header: "Subscribed to",
              cell: (l) => (
                <span className="text-xs">{l.timeline.remotes.map((r) => `→ ${nameOf(r)}`).join(", ") || "—"}</span>
              ),
            },
            {
              header: "Diagnosis",
              cell: (l) =>
                l.loaded ? (
                  <span className="text-xs">
                    {severityText[l.worst]}: {l.findings[0]?.title ?? ""}
                  </span>
                ) : (
                  "…"
                ),
            },
          ]}
        />
      </div>
    </details>
  );
});

function Legend({ color, children }: { color: string; children: string }) {
  return (
    <span className="whitespace-nowrap">
      <span aria-hidden className="mr-1 inline-block h-2 w-3 rounded-sm align-middle" style={{ background: color }} />
      {children}
    </span>
  );
}

const SessionFindings = memo(function SessionFindings({
  lanes,
  hrefs,
}: {
  lanes: readonly Lane[];
  hrefs: ReadonlyMap<string, string>;
}) {
  const sorted = [...lanes].sort((a, b) => (a.worst === b.worst ? 0 : a.worst === "critical" ? -1 : 1));
  return (
    <section aria-labelledby="session-findings" className="rounded border border-room-700 bg-room-900 p-3">
      <h3 id="session-findings" className="mb-2 text-sm font-semibold">
        {lanes.length} {lanes.length === 1 ? "participant has" : "participants have"} problems
      </h3>
      <ul className="space-y-1 text-sm">
        {sorted.slice(0, 8).map((lane) => {
          const finding = lane.findings[0];
          return (
            <li key={lane.participantId} className="flex flex-wrap items-baseline gap-2">
              <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${severityDot[lane.worst]}`} />
              <Link
                prefetch={false}
                href={hrefs.get(lane.participantId) ?? "#"}
                className="font-medium text-accent hover:underline"
              >
                {lane.userId || lane.participantId}
              </Link>
              <span className="text-room-100">
                <span className="sr-only">{severityText[lane.worst]}: </span>
                {finding?.title}
              </span>
            </li>
          );
        })}
        {lanes.length > 8 ? (
          <li className="text-xs text-room-300">…and {lanes.length - 8} more: tick “Only lanes with problems”.</li>
        ) : null}
      </ul>
    </section>
  );
});

/** A role group's header: its name, its size, and a button that folds it. */
const GroupHeaderRow = memo(function GroupHeaderRow({
  role,
  count,
  collapsed,
  top,
  height,
  onToggle,
}: {
  role: LaneRole;
  count: number;
  collapsed: boolean;
  top: number;
  height: number;
  onToggle: (role: LaneRole) => void;
}) {
  return (
    <div
      className="absolute left-0 flex items-center border-b border-room-700 bg-room-850"
      style={{ top, height, width: labelWidth }}
      data-group-header={role}
    >
      <button
        type="button"
        aria-expanded={!collapsed}
        onClick={() => onToggle(role)}
        className="flex h-full w-full items-center gap-1.5 px-2 text-left text-xs font-semibold text-room-100 hover:bg-room-800"
      >
        <span aria-hidden>{collapsed ? "▸" : "▾"}</span>
        {laneRoleLabels[role]} ({count})
      </button>
    </div>
  );
});

/** A lane's link (its own component, so that zooming does not re-render links). */
const LaneLabel = memo(function LaneLabel({
  lane,
  href,
  links,
  compact,
}: {
  lane: Lane;
  href: string;
  links: LaneLinks;
  compact: boolean;
}) {
  const finding = lane.findings[0];
  const linkText = `${links.subscribesTo ? `, subscribes to ${links.subscribesTo}` : ""}${links.subscribers ? `, ${links.subscribers} subscriber${links.subscribers === 1 ? "" : "s"}` : ""}`;
  const label = `${lane.userId || "(no user id)"} (${lane.participantId})${lane.errorCount ? `, ${lane.errorCount} errors` : ""}${linkText}${lane.loaded && finding ? `, ${severityText[lane.worst]}: ${finding.title}` : lane.loaded ? "" : ", events loading"}`;
  return (
    <Link
      prefetch={false}
      href={href}
      aria-label={`Open ${label}`}
      className={`flex shrink-0 items-center gap-1.5 truncate border-l-2 px-2 ${compact ? "text-[11px]" : "text-xs"} hover:bg-room-800 ${lane.worst === "critical" ? "border-live" : lane.worst === "warning" ? "border-warn" : "border-transparent"}`}
      style={{ width: labelWidth }}
    >
      <span
        aria-hidden
        className={`inline-block h-2 w-2 shrink-0 rounded-full ${lane.loaded ? severityDot[lane.worst] : "bg-room-700"}`}
      />
      <span className="truncate font-medium text-room-100">{lane.userId || "(no user id)"}</span>
      {compact ? null : <span className="truncate font-mono text-room-300">{lane.participantId.slice(0, 6)}</span>}
      <span
        className="ml-auto flex shrink-0 items-center gap-1 font-mono text-room-300"
        data-links={`${links.subscribesTo}:${links.subscribers}`}
      >
        {links.subscribesTo ? <span title={`Subscribes to ${links.subscribesTo}`}>→{links.subscribesTo}</span> : null}
        {links.subscribers ? <span title={`${links.subscribers} subscribers`}>←{links.subscribers}</span> : null}
        {lane.errorCount ? <span className="text-live">{lane.errorCount}!</span> : null}
      </span>
    </Link>
  );
});

/** A lane's label: a link to the participant, on the lane's row (HTML, so it is focusable and readable). */
const LaneLabelRow = memo(function LaneLabelRow({
  lane,
  top,
  height,
  links,
  href,
  hovered,
  onHover,
}: {
  lane: Lane;
  top: number;
  height: number;
  links: LaneLinks;
  href: string;
  hovered: boolean;
  onHover: (id: string | undefined) => void;
}) {
  return (
    <div
      className={`absolute left-0 flex border-b border-room-800 ${hovered ? "bg-room-850" : ""}`}
      style={{ top, height, width: labelWidth }}
      onMouseEnter={() => onHover(lane.participantId)}
      onMouseLeave={() => onHover(undefined)}
      onFocus={() => onHover(lane.participantId)}
      onBlur={() => onHover(undefined)}
      data-lane={lane.participantId}
      data-worst={lane.worst}
    >
      <LaneLabel lane={lane} href={href} links={links} compact={height < 24} />
    </div>
  );
});

/** A lane's drawing: intervals, event ticks and error markers (a group inside the swimlane's SVG). */
const LaneShapes = memo(function LaneShapes({
  lane,
  top,
  laneHeight,
  width,
  x,
  window,
  kinds,
  now,
  hovered,
  href,
  onHover,
  onOpen,
}: {
  lane: Lane;
  top: number;
  laneHeight: number;
  width: number;
  x: (ms: number) => number;
  window: TimeWindow;
  kinds: ReadonlySet<string>;
  now?: number;
  hovered: boolean;
  href: string;
  onHover: (id: string | undefined) => void;
  onOpen: (href: string) => void;
}) {
  const t = lane.timeline;
  const mid = laneHeight / 2;
  const extend = (i: Interval) => (now !== undefined && i.open === "ongoing" ? { ...i, end: Math.max(i.end, now) } : i);
  const of = (kind: Interval["kind"]) => t.intervals.filter((i) => i.kind === kind && i.open !== "missing").map(extend);
  const subs = of("subscribed").sort((a, b) => a.start - b.start);
  const missing = t.intervals.filter((i) => i.open === "missing" || i.missingStart);
  const shownEvents = kinds.size === eventKinds.length ? t.events : t.events.filter((e) => kinds.has(e.kind));
  const ticks = ticksPath(
    shownEvents.filter((e) => e.kind !== "error").map((e) => e.time),
    x,
    mid - 9,
    18,
    0,
    width,
  );
  const errors = bucketMarkers(
    shownEvents.filter((e) => e.kind === "error"),
    x,
    0,
    width,
    22,
  );
  return (
    <g
      transform={`translate(0,${top})`}
      onClick={() => onOpen(href)}
      onMouseEnter={() => onHover(lane.participantId)}
      onMouseLeave={() => onHover(undefined)}
      data-lane-shapes={lane.participantId}
    >
      <rect width={width} height={laneHeight} style={{ fill: hovered ? "var(--color-room-850)" : "transparent" }} />
      <path d={`M0 ${laneHeight - 0.5}h${width}`} style={{ stroke: "var(--color-room-800)" }} />
      <path d={intervalsPath(of("connected"), x, mid - 6, 12, 0, width)} fill={palette.connected} fillOpacity={0.55} />
      <path d={intervalsPath(of("publishing"), x, mid - 4, 8, 0, width)} fill={palette.publishing} />
      <path d={intervalsPath(subs, x, laneHeight - 6, 3, 0, width)} fill={palette.subscribed} />
      {missing.length ? (
        <path
          d={intervalsPath(missing, x, mid - 6, 12, 0, width, -1)}
          fill="none"
          stroke={palette.warn}
          strokeDasharray="3 2"
        />
      ) : null}
      <path d={ticks.d} stroke={palette.session} strokeOpacity={0.55} strokeWidth={1} />
      {errors.map((bucket) => (
        <g key={bucket.items[0]?.id} data-marker="error">
          <path d={`M${bucket.px - 6} ${mid - 9}h12l-6 11Z`} fill={palette.error} stroke={palette.background} />
          {bucket.items.length > 1 ? (
            <text x={bucket.px + 7} y={mid + 1} fill={palette.error} fontSize={10} fontWeight={600}>
              ×{bucket.items.length}
            </text>
          ) : null}
        </g>
      ))}
      {window.from > (t.span?.[1] ?? Number.POSITIVE_INFINITY) ||
      window.to < (t.span?.[0] ?? Number.NEGATIVE_INFINITY) ? (
        <text x={6} y={mid + 4} fill={palette.text} fontSize={10}>
          (outside the window)
        </text>
      ) : null}
    </g>
  );
});
