"use client";

import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { LiveBadge } from "@/components/badges/live-badge";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { useViewStore } from "@/components/hooks/use-view-store";
import { ErrorPanel } from "@/components/ui/error-panel";
import { TextInput } from "@/components/ui/field";
import { Freshness } from "@/components/ui/freshness";
import { SortableTable } from "@/components/ui/sortable-table";
import { errorInfoOf, type AllPages, type ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatTags } from "@/lib/format";
import { livePollMs, sessionQueries } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";

type Stage = ListItem<"ListStages">;
type LiveFilter = "all" | "live" | "idle";
const noStageFilter = { search: "", live: "all" as LiveFilter };

export function matchesStage(stage: Stage, search: string, live: LiveFilter): boolean {
  if (live === "live" && !stage.activeSessionId) return false;
  if (live === "idle" && stage.activeSessionId) return false;
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [stage.name ?? "", arnId(stage.arn), formatTags(stage.tags)].join(" ").toLowerCase();
  return haystack.includes(needle);
}

export function StagesView({ context, initial }: { context: ConsoleContext; initial: AllPages<Stage> }) {
  const [{ search, live }, setFilter] = useViewStore<{ search: string; live: LiveFilter }>(noStageFilter);
  const stages = useAllPages(context, "ListStages", { maxResults: 100 }, { pollMs: livePollMs, initialData: initial });
  const rows = useMemo(
    () => (stages.data?.items ?? []).filter((s) => matchesStage(s, search, live)),
    [stages.data, search, live],
  );
  const liveCount = stages.data?.items.filter((s) => s.activeSessionId).length ?? 0;
  // Connected and publisher counts of every live stage, from the observation store (as the overview has them).
  const liveStages = useMemo(
    () =>
      (stages.data?.items ?? []).filter((s): s is Stage & { activeSessionId: string } => Boolean(s.activeSessionId)),
    [stages.data],
  );
  const participantQueries = useQueries({
    queries: liveStages.map((stage) => sessionQueries(context, stage.arn, stage.activeSessionId).participants()),
  });
  // Counted here (not with the overview's model, which brings the error catalog into this page's first load).
  const counts = new Map<string, { connected: number; publishers: number; truncated: boolean }>();
  liveStages.forEach((stage, index) => {
    const data = participantQueries[index]?.data;
    if (!data) return;
    const connected = data.data.participants.filter((p) => p.state === "CONNECTED");
    counts.set(stage.arn, {
      connected: connected.length,
      publishers: connected.filter((p) => p.published).length,
      truncated: Boolean(data.data.nextToken),
    });
  });
  const countCell = (stage: Stage, key: "connected" | "publishers") => {
    if (!stage.activeSessionId) return <span className="text-room-300">—</span>;
    const count = counts.get(stage.arn);
    return count ? `${count[key]}${count.truncated ? "+" : ""}` : "…";
  };

  return (
    <section aria-label="Stage list">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div className="flex items-end gap-3">
          <label className="block text-xs text-room-300">
            Search
            <TextInput
              className="mt-1 w-72"
              type="search"
              value={search}
              onChange={(e) => setFilter({ search: e.target.value })}
              placeholder="name, id or tag"
              aria-label="Search stages"
            />
          </label>
          <div
            role="radiogroup"
            aria-label="Show"
            className="flex overflow-hidden rounded border border-room-700 text-xs"
          >
            {(["all", "live", "idle"] as const).map((value) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={live === value}
                onClick={() => setFilter({ live: value })}
                className={`px-3 py-1.5 capitalize ${live === value ? "bg-room-700 text-room-100" : "text-room-300 hover:bg-room-850"}`}
              >
                {value}
              </button>
            ))}
          </div>
          <p className="pb-1.5 text-xs text-room-300" aria-live="polite">
            {stages.isFetching && stages.progress.pages > 0 && stages.isLoading
              ? `Loading… ${stages.progress.loaded} stages (${stages.progress.pages} pages)`
              : `${rows.length} of ${stages.data?.items.length ?? 0} stages · ${liveCount} live`}
          </p>
        </div>
        <Freshness
          fetchedAt={stages.data?.fetchedAt}
          degraded={stages.data?.degraded}
          error={stages.error ? errorInfoOf(stages.error) : null}
        />
      </div>
      {stages.error && !stages.data ? (
        <ErrorPanel title="Could not list stages" error={errorInfoOf(stages.error)} />
      ) : null}
      <SortableTable
        caption="Stages"
        rows={rows}
        rowKey={(stage) => stage.arn}
        empty={
          stages.data?.items.length
            ? "No stage matches the search."
            : "No stages in this region yet. Create one to get started."
        }
        columns={[
          {
            header: "Name",
            sortValue: (stage) => stage.name ?? "",
            cell: (stage) => (
              <Link href={link(context, routes.stage(stage.arn))} className="text-accent hover:underline">
                {stage.name || "(unnamed)"}
              </Link>
            ),
          },
          {
            header: "Stage id",
            sortValue: (stage) => arnId(stage.arn),
            cell: (stage) => <code className="font-mono text-xs">{arnId(stage.arn)}</code>,
          },
          {
            header: "Status",
            sortValue: (stage) => (stage.activeSessionId ? 0 : 1),
            cell: (stage) => <LiveBadge live={Boolean(stage.activeSessionId)} />,
          },
          {
            header: "Connected",
            className: "font-mono",
            sortValue: (stage) => counts.get(stage.arn)?.connected ?? -1,
            cell: (stage) => countCell(stage, "connected"),
          },
          {
            header: "Publishers",
            className: "font-mono",
            sortValue: (stage) => counts.get(stage.arn)?.publishers ?? -1,
            cell: (stage) => countCell(stage, "publishers"),
          },
          {
            header: "Session",
            cell: (stage) =>
              stage.activeSessionId ? (
                <Link
                  href={link(context, routes.session(stage.arn, stage.activeSessionId))}
                  className="font-mono text-xs text-accent hover:underline"
                  aria-label={`Live session ${stage.activeSessionId} of ${stage.name || arnId(stage.arn)}`}
                >
                  {stage.activeSessionId}
                </Link>
              ) : null,
          },
          { header: "Tags", cell: (stage) => <span className="text-xs text-room-300">{formatTags(stage.tags)}</span> },
        ]}
      />
    </section>
  );
}
