import type { Metadata } from "next";
import { ParticipantView } from "@/components/sessions/participant-view";
import { arnParam } from "@/lib/routes";
import { paramsOf, parseViewState } from "@/lib/timeline/view-state";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Participant" };

export default async function ParticipantPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string; sessionId: string; participantId: string }>;
  searchParams: SearchParams;
}) {
  const context = await pageContext(searchParams);
  const { arn, sessionId, participantId } = await params;
  const initialView = parseViewState(paramsOf(await searchParams));
  return <ParticipantView context={context} stageArn={arnParam(arn)} sessionId={sessionId} participantId={participantId} initialView={initialView} />;
}
