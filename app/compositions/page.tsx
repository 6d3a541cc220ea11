import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CompositionsView } from "@/components/compositions/compositions-view";
import { compositionListInput, filtersFromParams } from "@/components/compositions/filters";
import { PageHeader } from "@/components/ui/page-header";
import { link, routes } from "@/lib/routes";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Compositions" };

export default async function CompositionsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const filters = filtersFromParams(await searchParams, context.region);
  const [compositions, stages, encoders] = await Promise.all([
    attempt(() => readAllPages(context, "ListCompositions", compositionListInput(filters))),
    attempt(() => readAllPages(context, "ListStages", { maxResults: 100 })),
    attempt(() => readAllPages(context, "ListEncoderConfigurations", {})),
  ]);
  return (
    // A failed first read is not fatal: the client view retries and shows the error itself.
    <>
      <PageHeader
        title="Compositions"
        description="Server-side compositions: each mixes a stage's publishers into one video and sends it to an IVS channel and/or records it to S3."
      >
        <Link
          href={link(context, routes.designer())}
          className="rounded bg-accent px-3 py-1.5 text-sm font-medium text-room-950 hover:bg-accent/90"
        >
          Design a composition
        </Link>
      </PageHeader>
      <CompositionsView
        context={context}
        initialFilters={filters}
        {...(compositions.ok ? { initial: compositions.data } : {})}
        {...(stages.ok ? { initialStages: stages.data } : {})}
        {...(encoders.ok ? { initialEncoders: encoders.data } : {})}
      />
    </>
  );
}
