import type { Metadata } from "next";
import { connection } from "next/server";
import { SessionView } from "@/components/sessions/session-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { arnParam } from "@/lib/routes";
import { paramsOf, parseViewState } from "@/lib/timeline/view-state";
import { attempt } from "@/server/ivs/attempt";
import { firstPageIfComplete } from "@/server/ivs/read-all";
import { upstream } from "@/server/ivs/upstream";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params, searchParams }: { params: Promise<{ arn: string; sessionId: string }>; searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const { arn, sessionId } = await params;
  const stageArn = arnParam(arn);
  const initialView = parseViewState(paramsOf(await searchParams));
  // The first paint carries the session and, when one page holds them all, its participants. Larger sessions
  // stream the rest into the browser with visible progress instead of holding the page behind the IVS quota.
  const [session, participants] = await Promise.all([
    attempt(() => upstream().read("GetStageSession", { stageArn, sessionId }, context)),
    attempt(() => firstPageIfComplete(context, "ListParticipants", { stageArn, sessionId, maxResults: 100 })),
  ]);
  if (!session.ok) return <ErrorPanel title="Could not load the session" error={session.error} />;
  return (
    <SessionView
      context={context}
      stageArn={stageArn}
      sessionId={sessionId}
      initialView={initialView}
      initialSession={session.data}
      {...(participants.ok && participants.data ? { initialParticipants: participants.data } : {})}
    />
  );
}
