"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { inputClass } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import { CoverageStatus } from "@/components/live/coverage-status";
import { fetchConsoleJson } from "@/lib/api/fetch-json";
import { errorInfoOf } from "@/lib/api/reads";
import { contextParams, type ConsoleContext } from "@/lib/context";
import { arnId, formatTime } from "@/lib/format";
import { isComplete } from "@/lib/observe/coverage";
import { livePollInterval } from "@/lib/observe/live-status";
import { findUserKey, livePollMs, slowPollMs } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import type { Severity } from "@/lib/timeline/diagnosis";
import type { FindUserResult } from "@/lib/timeline/find-user";

export interface FindUserSearch {
  /** A user id, or part of one. */
  readonly userId: string;
  /** One stage, or every stage of the region. */
  readonly stageArn?: string;
}

function findUserUrl(context: ConsoleContext, search: FindUserSearch): string {
  const params = contextParams(context);
  params.set("q", search.userId);
  if (search.stageArn) params.set("stage", search.stageArn);
  return `/api/find-user?${params.toString()}`;
}

async function fetchFindUser(
  context: ConsoleContext,
  search: FindUserSearch,
  signal: AbortSignal,
): Promise<FindUserResult> {
  return fetchConsoleJson<FindUserResult>(findUserUrl(context, search), signal);
}

const dot: Record<Severity, string> = { critical: "bg-live", warning: "bg-warn", info: "bg-room-500", ok: "bg-ok" };

export function FindUserView({
  context,
  search,
  stageName,
}: {
  context: ConsoleContext;
  search?: FindUserSearch;
  stageName?: string;
}) {
  const router = useRouter();
  const [userId, setUserId] = useState(search?.userId ?? "");
  const [scope, setScope] = useState<"stage" | "all">(search?.stageArn ? "stage" : "all");
  const fixedStage = search?.stageArn;

  const query = useQuery<FindUserResult, Error, FindUserResult, ReturnType<typeof findUserKey>>({
    queryKey: findUserKey(context, search),
    enabled: Boolean(search?.userId),
    // The store answers at once; while it is still reading history, ask again so new appearances show up.
    refetchInterval: (q) =>
      livePollInterval(
        q.state.data && isComplete(q.state.data.coverage) && q.state.data.coverage.pendingSessions === 0
          ? slowPollMs
          : livePollMs,
      ),
    queryFn: ({ signal }): Promise<FindUserResult> => fetchFindUser(context, search ?? { userId: "" }, signal),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = userId.trim();
    if (!trimmed) return;
    router.replace(link(context, routes.findUser(trimmed, scope === "stage" ? fixedStage : undefined)));
  };

  const rows = query.data?.appearances ?? [];
  const running = query.isLoading;
  const coverage = query.data?.coverage;
  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" role="search" aria-label="Find a user">
        <label className="block text-xs text-room-300">
          User id, or part of it
          <input
            className={`${inputClass} mt-1 w-64`}
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            placeholder="e.g. guest-42 or guest"
            maxLength={128}
            required
          />
        </label>
        <label className="block text-xs text-room-300">
          Where
          <select
            className={`${inputClass} mt-1 w-56`}
            value={scope}
            onChange={(e) => setScope(e.target.value as "stage" | "all")}
          >
            {fixedStage ? <option value="stage">Stage {stageName ?? arnId(fixedStage)}</option> : null}
            <option value="all">Every stage in {context.region}</option>
          </select>
        </label>
        <Button type="submit" variant="primary" busy={running}>
          Find
        </Button>
      </form>

      {search?.userId ? (
        <section aria-labelledby="find-results" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="find-results" className="text-sm font-semibold">
              {rows.length} {rows.length === 1 ? "appearance" : "appearances"} matching{" "}
              <span className="font-mono">{search.userId}</span>
            </h2>
            {coverage ? (
              <div className="text-right text-xs text-room-300">
                <p>
                  Searched the {coverage.sessions} sessions the console has observed
                  {query.data?.truncated ? `; the first ${rows.length} matches shown` : ""}.
                </p>
                <CoverageStatus
                  label="Search coverage"
                  coverage={
                    coverage.pendingSessions > 0
                      ? {
                          ...coverage,
                          pending: coverage.pending + coverage.pendingSessions,
                          total: coverage.total + coverage.pendingSessions,
                        }
                      : coverage
                  }
                />
              </div>
            ) : null}
          </div>
          {query.error ? <ErrorPanel title="The search stopped" error={errorInfoOf(query.error)} /> : null}
          <SimpleTable
            caption={`Sessions where a user id matching ${search.userId} appeared, exact matches first, then newest first`}
            rows={rows}
            rowKey={(a) => `${a.stageArn}/${a.sessionId}/${a.participant.participantId}`}
            empty={running ? "Searching…" : `No participant with user id ${search.userId} in the sessions searched.`}
            columns={[
              { header: "User id", cell: (a) => <span className="font-mono text-xs">{a.participant.userId}</span> },
              {
                header: "First joined",
                cell: (a) => (
                  <span className="font-mono text-xs">{formatTime(a.participant.firstJoinTime ?? a.sessionStart)}</span>
                ),
              },
              {
                header: "Stage",
                cell: (a) => (
                  <Link href={link(context, routes.stage(a.stageArn))} className="text-accent hover:underline">
                    {a.stageName}
                  </Link>
                ),
              },
              {
                header: "Session",
                cell: (a) => (
                  <Link
                    href={link(context, routes.session(a.stageArn, a.sessionId))}
                    className="font-mono text-xs text-accent hover:underline"
                  >
                    {a.sessionId}
                  </Link>
                ),
              },
              {
                header: "Participant",
                cell: (a) =>
                  a.participant.participantId ? (
                    <Link
                      href={link(context, routes.participant(a.stageArn, a.sessionId, a.participant.participantId))}
                      className="font-mono text-xs text-accent hover:underline"
                    >
                      {a.participant.participantId}
                    </Link>
                  ) : null,
              },
              {
                header: "Outcome",
                cell: (a) => (
                  <span className="text-xs">
                    {a.outcome.joined ? "joined" : "never joined"} ·{" "}
                    {a.outcome.published ? "published" : "did not publish"} ·{" "}
                    {a.outcome.errors ? (
                      <span className="text-live">
                        {a.outcome.errors} errors ({a.outcome.codes.join(", ") || "no code"})
                      </span>
                    ) : (
                      "no errors"
                    )}
                    {a.participant.state === "CONNECTED" ? " · connected now" : ""}
                  </span>
                ),
              },
              {
                header: "Diagnosis",
                cell: (a) => (
                  <span className="flex items-center gap-1.5 text-xs">
                    <span
                      aria-hidden
                      className={`inline-block h-2 w-2 shrink-0 rounded-full ${dot[a.outcome.worst]}`}
                    />
                    {a.outcome.headline}
                  </span>
                ),
              },
            ]}
          />
        </section>
      ) : (
        <p className="text-sm text-room-300">
          Searches every session the console has observed (live ones and history within the retention period) for user
          ids that match exactly, start with or contain what you type, and tells how each appearance went from its
          events.
        </p>
      )}
    </div>
  );
}
