import type { Metadata } from "next";
import { connection } from "next/server";
import { SessionView } from "@/components/sessions/session-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { arnParam } from "@/lib/routes";
import { paramsOf, parseViewState } from "@/lib/timeline/view-state";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { observedRead } from "@/server/observe/reads";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string; sessionId: string }>;
  searchParams: SearchParams;
}) {
  await connection();
  const context = await pageContext(searchParams);
  const { arn, sessionId } = await params;
  const stageArn = arnParam(arn);
  const initialView = parseViewState(paramsOf(await searchParams));
  // The first paint carries the session and every participant the observation store has (no IVS call when
  // the session is observed); the page then follows the store by push and says how complete it is.
  const [session, participants] = await Promise.all([
    attempt(() => observedRead("GetStageSession", { stageArn, sessionId }, context)),
    attempt(() => readAllPages(context, "ListParticipants", { stageArn, sessionId, maxResults: 100 })),
  ]);
  if (!session.ok) return <ErrorPanel title="Could not load the session" error={session.error} />;
  return (
    <SessionView
      context={context}
      stageArn={stageArn}
      sessionId={sessionId}
      initialView={initialView}
      initialSession={session.data}
      {...(participants.ok ? { initialParticipants: participants.data } : {})}
    />
  );
}
