import type { Metadata } from "next";
import { connection } from "next/server";
import { CreateStageButton } from "@/components/stages/create-stage-button";
import { StagesView } from "@/components/stages/stages-view";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Stages" };

export default async function StagesPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const [stages, storage] = await Promise.all([
    attempt(() => readAllPages(context, "ListStages", { maxResults: 100 })),
    attempt(() => readAllPages(context, "ListStorageConfigurations", {})),
  ]);
  return (
    <>
      <PageHeader
        title="Stages"
        description="Every stage in this account and region; live ones carry an active session."
      >
        <CreateStageButton context={context} storageConfigurations={storage.ok ? storage.data.items : []} />
      </PageHeader>
      {stages.ok ? (
        <StagesView context={context} initial={stages.data} />
      ) : (
        <ErrorPanel title="Could not list stages" error={stages.error} />
      )}
    </>
  );
}
