"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { inputClass } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import { errorInfoOf, fetchAllPages, fetchRead } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId, formatTime } from "@/lib/format";
import type { ParticipantSummary } from "@/lib/ivs/structures";
import { ivsKeys } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import { mapBounded } from "@/lib/timeline/concurrency";
import { diagnose, type Severity } from "@/lib/timeline/diagnosis";
import { outcomeOf, recentSessions, type Outcome } from "@/lib/timeline/find-user";
import { buildTimeline } from "@/lib/timeline/model";

export interface Appearance {
  readonly stageArn: string;
  readonly stageName: string;
  readonly sessionId: string;
  readonly sessionStart?: string;
  readonly sessionEnd?: string;
  readonly participant: ParticipantSummary;
  readonly outcome: Outcome;
}

interface Progress {
  readonly stages: readonly [number, number];
  readonly sessions: readonly [number, number];
  readonly checked: readonly [number, number];
}

export interface FindUserSearch {
  readonly userId: string;
  /** One stage, or every stage of the region. */
  readonly stageArn?: string;
  /** Newest sessions per stage to search; 0 = all. */
  readonly depth: number;
}

export const depthChoices = [10, 50, 0] as const;

/**
 * Where a user id appeared: ListStages (or one stage) → ListStageSessions → ListParticipants with
 * filterByUserId per session → ListParticipantEvents per appearance for its outcome. Every step runs with
 * bounded concurrency through the console's read route, which paces each operation to its IVS quota.
 */
async function searchUser(
  context: ConsoleContext,
  search: FindUserSearch,
  onProgress: (progress: Progress) => void,
  onFound: (appearances: Appearance[]) => void,
  signal: AbortSignal,
): Promise<Appearance[]> {
  let progress: Progress = { stages: [0, 0], sessions: [0, 0], checked: [0, 0] };
  const report = (patch: Partial<Progress>) => {
    progress = { ...progress, ...patch };
    onProgress(progress);
  };
  let stages: { arn: string; name: string }[];
  if (search.stageArn) {
    const stage = await fetchRead(context, "GetStage", { arn: search.stageArn }, signal);
    stages = [{ arn: search.stageArn, name: stage.data.stage?.name || arnId(search.stageArn) }];
  } else {
    const all = await fetchAllPages(context, "ListStages", { maxResults: 100 }, undefined, signal);
    stages = all.items.filter((s) => s.arn).map((s) => ({ arn: s.arn ?? "", name: s.name || arnId(s.arn ?? "") }));
  }
  report({ stages: [0, stages.length] });

  const sessions: { stage: { arn: string; name: string }; sessionId: string; startTime?: string; endTime?: string }[] = [];
  await mapBounded(
    stages,
    2,
    async (stage) => {
      const list = await fetchAllPages(context, "ListStageSessions", { stageArn: stage.arn, maxResults: 100 }, undefined, signal);
      for (const s of recentSessions(list.items, search.depth || undefined)) {
        if (s.sessionId) sessions.push({ stage, sessionId: s.sessionId, ...(s.startTime ? { startTime: s.startTime } : {}), ...(s.endTime ? { endTime: s.endTime } : {}) });
      }
      report({ sessions: [progress.sessions[0], sessions.length] });
    },
    { onProgress: (done, total) => report({ stages: [done, total] }), signal },
  );

  const found: Appearance[] = [];
  const pending: { session: (typeof sessions)[number]; participant: ParticipantSummary }[] = [];
  await mapBounded(
    sessions,
    4,
    async (session) => {
      const list = await fetchAllPages(context, "ListParticipants", { stageArn: session.stage.arn, sessionId: session.sessionId, filterByUserId: search.userId, maxResults: 100 }, undefined, signal);
      for (const participant of list.items) pending.push({ session, participant });
    },
    { onProgress: (done, total) => report({ sessions: [done, total], checked: [progress.checked[0], pending.length] }), signal },
  );

  report({ checked: [0, pending.length] });
  await mapBounded(
    pending,
    4,
    async ({ session, participant }) => {
      const participantId = participant.participantId ?? "";
      const events = await fetchAllPages(context, "ListParticipantEvents", { stageArn: session.stage.arn, sessionId: session.sessionId, participantId, maxResults: 100 }, undefined, signal);
      const timeline = buildTimeline(events.items, {
        now: events.fetchedAt,
        ...(session.endTime ? { sessionEnd: Date.parse(session.endTime) } : {}),
        ...(participant.state ? { participantState: participant.state } : {}),
        participantId,
      });
      found.push({
        stageArn: session.stage.arn,
        stageName: session.stage.name,
        sessionId: session.sessionId,
        ...(session.startTime ? { sessionStart: session.startTime } : {}),
        ...(session.endTime ? { sessionEnd: session.endTime } : {}),
        participant,
        outcome: outcomeOf(participant, timeline, diagnose(timeline, { ...(participant.userId ? { userId: participant.userId } : {}) })),
      });
      onFound(sortAppearances(found));
    },
    { onProgress: (done, total) => report({ checked: [done, total] }), signal },
  );
  return sortAppearances(found);
}

function sortAppearances(items: readonly Appearance[]): Appearance[] {
  return [...items].sort((a, b) => (b.participant.firstJoinTime ?? b.sessionStart ?? "").localeCompare(a.participant.firstJoinTime ?? a.sessionStart ?? ""));
}

const dot: Record<Severity, string> = { critical: "bg-live", warning: "bg-warn", info: "bg-room-500", ok: "bg-ok" };

export function FindUserView({ context, search, stageName }: { context: ConsoleContext; search?: FindUserSearch; stageName?: string }) {
  const router = useRouter();
  const [userId, setUserId] = useState(search?.userId ?? "");
  const [scope, setScope] = useState<"stage" | "all">(search?.stageArn ? "stage" : "all");
  const [depth, setDepth] = useState(String(search?.depth ?? 10));
  const [progress, setProgress] = useState<Progress | undefined>();
  const [partial, setPartial] = useState<Appearance[]>([]);
  const fixedStage = search?.stageArn;

  const query = useQuery({
    queryKey: [...ivsKeys.all(context), "find-user", search ?? null] as const,
    enabled: Boolean(search?.userId),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    queryFn: ({ signal }) => {
      setPartial([]);
      return search ? searchUser(context, search, setProgress, setPartial, signal) : Promise.resolve([]);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = userId.trim();
    if (!trimmed) return;
    const path = routes.findUser(trimmed, scope === "stage" ? fixedStage : undefined);
    const withDepth = `${path}&depth=${Number(depth) || 0}`;
    router.replace(link(context, withDepth));
  };

  const rows = query.data ?? partial;
  const running = query.isFetching;
  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" role="search" aria-label="Find a user">
        <label className="block text-xs text-room-300">
          User id (exact)
          <input className={`${inputClass} mt-1 w-64`} value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="e.g. guest-42" maxLength={128} required />
        </label>
        <label className="block text-xs text-room-300">
          Where
          <select className={`${inputClass} mt-1 w-56`} value={scope} onChange={(e) => setScope(e.target.value as "stage" | "all")}>
            {fixedStage ? <option value="stage">Stage {stageName ?? arnId(fixedStage)}</option> : null}
            <option value="all">Every stage in {context.region}</option>
          </select>
        </label>
        <label className="block text-xs text-room-300">
          Sessions per stage
          <select className={`${inputClass} mt-1 w-40`} value={depth} onChange={(e) => setDepth(e.target.value)}>
            {depthChoices.map((d) => (
              <option key={d} value={d}>
                {d ? `${d} newest` : "All"}
              </option>
            ))}
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
              {rows.length} {rows.length === 1 ? "appearance" : "appearances"} of <span className="font-mono">{search.userId}</span>
            </h2>
            {progress ? (
              <p className="text-xs text-room-300" aria-live="polite" data-testid="find-progress">
                {running ? "Searching: " : "Searched "}
                {progress.stages[1]} {progress.stages[1] === 1 ? "stage" : "stages"}, {progress.sessions[0]} of {progress.sessions[1]} sessions; checked {progress.checked[0]} of {progress.checked[1]} appearances
              </p>
            ) : null}
          </div>
          {query.error ? <ErrorPanel title="The search stopped" error={errorInfoOf(query.error)} /> : null}
          <SimpleTable
            caption={`Sessions where ${search.userId} appeared, newest first`}
            rows={rows}
            rowKey={(a) => `${a.stageArn}/${a.sessionId}/${a.participant.participantId}`}
            empty={running ? "Searching…" : `No participant with user id ${search.userId} in the sessions searched.`}
            columns={[
              { header: "First joined", cell: (a) => <span className="font-mono text-xs">{formatTime(a.participant.firstJoinTime ?? a.sessionStart)}</span> },
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
                  <Link href={link(context, routes.session(a.stageArn, a.sessionId))} className="font-mono text-xs text-accent hover:underline">
                    {a.sessionId}
                  </Link>
                ),
              },
              {
                header: "Participant",
                cell: (a) =>
                  a.participant.participantId ? (
                    <Link href={link(context, routes.participant(a.stageArn, a.sessionId, a.participant.participantId))} className="font-mono text-xs text-accent hover:underline">
                      {a.participant.participantId}
                    </Link>
                  ) : null,
              },
              {
                header: "Outcome",
                cell: (a) => (
                  <span className="text-xs">
                    {a.outcome.joined ? "joined" : "never joined"} · {a.outcome.published ? "published" : "did not publish"} ·{" "}
                    {a.outcome.errors ? <span className="text-live">{a.outcome.errors} errors ({a.outcome.codes.join(", ") || "no code"})</span> : "no errors"}
                    {a.participant.state === "CONNECTED" ? " · connected now" : ""}
                  </span>
                ),
              },
              {
                header: "Diagnosis",
                cell: (a) => (
                  <span className="flex items-center gap-1.5 text-xs">
                    <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${dot[a.outcome.worst]}`} />
                    {a.outcome.headline}
                  </span>
                ),
              },
            ]}
          />
        </section>
      ) : (
        <p className="text-sm text-room-300">
          Searches each session with ListParticipants (filter by user id), then reads the events of every appearance to tell how it went. IVS allows about 5 of each call per
          second, so a wide search takes a while; results appear as they are found.
        </p>
      )}
    </div>
  );
}
