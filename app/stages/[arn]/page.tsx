import type { Metadata } from "next";
import { connection } from "next/server";
import { StageDetail } from "@/components/stages/stage-detail";
import { ErrorPanel } from "@/components/ui/error-panel";
import { arnParam } from "@/lib/routes";
import { attempt } from "@/server/ivs/attempt";
import { upstream } from "@/server/ivs/upstream";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Stage" };

export default async function StagePage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: SearchParams;
}) {
  await connection();
  const context = await pageContext(searchParams);
  const stageArn = arnParam((await params).arn);
  const stage = await attempt(() => upstream().read("GetStage", { arn: stageArn }, context));
  if (!stage.ok) return <ErrorPanel title="Could not load the stage" error={stage.error} />;
  return <StageDetail context={context} stageArn={stageArn} initial={stage.data} />;
}
