"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { lazy, memo, useCallback, useMemo, useState } from "react";
import { LiveBadge, StateBadge } from "@/components/badges/live-badge";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { useViewStore } from "@/components/hooks/use-view-store";
import { CoverageStatus } from "@/components/live/coverage-status";
import { useSessionTopic } from "@/components/live/use-live-topic";
import { SessionQualityPanel } from "@/components/metrics/deferred";
import { Deferred, LoadingPanel } from "@/components/ui/deferred";
import { ErrorPanel } from "@/components/ui/error-panel";
import { inputClass, TextInput } from "@/components/ui/field";
import { Freshness } from "@/components/ui/freshness";
import { SortableTable } from "@/components/ui/sortable-table";
import { errorInfoOf, type AllPages } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { OutputOf } from "@/lib/ivs/operations";
import type { ParticipantSummary } from "@/lib/ivs/structures";
import type { ReadResult } from "@/lib/result";
import { formatDuration, formatTime } from "@/lib/format";
import { ParticipantRecordingFilterByRecordingStateValues } from "@/lib/ivs/enum-values";
import { anyParticipant, participantFilters, planParticipantQuery } from "@/lib/participant-filters";
import { livePollMs, sessionQueries } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import type { ViewState } from "@/lib/timeline/view-state";
import { useCan } from "@/components/auth/role-provider";
import { Button } from "@/components/ui/button";
import { StageCrumb } from "@/components/stages/stage-crumb";
import { DisconnectDialog, DisconnectTrigger, type DisconnectTarget } from "./disconnect-button";

type Choice<T extends string> = T | "";

// The swimlane (and its drawing library) loads once the page has: it has events to read before it can draw.
const SessionSwimlane = lazy(() =>
  import("@/components/troubleshoot/session-swimlane").then((module) => ({ default: module.SessionSwimlane })),
);

function Select<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: Choice<T>;
  options: readonly { value: T; label: string }[];
  onChange: (value: Choice<T>) => void;
}) {
  return (
    <label className="block text-xs text-room-300">
      {label}
      <select
        aria-label={label}
        className={`${inputClass} mt-1 w-40`}
        value={value}
        onChange={(e) => onChange(e.target.value as Choice<T>)}
      >
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SessionView({
  context,
  stageArn,
  sessionId,
  initialView,
  initialSession,
  initialParticipants,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  initialView: ViewState;
  /** The server's first paint; the browser polls from there. */
  initialSession?: ReadResult<OutputOf<"GetStageSession">>;
  /** Every participant the observation store had (the unfiltered list). */
  initialParticipants?: AllPages<ParticipantSummary>;
}) {
  useSessionTopic({ stageArn, sessionId });
  const [filterForm, setFilter] = useViewStore(anyParticipant);
  const [disconnecting, setDisconnecting] = useState<DisconnectTarget | undefined>();
  // Bulk disconnect (operators and up): the participants ticked in the table, confirmed in one dialog.
  const canDisconnect = useCan("DisconnectParticipant");
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [bulk, setBulk] = useState<readonly DisconnectTarget[] | undefined>();
  const plan = useMemo(() => planParticipantQuery(participantFilters(filterForm)), [filterForm]);
  const session = useQuery({
    ...sessionQueries(context, stageArn, sessionId).detail(),
    initialData: initialSession,
    initialDataUpdatedAt: initialSession?.fetchedAt,
  });
  const unfiltered = Object.keys(plan.api).length === 0;
  const participants = useAllPages(
    context,
    "ListParticipants",
    { stageArn, sessionId, maxResults: 100, ...plan.api },
    {
      pollMs: livePollMs,
      // Only the unfiltered list may start from the server's answer: a filtered query must not show it as its own.
      ...(unfiltered && initialParticipants ? { initialData: initialParticipants } : {}),
    },
  );
  // Every participant, for the swimlane (the same query as the table's when no API filter is set).
  const everyone = useAllPages(
    context,
    "ListParticipants",
    { stageArn, sessionId, maxResults: 100 },
    { pollMs: livePollMs, ...(initialParticipants ? { initialData: initialParticipants } : {}) },
  );
  const items = participants.data?.items;
  // Recomputed when the list or the filters change, not on every poll (polls keep `items` when nothing changed).
  const rows = useMemo(() => (items ?? []).filter(plan.local), [items, plan]);
  const info = session.data?.data.stageSession;
  const connected = (participants.data?.items ?? []).filter((p) => p.state === "CONNECTED").length;
  const sessionEnd = info?.endTime ? Date.parse(info.endTime) : undefined;
  // Only connected participants can be disconnected: a ticked one who left drops out of the selection.
  const selectedTargets = useMemo(
    () =>
      (items ?? [])
        .filter((p) => p.participantId && p.state === "CONNECTED" && selected.has(p.participantId))
        .map((p): DisconnectTarget => ({
          participantId: p.participantId ?? "",
          ...(p.userId ? { userId: p.userId } : {}),
        })),
    [items, selected],
  );
  const selectableShown = useMemo(
    () => rows.filter((p) => p.participantId && p.state === "CONNECTED").map((p) => p.participantId ?? ""),
    [rows],
  );
  const toggleSelected = useCallback(
    (participantId: string, on: boolean) =>
      setSelected((now) => {
        const next = new Set(now);
        if (on) next.add(participantId);
        else next.delete(participantId);
        return next;
      }),
    [],
  );
  const selection = useMemo(
    () => (canDisconnect ? { selected, onToggle: toggleSelected } : undefined),
    [canDisconnect, selected, toggleSelected],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs text-room-300">
            <StageCrumb context={context} stageArn={stageArn} />
          </p>
          <h1 className="mt-1 flex items-center gap-2 font-mono text-xl font-semibold">
            {sessionId} <LiveBadge live={Boolean(info && !info.endTime)} />
          </h1>
          <p className="mt-1 text-xs text-room-300">
            Started {formatTime(info?.startTime)}
            {info?.endTime ? ` · ended ${formatTime(info.endTime)}` : ""}
            {info?.startTime ? ` · ${formatDuration(info.startTime, info.endTime)}` : ""}
          </p>
        </div>
        <div className="flex flex-col items-end gap-2">
          <Link
            href={link(context, routes.findUser(undefined, stageArn))}
            className="text-xs text-accent hover:underline"
          >
            Find a user in this stage&apos;s sessions
          </Link>
          <CoverageStatus coverage={everyone.data?.coverage} label="Session observation" />
          <Freshness
            degraded={participants.data?.degraded}
            error={participants.error ? errorInfoOf(participants.error) : null}
          />
        </div>
      </div>
      <Deferred fallback={<LoadingPanel label="Loading the session swimlane…" className="h-64" />}>
        <SessionSwimlane
          key={`${stageArn}/${sessionId}`}
          context={context}
          stageArn={stageArn}
          sessionId={sessionId}
          participants={everyone.data?.items}
          {...(sessionEnd !== undefined ? { sessionEnd } : {})}
          live={Boolean(session.data) && sessionEnd === undefined}
          initialView={initialView}
        />
      </Deferred>
      <SessionQualityPanel context={context} stageArn={stageArn} sessionId={sessionId} />
      <h2 className="pt-2 text-sm font-semibold">Participants</h2>
      <section aria-label="Participant filters" className="flex flex-wrap items-end gap-3">
        <label className="block text-xs text-room-300">
          User id
          <TextInput
            className="mt-1 w-48"
            type="search"
            aria-label="Filter by user id"
            value={filterForm.userId}
            onChange={(e) => setFilter({ userId: e.target.value })}
            placeholder="exact user id"
          />
        </label>
        <Select
          label="State"
          value={filterForm.state}
          onChange={(state) => setFilter({ state })}
          options={[
            { value: "CONNECTED", label: "Connected" },
            { value: "DISCONNECTED", label: "Disconnected" },
          ]}
        />
        <Select
          label="Published"
          value={filterForm.published}
          onChange={(published) => setFilter({ published })}
          options={[
            { value: "yes", label: "Has published" },
            { value: "no", label: "Never published" },
          ]}
        />
        <Select
          label="Recording"
          value={filterForm.recordingState}
          onChange={(recordingState) => setFilter({ recordingState })}
          options={ParticipantRecordingFilterByRecordingStateValues.map((value) => ({ value, label: value }))}
        />
        <p className="pb-1.5 text-xs text-room-300" aria-live="polite">
          {participants.isLoading
            ? `Loading… ${participants.progress.loaded} participants`
            : `${rows.length} shown · ${connected} connected · ${participants.data?.items.length ?? 0} loaded`}
        </p>
      </section>
      {participants.error && !participants.data ? (
        <ErrorPanel title="Could not list participants" error={errorInfoOf(participants.error)} />
      ) : null}
      {canDisconnect ? (
        <section aria-label="Selected participants" className="flex flex-wrap items-center gap-2 text-xs text-room-300">
          <span aria-live="polite">{selectedTargets.length} selected</span>
          <Button onClick={() => setSelected(new Set(selectableShown))} disabled={selectableShown.length === 0}>
            Select all connected shown ({selectableShown.length})
          </Button>
          <Button onClick={() => setSelected(new Set())} disabled={selected.size === 0}>
            Clear selection
          </Button>
          <Button variant="danger" onClick={() => setBulk(selectedTargets)} disabled={selectedTargets.length === 0}>
            Disconnect selected ({selectedTargets.length})…
          </Button>
        </section>
      ) : null}
      <ParticipantsTable
        context={context}
        stageArn={stageArn}
        sessionId={sessionId}
        rows={rows}
        loading={participants.isLoading}
        onDisconnect={setDisconnecting}
        {...(selection ? { selection } : {})}
      />
      <DisconnectDialog
        context={context}
        stageArn={stageArn}
        target={disconnecting}
        onClose={() => setDisconnecting(undefined)}
      />
      <DisconnectDialog
        context={context}
        stageArn={stageArn}
        targets={bulk}
        onClose={() => setBulk(undefined)}
        onDone={() => setSelected(new Set())}
      />
    </div>
  );
}

/** The participants table (its own memoized component: polls that change nothing do not redraw 100 rows). */
const ParticipantsTable = memo(function ParticipantsTable({
  context,
  stageArn,
  sessionId,
  rows,
  loading,
  onDisconnect,
  selection,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  rows: readonly ParticipantSummary[];
  loading: boolean;
  onDisconnect: (target: DisconnectTarget) => void;
  /** Tick boxes for a bulk disconnect (operators and up). */
  selection?: { selected: ReadonlySet<string>; onToggle: (participantId: string, on: boolean) => void };
}) {
  return (
    <SortableTable
      caption="Participants"
      rows={rows}
      rowKey={(p) => p.participantId ?? ""}
      empty={loading ? "Loading participants…" : "No participant matches these filters."}
      columns={[
        ...(selection
          ? [
              {
                header: "Select",
                cell: (p: ParticipantSummary) =>
                  p.state === "CONNECTED" && p.participantId ? (
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-accent"
                      aria-label={`Select ${p.userId ? `${p.userId} (${p.participantId})` : p.participantId}`}
                      checked={selection.selected.has(p.participantId)}
                      onChange={(e) => selection.onToggle(p.participantId ?? "", e.target.checked)}
                    />
                  ) : null,
              },
            ]
          : []),
        {
          header: "Participant",
          sortValue: (p) => p.participantId ?? "",
          cell: (p) =>
            p.participantId ? (
              <Link
                prefetch={false}
                href={link(context, routes.participant(stageArn, sessionId, p.participantId))}
                className="font-mono text-xs text-accent hover:underline"
              >
                {p.participantId}
              </Link>
            ) : null,
        },
        {
          header: "User id",
          sortValue: (p) => p.userId ?? "",
          cell: (p) => p.userId || <span className="text-room-300">—</span>,
        },
        {
          header: "State",
          sortValue: (p) => p.state ?? "",
          cell: (p) => <StateBadge state={p.state === "CONNECTED" ? "ACTIVE" : (p.state ?? "")} label={p.state} />,
        },
        { header: "Published", sortValue: (p) => (p.published ? 1 : 0), cell: (p) => (p.published ? "yes" : "no") },
        {
          header: "Recording",
          sortValue: (p) => p.recordingState ?? "",
          cell: (p) => <span className="font-mono text-xs">{p.recordingState ?? "—"}</span>,
        },
        {
          header: "Ingest",
          cell: (p) => (
            <span className="text-xs">
              {p.ingestConfigurationArn ? "RTMP(S)" : "SDK / WHIP"}
              {p.replicationType === "REPLICA" ? " · replica" : ""}
            </span>
          ),
        },
        {
          header: "First joined",
          sortValue: (p) => p.firstJoinTime ?? "",
          cell: (p) => <span className="font-mono text-xs">{formatTime(p.firstJoinTime)}</span>,
        },
        {
          header: "Actions",
          cell: (p) =>
            p.state === "CONNECTED" && p.participantId ? (
              <DisconnectTrigger
                target={{ participantId: p.participantId, ...(p.userId ? { userId: p.userId } : {}) }}
                onOpen={onDisconnect}
              />
            ) : null,
        },
      ]}
    />
  );
});
