"use client";

import { useQueries } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { QualityCharts } from "@/components/metrics/quality-charts";
import { useQuality } from "@/components/metrics/use-quality";
import type { ConsoleContext } from "@/lib/context";
import { exportFileName, participantTimelineCsv, participantTimelineJson } from "@/lib/export/timeline";
import type { Participant } from "@/lib/ivs/structures";
import { link, routes } from "@/lib/routes";
import { diagnose, type DiagnosisContext, type Finding, type IngestFacts } from "@/lib/timeline/diagnosis";
import { buildTimeline, eventKinds, eventsInWindow, type EventKind, type Timeline } from "@/lib/timeline/model";
import {
  clampWindow,
  paddedDomain,
  windowAround,
  type TimeWindow,
  type ViewState,
  viewStateOptions,
} from "@/lib/timeline/view-state";
import { useViewStore } from "@/components/hooks/use-view-store";
import { DiagnosisPanel } from "./diagnosis-panel";
import { EventDetails } from "./event-details";
import { EventList } from "./event-list";
import { ExportButtons } from "./export-buttons";
import { clock, dateTime } from "./format";
import { KindFilter } from "./kind-filter";
import { TimelineChart } from "./timeline-chart";
import { ZoomButtons } from "./zoom-buttons";
import { useNow } from "./use-now";
import { loadParticipantEvents, participantEventsKey, useParticipantEvents } from "./use-participant-events";

const dataOf = <T,>(results: readonly { data?: T }[]) => results.map((r) => r.data);

/**
 * The troubleshooting part of the participant page: diagnosis, the zoomable timeline, the event list in
 * sync with it, the selected event's meaning, and exports. Everything it shows lives in the URL.
 */
export function ParticipantTroubleshoot({
  context,
  stageArn,
  sessionId,
  participantId,
  participant,
  sessionEnd,
  sessionKnown,
  ingest,
  names,
  initialView,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  participantId: string;
  participant?: Participant;
  /** ms, when the session has ended. */
  sessionEnd?: number;
  sessionKnown: boolean;
  ingest?: IngestFacts;
  /** User ids of the session's participants, by participant id. */
  names: ReadonlyMap<string, string>;
  /** The view in the page's URL (window, kinds, selected event). */
  initialView: ViewState;
}) {
  const live = !sessionKnown || sessionEnd === undefined;
  const events = useParticipantEvents(context, stageArn, sessionId, participantId, live);
  const [view, setView] = useViewStore(initialView, viewStateOptions);
  const [hoveredId, setHoveredId] = useState<string | undefined>();
  const [activeFinding, setActiveFinding] = useState<string | undefined>();
  const state = participant?.state;
  const ongoing = live && state !== "DISCONNECTED";
  const now = useNow(ongoing, 2000);

  const apiEvents = events.data?.events;
  const changedAt = events.data?.changedAt;
  const timeline = useMemo(
    () =>
      buildTimeline(apiEvents ?? [], {
        now: changedAt ?? 0,
        ...(sessionEnd !== undefined ? { sessionEnd } : {}),
        ...(state ? { participantState: state } : {}),
        participantId,
      }),
    [apiEvents, changedAt, sessionEnd, state, participantId],
  );

  // Publishers this participant could not find: read their timelines too, to say whether they had left.
  const missingPublishers = useMemo(
    () =>
      [
        ...new Set(
          timeline.events
            .filter((e) => e.errorCode === "PUBLISHER_NOT_FOUND" && e.remoteParticipantId)
            .map((e) => e.remoteParticipantId ?? ""),
        ),
      ].slice(0, 3),
    [timeline],
  );
  const remoteData = useQueries({
    queries: missingPublishers.map((remote) => ({
      queryKey: participantEventsKey(context, stageArn, sessionId, remote),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        loadParticipantEvents(context, { stageArn, sessionId, participantId: remote }, undefined, undefined, signal),
      staleTime: 30_000,
      structuralSharing: false,
    })),
    combine: dataOf,
  });
  const remotes = useMemo(() => {
    const map = new Map<string, Timeline>();
    missingPublishers.forEach((remote, i) => {
      const data = remoteData[i];
      if (data)
        map.set(
          remote,
          buildTimeline(data.events, {
            now: data.changedAt,
            ...(sessionEnd !== undefined ? { sessionEnd } : {}),
            participantId: remote,
          }),
        );
    });
    return map;
  }, [missingPublishers, sessionEnd, remoteData]);

  // Quality metrics over the participant's time in the session (from the console's store; see server/observe/metrics.ts).
  // From the participant's first join (GetParticipant, on screen before the events are read), else its first event.
  const firstJoin = participant?.firstJoinTime ? Date.parse(participant.firstJoinTime) : undefined;
  const firstEvent = firstJoin ?? timeline.span?.[0];
  const quality = useQuality(
    context,
    firstEvent !== undefined
      ? {
          stageArn,
          sessionId,
          participantId,
          start: Math.floor(firstEvent / 1000) * 1000 - 60_000,
          ...(sessionEnd !== undefined ? { end: sessionEnd + 60_000 } : {}),
        }
      : undefined,
  );
  const qualityAnswer = quality.data;

  const userIdFact = participant?.userId;
  const protocol = participant?.protocol;
  const ispName = participant?.ispName;
  const ingestArn = participant?.ingestConfigurationArn;
  const nameOf = useCallback((id: string) => names.get(id) || id, [names]);
  const diagnosisContext = useMemo<DiagnosisContext>(
    () => ({
      nameOf,
      ...(userIdFact ? { userId: userIdFact } : {}),
      ...(protocol ? { protocol } : {}),
      ...(ispName ? { ispName } : {}),
      ...(ingest ? { ingest } : ingestArn ? { ingest: { arn: ingestArn } } : {}),
      remotes,
      ...(qualityAnswer ? { metrics: { period: qualityAnswer.period, series: qualityAnswer.series } } : {}),
    }),
    [userIdFact, protocol, ispName, ingestArn, ingest, remotes, nameOf, qualityAnswer],
  );
  const findings = useMemo(() => diagnose(timeline, diagnosisContext), [timeline, diagnosisContext]);

  const participantHref = useCallback(
    (id: string) => link(context, routes.participant(stageArn, sessionId, id)),
    [context, stageArn, sessionId],
  );
  const stageHref = useCallback((arn: string) => link(context, routes.stage(arn)), [context]);

  // Domain: the events (padded), grown to now while live, and wide enough for a window from a shared link.
  const base = paddedDomain(timeline.span, changedAt ?? 0);
  const domainFrom = Math.min(base.from, view.window?.from ?? Number.POSITIVE_INFINITY);
  const domainTo = Math.max(
    base.to,
    ongoing && timeline.span ? now + (now - base.from) * 0.02 : base.to,
    view.window?.to ?? Number.NEGATIVE_INFINITY,
  );
  const domain = useMemo<TimeWindow>(() => ({ from: domainFrom, to: domainTo }), [domainFrom, domainTo]);
  const viewWindow = view.window;
  const shown = useMemo(() => (viewWindow ? clampWindow(viewWindow, domain) : domain), [viewWindow, domain]);

  const visible = useMemo(
    () =>
      view.kinds.length === eventKinds.length
        ? timeline.events
        : timeline.events.filter((e) => view.kinds.includes(e.kind)),
    [timeline, view.kinds],
  );
  // The list follows the window at a lower priority than the chart: zooming stays fluid with 10,000 events.
  const listWindow = useDeferredValue(shown);
  const inWindow = useMemo(
    () => eventsInWindow(visible, listWindow.from, listWindow.to),
    [visible, listWindow.from, listWindow.to],
  );
  const counts = useMemo(() => {
    const c: Partial<Record<EventKind, number>> = {};
    for (const e of timeline.events) c[e.kind] = (c[e.kind] ?? 0) + 1;
    return c;
  }, [timeline]);

  const active = findings.find((f) => f.id === activeFinding);
  const qualityMarkers = useMemo(
    () =>
      timeline.events
        .filter((e) => e.kind === "error")
        .map((e) => ({ time: e.time, label: `${e.name} ${e.errorCode ?? ""} at ${clock(e.time)}`.trim() })),
    [timeline],
  );
  const qualityHighlights = useMemo(
    () => (active?.metricEvidence ?? []).map((m) => ({ from: m.from, to: m.to, label: m.text })),
    [active],
  );
  const evidence = useMemo(() => new Set(active?.evidence ?? []), [active]);
  const selected = view.event ? timeline.byId.get(view.event) : undefined;
  const details = (hoveredId ? timeline.byId.get(hoveredId) : undefined) ?? selected;

  const setWindow = useCallback((next: TimeWindow) => setView({ window: next }), [setView]);
  const select = useCallback(
    (id: string) => {
      const event = timeline.byId.get(id);
      setView((current) => {
        const window = current.window ?? domain;
        const outside = event && (event.time < window.from || event.time > window.to);
        return {
          event: id,
          ...(outside && event ? { window: windowAround(event.time, window.to - window.from, domain) } : {}),
        };
      });
    },
    [timeline, setView, domain],
  );

  const showEvidence = useCallback(
    (finding: Finding, eventId?: string) => {
      setActiveFinding(finding.id);
      const items = finding.evidence.map((id) => timeline.byId.get(id)).filter((e) => e !== undefined);
      const target = eventId ? timeline.byId.get(eventId) : items[0];
      // Metric evidence (a loss episode) counts as evidence too: the window shows the whole stretch.
      const stretches = eventId ? [] : (finding.metricEvidence ?? []).flatMap((m) => [m.from, m.to]);
      setView((current) => {
        const kinds = new Set<EventKind>([...current.kinds, ...items.map((e) => e.kind)]);
        let window = current.window;
        if (items.length || stretches.length) {
          const lo = Math.min(...items.map((e) => e.time), ...stretches);
          const hi = Math.max(...items.map((e) => e.time), ...stretches);
          const pad = Math.max(2000, (hi - lo) * 0.25);
          window = clampWindow({ from: lo - pad, to: hi + pad }, domain);
        }
        return {
          kinds: eventKinds.filter((k) => kinds.has(k)),
          ...(window ? { window } : {}),
          ...(target ? { event: target.id } : {}),
        };
      });
    },
    [timeline, domain, setView],
  );
  const setKinds = useCallback((kinds: EventKind[]) => setView({ kinds }), [setView]);

  const loading = events.isLoading;
  const scope = { region: context.region, stageArn, sessionId, participantId };
  const exportView = {
    ...(view.window ? { window: shown } : {}),
    events: inWindow,
    ...(participant ? { participant } : {}),
  };
  const userId = participant?.userId ?? "";

  return (
    <div className="space-y-4">
      <DiagnosisPanel
        findings={loading ? [] : findings}
        timeline={timeline}
        activeId={activeFinding}
        onShowEvidence={showEvidence}
        loading={loading}
      />
      <section aria-labelledby="timeline-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="timeline-heading" className="text-sm font-semibold">
            Event timeline
          </h2>
          <LoadStatus
            loading={loading}
            loaded={events.progress.loaded}
            pages={events.progress.pages}
            total={timeline.events.length}
            totalPages={events.data?.pages}
            live={live}
            error={events.error !== null && !events.data}
          />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <KindFilter kinds={view.kinds} counts={counts} onChange={setKinds} />
          <div className="flex flex-wrap items-center gap-1">
            <ZoomButtons
              window={shown}
              domain={domain}
              onChange={setWindow}
              onReset={() => setView({ window: undefined })}
            />
            <ExportButtons
              what="participant timeline"
              disabled={loading}
              json={() => ({
                fileName: exportFileName("participant", participantId, "json"),
                text: JSON.stringify(
                  participantTimelineJson({ ...scope, url: window.location.href }, timeline, findings, exportView),
                  null,
                  2,
                ),
              })}
              csv={() => ({
                fileName: exportFileName("participant", participantId, "csv"),
                text: participantTimelineCsv(inWindow, userId),
              })}
            />
          </div>
        </div>
        {timeline.issues.length ? (
          <ul className="flex flex-wrap gap-2 text-xs" aria-label="Data notes">
            {timeline.issues.map((issue) => (
              <li key={issue.kind} className="rounded border border-warn/40 bg-warn/10 px-2 py-0.5 text-warn">
                {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
        <TimelineChart
          timeline={timeline}
          visible={visible}
          domain={domain}
          window={shown}
          onWindowChange={setWindow}
          selectedId={view.event}
          hoveredId={hoveredId}
          evidence={evidence}
          onSelect={select}
          onHover={setHoveredId}
          {...(ongoing ? { now } : {})}
          nameOf={nameOf}
          label={`Event timeline of ${userId || participantId}, ${dateTime(shown.from)} to ${clock(shown.to)}`}
        />
        <div className="grid gap-3 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-1">
            <p className="text-xs text-room-300" aria-live="polite">
              {inWindow.length.toLocaleString("en-US")} of {timeline.events.length.toLocaleString("en-US")} events shown
              ({clock(listWindow.from)} – {clock(listWindow.to)})
              {view.window ? (
                <button
                  type="button"
                  className="ml-2 text-accent hover:underline"
                  onClick={() => setView({ window: undefined })}
                >
                  Show the whole session
                </button>
              ) : null}
            </p>
            <EventList
              events={inWindow}
              selectedId={view.event}
              hoveredId={hoveredId}
              evidence={evidence}
              onSelect={select}
              onHover={setHoveredId}
              nameOf={nameOf}
              label="Events in the window, oldest first"
            />
          </div>
          <EventDetails
            timeline={timeline}
            event={details}
            nameOf={nameOf}
            participantHref={participantHref}
            stageHref={stageHref}
          />
        </div>
        {timeline.undated.length ? (
          <p className="text-xs text-warn">{timeline.undated.length} events had no time and are not drawn.</p>
        ) : null}
      </section>
      <QualityCharts
        answer={qualityAnswer}
        loading={quality.isLoading}
        error={quality.error ? quality.error.message : undefined}
        domain={domain}
        window={shown}
        onWindowChange={setWindow}
        markers={qualityMarkers}
        highlights={qualityHighlights}
        who={userId || participantId}
      />
    </div>
  );
}

function LoadStatus({
  loading,
  loaded,
  pages,
  total,
  totalPages,
  live,
  error,
}: {
  loading: boolean;
  loaded: number;
  pages: number;
  total: number;
  totalPages?: number;
  live: boolean;
  error: boolean;
}) {
  if (error) return <p className="text-xs text-live">Could not read the events.</p>;
  if (loading) {
    return (
      <div className="flex items-center gap-2 text-xs text-room-300">
        <div
          role="progressbar"
          aria-label="Loading events"
          aria-valuetext={`${loaded} events, ${pages} pages`}
          className="h-1.5 w-32 overflow-hidden rounded bg-room-800"
        >
          <div className="h-full w-1/3 animate-pulse rounded bg-accent" />
        </div>
        <span aria-live="polite">
          Loading all events… {loaded.toLocaleString("en-US")} read ({pages} {pages === 1 ? "page" : "pages"})
        </span>
      </div>
    );
  }
  return (
    <p className="text-xs text-room-300" data-testid="events-loaded">
      {total.toLocaleString("en-US")} events · {totalPages ?? 0} {totalPages === 1 ? "page" : "pages"} · all loaded
      {live ? " · live, polling every 3 s" : ""}
    </p>
  );
}
