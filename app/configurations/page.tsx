import type { Metadata } from "next";
import { connection } from "next/server";
import { ConfigurationsView } from "@/components/resources/configurations-view";
import { PageHeader } from "@/components/ui/page-header";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Configurations" };

export default async function ConfigurationsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  // First paint from the shared upstream cache; each section then polls on its own. A failed list shows its
  // error in its section and the others still render.
  const [encoders, storage, ingest, stages] = await Promise.all([
    attempt(() => readAllPages(context, "ListEncoderConfigurations", {})),
    attempt(() => readAllPages(context, "ListStorageConfigurations", {})),
    attempt(() => readAllPages(context, "ListIngestConfigurations", {})),
    attempt(() => readAllPages(context, "ListStages", { maxResults: 100 })),
  ]);
  return (
    <>
      <PageHeader
        title="Configurations"
        description="Encoder, storage and ingest configurations used by compositions, recordings and RTMP(S) publishers."
      />
      <ConfigurationsView context={context} initial={{ encoders, storage, ingest, stages }} />
    </>
  );
}
