import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CoverageStatus } from "@/components/live/coverage-status";
import { FindUserView } from "@/components/troubleshoot/find-user-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SimpleTable } from "@/components/ui/simple-table";
import { arnId, formatDuration, formatTime } from "@/lib/format";
import { arnParam, link, routes } from "@/lib/routes";
import { recentSessions } from "@/lib/timeline/find-user";
import { attempt } from "@/server/ivs/attempt";
import { upstream } from "@/server/ivs/upstream";
import { observedRead } from "@/server/observe/reads";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Stage sessions" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A stage's sessions, newest first, and the find-a-user search scoped to this stage. */
export default async function StageSessionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: SearchParams;
}) {
  await connection();
  const context = await pageContext(searchParams);
  const stageArn = arnParam((await params).arn);
  const query = await searchParams;
  const userId = first(query.userId)?.trim().slice(0, 128);
  const [stage, sessions] = await Promise.all([
    attempt(() => upstream().read("GetStage", { arn: stageArn }, context)),
    attempt(() => observedRead("ListStageSessions", { stageArn, maxResults: 100 }, context)),
  ]);
  if (!stage.ok) return <ErrorPanel title="Could not load the stage" error={stage.error} />;
  const name = stage.data.data.stage?.name || arnId(stageArn);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-xs text-room-300">
          <Link href={link(context, routes.stage(stageArn))} className="text-accent hover:underline">
            ← Stage {name}
          </Link>
        </p>
        <h1 className="mt-1 text-xl font-semibold">Sessions of {name}</h1>
      </div>
      <section aria-labelledby="find-heading" className="space-y-2">
        <h2 id="find-heading" className="text-sm font-semibold">
          Find a user in this stage
        </h2>
        <FindUserView
          key={userId ?? ""}
          context={context}
          stageName={name}
          search={{ userId: userId ?? "", stageArn }}
        />
      </section>
      <section aria-labelledby="sessions-heading" className="space-y-2">
        <h2 id="sessions-heading" className="text-sm font-semibold">
          Sessions (newest first)
        </h2>
        {sessions.ok && sessions.data.coverage ? (
          <CoverageStatus coverage={sessions.data.coverage} label="Sessions observation" />
        ) : null}
        {sessions.ok ? (
          <SimpleTable
            caption="Sessions of this stage, newest first"
            rows={recentSessions(sessions.data.data.stageSessions ?? [])}
            rowKey={(s) => s.sessionId ?? ""}
            empty="This stage has had no sessions yet."
            columns={[
              {
                header: "Session",
                cell: (s) =>
                  s.sessionId ? (
                    <Link
                      href={link(context, routes.session(stageArn, s.sessionId))}
                      className="font-mono text-xs text-accent hover:underline"
                    >
                      {s.sessionId}
                    </Link>
                  ) : null,
              },
              { header: "Started", cell: (s) => <span className="font-mono text-xs">{formatTime(s.startTime)}</span> },
              {
                header: "Ended",
                cell: (s) => <span className="font-mono text-xs">{s.endTime ? formatTime(s.endTime) : "live"}</span>,
              },
              { header: "Duration", cell: (s) => (s.startTime ? formatDuration(s.startTime, s.endTime) : "—") },
            ]}
          />
        ) : (
          <ErrorPanel title="Could not list sessions" error={sessions.error} />
        )}
      </section>
    </div>
  );
}
