"use client";

import { CompositionLink } from "@/components/compositions/composition-link";
import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { CompositionStateBadge, DestinationStates } from "@/components/compositions/state-badge";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { CoverageStatus } from "@/components/live/coverage-status";
import { StageSparklineCell } from "@/components/metrics/deferred";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Freshness } from "@/components/ui/freshness";
import { SimpleTable } from "@/components/ui/simple-table";
import { errorInfoOf, type AllPages } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { describeErrorCode } from "@/lib/error-codes";
import { arnId, formatDuration, formatTime } from "@/lib/format";
import { isComplete } from "@/lib/observe/coverage";
import { livePollInterval } from "@/lib/observe/live-status";
import { livePollMs, sessionQueries } from "@/lib/query-keys";
import type { ErrorInfo } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { fetchOverviewErrors, overviewErrorsKey, overviewErrorsPollMs } from "./fetch-overview";
import {
  countParticipants,
  errorKey,
  failedCompositions,
  liveStagesOf,
  runningCompositions,
  sumCounts,
  type CompositionSummary,
  type LiveStage,
  type OverviewErrors,
  type ParticipantCounts,
  type ParticipantErrorEntry,
  type StageSummary,
} from "./model";

function Panel({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded border border-room-700 bg-room-900 p-4">
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-room-100">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <div className="rounded border border-dashed border-room-700 px-4 py-5 text-sm text-room-300">{children}</div>;
}

function Tile({
  label,
  value,
  hint,
  href,
  tone = "",
}: {
  label: string;
  value: ReactNode;
  hint?: string;
  href: string;
  tone?: string;
}) {
  return (
    <Link href={href} className="block rounded border border-room-700 bg-room-900 px-4 py-3 hover:border-room-500">
      <span className="block text-xs uppercase tracking-wide text-room-300">{label}</span>
      <span className={`mt-1 block font-mono text-2xl ${tone || "text-room-100"}`}>{value}</span>
      {hint ? <span className="mt-0.5 block text-xs text-room-300">{hint}</span> : null}
    </Link>
  );
}

/** A count, "…" while loading, "n+" when the session has more participants than one page. */
function countText(count: ParticipantCounts | undefined, key: "connected" | "publishers" | "seen"): string {
  if (!count) return "…";
  return `${count[key]}${count.truncated ? "+" : ""}`;
}

function oldest(...values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.min(...known) : undefined;
}

export function OverviewView({
  context,
  initialStages,
  initialCompositions,
}: {
  context: ConsoleContext;
  initialStages?: AllPages<StageSummary>;
  initialCompositions?: AllPages<CompositionSummary>;
}) {
  const stages = useAllPages(
    context,
    "ListStages",
    { maxResults: 100 },
    { pollMs: livePollMs, ...(initialStages ? { initialData: initialStages } : {}) },
  );
  const compositions = useAllPages(
    context,
    "ListCompositions",
    {},
    { pollMs: livePollMs, ...(initialCompositions ? { initialData: initialCompositions } : {}) },
  );
  const errors = useQuery({
    queryKey: overviewErrorsKey(context),
    queryFn: ({ signal }) => fetchOverviewErrors(context, signal),
    // Pushed changes refresh it at once; while the store is still catching up, ask again soon.
    refetchInterval: (query) =>
      livePollInterval(query.state.data && isComplete(query.state.data.coverage) ? overviewErrorsPollMs : livePollMs),
    refetchIntervalInBackground: false,
  });

  const allStages = useMemo(() => stages.data?.items ?? [], [stages.data]);
  const live = useMemo(() => liveStagesOf(allStages), [allStages]);
  const stageNames = useMemo(() => new Map(allStages.map((s) => [s.arn, s.name ?? ""])), [allStages]);
  // Counts come from the observation store (no IVS call), so every live stage can be followed at the live pace.
  const participantQueries = useQueries({
    queries: live.map((stage) => sessionQueries(context, stage.arn, stage.sessionId).participants()),
  });
  const counts = participantQueries.map((q) =>
    q.data ? countParticipants(q.data.data.participants, Boolean(q.data.data.nextToken)) : undefined,
  );
  // Until at least one live stage has answered, the totals are unknown rather than zero.
  const totals = counts.some((count) => count !== undefined) ? sumCounts(counts) : undefined;
  const running = runningCompositions(compositions.data?.items ?? []);
  const failed = failedCompositions(compositions.data?.items ?? []);

  const firstError = stages.error ?? compositions.error;
  const headerError: ErrorInfo | null = firstError ? errorInfoOf(firstError) : null;
  const loadingStages = stages.isLoading && !stages.data;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold text-room-100">Overview</h1>
          <p className="mt-1 max-w-3xl text-sm text-room-300">
            What is live in <span className="font-mono">{context.region}</span> now: stages with their participants,
            running compositions and recent participant errors. Refreshes by itself.
          </p>
        </div>
        <Freshness
          fetchedAt={oldest(stages.data?.fetchedAt, compositions.data?.fetchedAt)}
          degraded={stages.data?.degraded ?? compositions.data?.degraded}
          error={headerError}
        />
      </div>
      {stages.error && !stages.data ? (
        <ErrorPanel title="Could not list stages" error={errorInfoOf(stages.error)} />
      ) : null}

      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" role="group" aria-label="Summary">
        <Tile
          label="Live stages"
          value={loadingStages ? "…" : live.length}
          hint={`of ${allStages.length} stages`}
          href={link(context, routes.stages())}
          tone={live.length ? "text-live" : ""}
        />
        <Tile
          label="Connected"
          value={live.length ? countText(totals, "connected") : 0}
          hint="participants in live sessions"
          href={link(context, routes.stages())}
        />
        <Tile
          label="Publishers"
          value={live.length ? countText(totals, "publishers") : 0}
          hint="connected and have published"
          href={link(context, routes.stages())}
        />
        <Tile
          label="Compositions"
          value={compositions.data ? running.length : "…"}
          hint={failed.length ? `running · ${failed.length} failed` : "running"}
          href={link(context, routes.compositions())}
          tone={failed.length ? "text-warn" : ""}
        />
        <Tile
          label="Errors"
          value={errors.data ? errors.data.errors.length : "…"}
          hint="in live sessions"
          href="#overview-errors"
          tone={errors.data?.errors.length ? "text-live" : ""}
        />
      </div>

      <div className="grid gap-4 xl:grid-cols-2">
        <Panel id="overview-live" title="Live stages">
          <LiveStages
            context={context}
            live={live}
            counts={counts}
            errors={participantQueries.map((q) => (q.error ? errorInfoOf(q.error) : undefined))}
            loading={loadingStages}
            totalStages={allStages.length}
          />
        </Panel>
        <Panel id="overview-compositions" title="Running compositions">
          <RunningCompositions
            context={context}
            running={running}
            failed={failed}
            stageNames={stageNames}
            loading={compositions.isLoading && !compositions.data}
            error={compositions.error && !compositions.data ? errorInfoOf(compositions.error) : undefined}
          />
        </Panel>
      </div>

      <Panel
        id="overview-errors"
        title="Recent participant errors"
        aside={
          <Freshness
            fetchedAt={errors.data?.fetchedAt}
            degraded={errors.data?.degraded}
            error={errors.error ? errorInfoOf(errors.error) : null}
          />
        }
      >
        <ParticipantErrors
          context={context}
          data={errors.data}
          error={errors.error && !errors.data ? errorInfoOf(errors.error) : undefined}
          liveCount={live.length}
        />
      </Panel>
    </div>
  );
}

function LiveStages({
  context,
  live,
  counts,
  errors,
  loading,
  totalStages,
}: {
  context: ConsoleContext;
  live: readonly LiveStage[];
  counts: readonly (ParticipantCounts | undefined)[];
  errors: readonly (ErrorInfo | undefined)[];
  loading: boolean;
  totalStages: number;
}) {
  if (loading) return <p className="text-sm text-room-300">Loading stages…</p>;
  if (live.length === 0) {
    return (
      <Empty>
        {totalStages === 0 ? (
          <>
            No stages in this region yet.{" "}
            <Link href={link(context, routes.stages())} className="text-accent hover:underline">
              Create a stage
            </Link>
            , then give your hosts participant tokens from its page: it goes live when the first one joins.
          </>
        ) : (
          <>
            No stage is live right now. A stage goes live when its first participant joins with a token; mint tokens on
            a{" "}
            <Link href={link(context, routes.stages())} className="text-accent hover:underline">
              stage&apos;s page
            </Link>
            .
          </>
        )}
      </Empty>
    );
  }
  const rows = live.map((stage, index) => ({ stage, count: counts[index], error: errors[index] }));
  return (
    <SimpleTable
      caption="Live stages with participant counts"
      rows={rows}
      rowKey={(row) => row.stage.arn}
      empty=""
      columns={[
        {
          header: "Stage",
          cell: ({ stage }) => (
            <Link href={link(context, routes.stage(stage.arn))} className="text-accent hover:underline">
              {stage.name || arnId(stage.arn)}
            </Link>
          ),
        },
        {
          header: "Session",
          cell: ({ stage }) => (
            <Link
              href={link(context, routes.session(stage.arn, stage.sessionId))}
              className="font-mono text-xs text-accent hover:underline"
            >
              {stage.sessionId}
            </Link>
          ),
        },
        {
          header: "Connected",
          className: "font-mono",
          cell: ({ count, error }) =>
            error && !count ? <span title={error.message}>—</span> : countText(count, "connected"),
        },
        {
          header: "Publishers",
          className: "font-mono",
          cell: ({ count, error }) => (error && !count ? "—" : countText(count, "publishers")),
        },
        {
          header: "Seen",
          className: "font-mono text-room-300",
          cell: ({ count, error }) => (error && !count ? "—" : countText(count, "seen")),
        },
        { header: "Last 30 min", cell: ({ stage }) => <StageSparklineCell context={context} stageArn={stage.arn} /> },
      ]}
    />
  );
}

function RunningCompositions({
  context,
  running,
  failed,
  stageNames,
  loading,
  error,
}: {
  context: ConsoleContext;
  running: readonly CompositionSummary[];
  failed: readonly CompositionSummary[];
  stageNames: ReadonlyMap<string, string>;
  loading: boolean;
  error?: ErrorInfo;
}) {
  if (error) return <ErrorPanel title="Could not list compositions" error={error} />;
  if (loading) return <p className="text-sm text-room-300">Loading compositions…</p>;
  const failedNote = failed.length ? (
    <p className="mt-2 text-xs text-warn">
      {failed.length} composition{failed.length === 1 ? "" : "s"} failed recently.{" "}
      <Link href={link(context, `${routes.compositions()}?show=ended`)} className="underline">
        See ended compositions
      </Link>
    </p>
  ) : null;
  if (running.length === 0) {
    return (
      <>
        <Empty>
          No composition is running. A composition mixes a live stage into an IVS channel or an S3 recording; the{" "}
          <Link href={link(context, routes.compositions())} className="text-accent hover:underline">
            composition list
          </Link>{" "}
          shows recently ended ones.
        </Empty>
        {failedNote}
      </>
    );
  }
  return (
    <>
      <SimpleTable
        caption="Running compositions with destination states"
        rows={running}
        rowKey={(c) => c.arn}
        empty=""
        columns={[
          {
            header: "Composition",
            cell: (c) => <CompositionLink context={context} arn={c.arn} />,
          },
          {
            header: "Stage",
            cell: (c) => <span className="text-xs">{stageNames.get(c.stageArn) || arnId(c.stageArn)}</span>,
          },
          { header: "State", cell: (c) => <CompositionStateBadge state={c.state} /> },
          { header: "Destinations", cell: (c) => <DestinationStates destinations={c.destinations} /> },
          {
            header: "Running for",
            cell: (c) => (
              <span className="text-xs" suppressHydrationWarning>
                {c.startTime ? formatDuration(c.startTime, c.endTime) : "—"}
              </span>
            ),
          },
        ]}
      />
      {failedNote}
    </>
  );
}

function ParticipantErrors({
  context,
  data,
  error,
  liveCount,
}: {
  context: ConsoleContext;
  data?: OverviewErrors;
  error?: ErrorInfo;
  liveCount: number;
}) {
  if (error) return <ErrorPanel title="Could not read participant events" error={error} />;
  if (!data) return <p className="text-sm text-room-300">Reading the events of live sessions…</p>;
  const { coverage } = data;
  const shown =
    data.errors.length < data.total
      ? `The newest ${data.errors.length} of ${data.total} errors in live sessions.`
      : null;
  return (
    <>
      {data.errors.length === 0 ? (
        <Empty>
          {liveCount === 0 && data.liveStages === 0
            ? "Nothing is live, so there are no participant errors to show. Errors of live sessions appear here as they happen."
            : !isComplete(coverage)
              ? "No participant errors so far; the events of the other participants are still being read."
              : "No participant errors in the live sessions. Failed publishes, subscribes and joins appear here with what they mean and what to do."}
        </Empty>
      ) : (
        <SimpleTable
          caption="Recent participant errors in live sessions"
          rows={data.errors}
          rowKey={(entry) => errorKey(entry, data.errors.indexOf(entry))}
          empty=""
          columns={[
            {
              header: "When",
              cell: (e) => <time className="whitespace-nowrap font-mono text-xs">{formatTime(e.eventTime)}</time>,
            },
            { header: "Error and meaning", className: "min-w-[18rem]", cell: (e) => <ErrorCell entry={e} /> },
            {
              header: "Participant",
              cell: (e) => (
                <span className="text-xs">
                  <code className="font-mono">{e.participantId}</code>
                  {e.userId ? <span className="block text-room-300">{e.userId}</span> : null}
                </span>
              ),
            },
            {
              header: "Stage",
              cell: (e) => (
                <span className="text-xs">
                  <span className="block">{e.stageName || arnId(e.stageArn)}</span>
                  <Link
                    href={link(context, routes.participant(e.stageArn, e.sessionId, e.participantId))}
                    className="text-accent hover:underline"
                  >
                    Open participant{" "}
                    <span className="sr-only">
                      {e.participantId} in {e.stageName || arnId(e.stageArn)}
                    </span>
                  </Link>{" "}
                  <Link
                    href={link(context, routes.session(e.stageArn, e.sessionId))}
                    className="text-accent hover:underline"
                  >
                    session{" "}
                    <span className="sr-only">
                      {e.sessionId} of {e.stageName || arnId(e.stageArn)}
                    </span>
                  </Link>
                </span>
              ),
            },
          ]}
        />
      )}
      <div className="mt-2 flex flex-wrap items-center gap-x-3 text-xs text-room-300">
        {shown ? <p>{shown}</p> : null}
        {data.liveStages > 0 ? <CoverageStatus coverage={coverage} label="Live sessions observation" /> : null}
      </div>
    </>
  );
}

function ErrorCell({ entry }: { entry: ParticipantErrorEntry }) {
  const info = describeErrorCode(entry.errorCode);
  return (
    <span className="block max-w-xl text-xs">
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <code className="rounded bg-live/15 px-1.5 py-0.5 font-mono text-live">{entry.errorCode}</code>
        <span className="text-room-300">
          {entry.event}
          {entry.remoteParticipantId ? ` · publisher ${entry.remoteParticipantId}` : ""}
          {entry.replica ? " · replica" : ""}
        </span>
      </span>
      {info ? (
        <>
          <span className="mt-1 block text-room-100">{info.meaning}</span>
          <span className="mt-0.5 block text-room-300">{info.guidance}</span>
        </>
      ) : (
        <span className="mt-1 block text-room-300">An error code this console does not know yet.</span>
      )}
    </span>
  );
}
