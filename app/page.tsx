import type { Metadata } from "next";
import { connection } from "next/server";
import { OverviewView } from "@/components/overview/overview-view";
import { attempt } from "@/server/ivs/attempt";
import { readAllPages } from "@/server/ivs/read-all";
import { pageContext, type SearchParams } from "@/server/page-context";

export const metadata: Metadata = { title: "Overview" };

/**
 * The control-room wall. The server paints the stage and composition lists; the browser then polls them,
 * the participant counts of each live session, and the participant errors (`/api/overview`).
 */
export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const context = await pageContext(searchParams);
  const [stages, compositions] = await Promise.all([
    attempt(() => readAllPages(context, "ListStages", { maxResults: 100 })),
    attempt(() => readAllPages(context, "ListCompositions", {})),
  ]);
  // A failed first read is not fatal: the client retries and shows the error where the data would be.
  return (
    <OverviewView
      context={context}
      {...(stages.ok ? { initialStages: stages.data } : {})}
      {...(compositions.ok ? { initialCompositions: compositions.data } : {})}
    />
  );
}
