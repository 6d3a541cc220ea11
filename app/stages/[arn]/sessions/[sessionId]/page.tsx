import type { Metadata } from "next";
import { SessionView } from "@/components/sessions/session-view";
import { arnParam } from "@/lib/routes";
import { paramsOf, parseViewState } from "@/lib/timeline/view-state";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params, searchParams }: { params: Promise<{ arn: string; sessionId: string }>; searchParams: SearchParams }) {
  const context = await pageContext(searchParams);
  const { arn, sessionId } = await params;
  const initialView = parseViewState(paramsOf(await searchParams));
  return <SessionView context={context} stageArn={arnParam(arn)} sessionId={sessionId} initialView={initialView} />;
}
