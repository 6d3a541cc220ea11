import type { Metadata } from "next";
import { connection } from "next/server";
import { ParticipantView } from "@/components/sessions/participant-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { arnParam } from "@/lib/routes";
import { paramsOf, parseViewState } from "@/lib/timeline/view-state";
import { attempt } from "@/server/ivs/attempt";
import { observedRead } from "@/server/observe/reads";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Participant" };

export default async function ParticipantPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string; sessionId: string; participantId: string }>;
  searchParams: SearchParams;
}) {
  await connection();
  const context = await pageContext(searchParams);
  const { arn, sessionId, participantId } = await params;
  const stageArn = arnParam(arn);
  const initialView = parseViewState(paramsOf(await searchParams));
  // The participant's facts are in the first paint (from the observation store); the timeline loads after the page.
  const [participant, session] = await Promise.all([
    attempt(() => observedRead("GetParticipant", { stageArn, sessionId, participantId }, context)),
    attempt(() => observedRead("GetStageSession", { stageArn, sessionId }, context)),
  ]);
  if (!participant.ok) return <ErrorPanel title="Could not load the participant" error={participant.error} />;
  return (
    <ParticipantView
      context={context}
      stageArn={stageArn}
      sessionId={sessionId}
      participantId={participantId}
      initialView={initialView}
      initialParticipant={participant.data}
      {...(session.ok ? { initialSession: session.data } : {})}
    />
  );
}
