"use client";

import { CompositionLink } from "@/components/compositions/composition-link";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { useViewStore } from "@/components/hooks/use-view-store";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { inputClass } from "@/components/ui/field";
import { Freshness } from "@/components/ui/freshness";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { errorInfoOf, type AllPages, type ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatDuration } from "@/lib/format";
import { livePollMs } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import {
  applyCompositionFilters,
  canStop,
  compositionListInput,
  filtersToParams,
  hasFilters,
  isRunning,
  noFilters,
  showValues,
  sortCompositions,
  type CompositionFilters,
  type CompositionSummary,
  type Show,
} from "./filters";
import { CompositionStateBadge, DestinationStates } from "./state-badge";
import { StopCompositionButton } from "./stop-composition";

type Stage = ListItem<"ListStages">;
type Encoder = ListItem<"ListEncoderConfigurations">;

const showLabels: Record<Show, string> = { all: "All", running: "Running", ended: "Ended" };

/** Re-renders every second so that durations of running compositions move. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function CompositionsView({
  context,
  initialFilters,
  initial,
  initialStages,
  initialEncoders,
}: {
  context: ConsoleContext;
  initialFilters: CompositionFilters;
  initial?: AllPages<CompositionSummary>;
  initialStages?: AllPages<Stage>;
  initialEncoders?: AllPages<Encoder>;
}) {
  // The URL keeps the filters (shareable, survives reload) without a server round trip.
  const [filters, change, replaceFilters] = useViewStore(initialFilters, { write: filtersToParams });
  const hydrated = useHydrated();
  const input = compositionListInput(filters);
  const initialInput = compositionListInput(initialFilters);
  const sameAsInitial = JSON.stringify(input) === JSON.stringify(initialInput);
  const compositions = useAllPages(context, "ListCompositions", input, {
    pollMs: livePollMs,
    ...(sameAsInitial && initial ? { initialData: initial } : {}),
  });
  const stages = useAllPages(
    context,
    "ListStages",
    { maxResults: 100 },
    initialStages ? { initialData: initialStages } : {},
  );
  const encoders = useAllPages(
    context,
    "ListEncoderConfigurations",
    {},
    initialEncoders ? { initialData: initialEncoders } : {},
  );
  const now = useNow();

  const stageNames = useMemo(
    () => new Map((stages.data?.items ?? []).map((s) => [s.arn, s.name ?? ""])),
    [stages.data],
  );
  const rows = useMemo(
    () => sortCompositions(applyCompositionFilters(compositions.data?.items ?? [], filters)),
    [compositions.data, filters],
  );
  const running = rows.filter((c) => isRunning(c.state)).length;

  const stageOptions = [...(stages.data?.items ?? [])].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  const encoderOptions = [...(encoders.data?.items ?? [])].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  const filterActive = hasFilters(filters);

  return (
    <section aria-label="Composition list">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-xs text-room-300">
            Stage
            <select
              disabled={!hydrated}
              aria-label="Filter by stage"
              className={`${inputClass} mt-1 w-56`}
              value={filters.stageArn ?? ""}
              onChange={(e) => change({ stageArn: e.target.value || undefined })}
            >
              <option value="">All stages</option>
              {filters.stageArn && !stageNames.has(filters.stageArn) ? (
                <option value={filters.stageArn}>{arnId(filters.stageArn)}</option>
              ) : null}
              {stageOptions.map((s) => (
                <option key={s.arn} value={s.arn}>
                  {s.name ? `${s.name} (${arnId(s.arn)})` : arnId(s.arn)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-xs text-room-300">
            Encoder configuration
            <select
              disabled={!hydrated}
              aria-label="Filter by encoder configuration"
              className={`${inputClass} mt-1 w-56`}
              value={filters.encoderConfigurationArn ?? ""}
              onChange={(e) => change({ encoderConfigurationArn: e.target.value || undefined })}
            >
              <option value="">Any encoder configuration</option>
              {filters.encoderConfigurationArn &&
              !encoderOptions.some((e) => e.arn === filters.encoderConfigurationArn) ? (
                <option value={filters.encoderConfigurationArn}>{arnId(filters.encoderConfigurationArn)}</option>
              ) : null}
              {encoderOptions.map((e) => (
                <option key={e.arn} value={e.arn}>
                  {e.name ? `${e.name} (${arnId(e.arn)})` : arnId(e.arn)}
                </option>
              ))}
            </select>
          </label>
          <div
            role="radiogroup"
            aria-label="Show"
            className="flex overflow-hidden rounded border border-room-700 text-xs"
          >
            {showValues.map((value) => (
              <button
                key={value}
                type="button"
                role="radio"
                disabled={!hydrated}
                aria-checked={filters.show === value}
                onClick={() => change({ show: value })}
                className={`px-3 py-1.5 ${filters.show === value ? "bg-room-700 text-room-100" : "text-room-300 hover:bg-room-850"}`}
              >
                {showLabels[value]}
              </button>
            ))}
          </div>
          {filterActive ? (
            <Button variant="ghost" onClick={() => replaceFilters(noFilters)}>
              Clear filters
            </Button>
          ) : null}
          <p className="pb-1.5 text-xs text-room-300" aria-live="polite">
            {compositions.isLoading ? "Loading compositions…" : `${rows.length} shown · ${running} running`}
          </p>
        </div>
        <Freshness
          fetchedAt={compositions.data?.fetchedAt}
          degraded={compositions.data?.degraded}
          error={compositions.error ? errorInfoOf(compositions.error) : null}
        />
      </div>
      {compositions.error && !compositions.data ? (
        <ErrorPanel title="Could not list compositions" error={errorInfoOf(compositions.error)} />
      ) : null}
      <SimpleTable
        caption="Compositions"
        rows={rows}
        rowKey={(c) => c.arn}
        empty={
          compositions.isLoading
            ? "Loading compositions…"
            : filterActive
              ? "No composition matches these filters. Clear them to see every composition of this region."
              : "No compositions in this region. A composition mixes a live stage into a channel or an S3 recording: design and start one with \u201cDesign a composition\u201d."
        }
        columns={[
          {
            header: "Composition",
            cell: (c) => <CompositionLink context={context} arn={c.arn} />,
          },
          {
            header: "Stage",
            cell: (c) => {
              const name = stageNames.get(c.stageArn);
              return (
                <Link href={link(context, routes.stage(c.stageArn))} className="text-accent hover:underline">
                  {name || <code className="font-mono text-xs">{arnId(c.stageArn)}</code>}
                </Link>
              );
            },
          },
          { header: "State", cell: (c) => <CompositionStateBadge state={c.state} /> },
          { header: "Destinations", cell: (c) => <DestinationStates destinations={c.destinations} /> },
          { header: "Started", cell: (c) => <Time iso={c.startTime} className="font-mono text-xs" /> },
          {
            header: "Duration",
            cell: (c) => (
              <span className="text-xs" suppressHydrationWarning>
                {c.startTime ? formatDuration(c.startTime, c.endTime, now) : "—"}
              </span>
            ),
          },
          {
            header: "Actions",
            cell: (c) =>
              canStop(c.state) ? (
                <StopCompositionButton
                  context={context}
                  compositionArn={c.arn}
                  stageName={stageNames.get(c.stageArn)}
                  compact
                />
              ) : null,
          },
        ]}
      />
      <p className="mt-2 text-xs text-room-300">
        Stopped and failed compositions stay listed for a few minutes, then IVS deletes them.
      </p>
    </section>
  );
}
